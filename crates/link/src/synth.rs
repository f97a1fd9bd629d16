//! A generator of realistic Thai person registers with known truth, for tests and benchmarks.
//!
//! Two files share a proportion of people (`overlap`); every record carries `entity_id`, the
//! truth. File A is tidy (title in its own column, ISO dates in CE); file B is what another
//! agency would hold: day-first dates in the Buddhist era (some slipped into CE), titles glued to
//! given names, typing errors, missing tone marks, given and family names swapped, names written
//! in RTGS Latin, zero-width characters and doubled sara e, ID typos, people who moved province,
//! and missing values.
//! Name frequencies are skewed (a few names are very common) so term-frequency adjustment matters.

use crate::rng::SplitMix;
use crate::table::Table;

/// Generator settings.
#[derive(Clone, Debug)]
pub struct SynthOptions {
    /// Records per file.
    pub records: usize,
    /// Share of file B's records that are people of file A.
    pub overlap: f64,
    /// Random seed.
    pub seed: u64,
}

/// The name lists the generator draws from.
pub struct NamePools {
    /// Male given names.
    pub male: Vec<String>,
    /// Female given names.
    pub female: Vec<String>,
    /// Family names.
    pub family: Vec<String>,
}

// Common Thai given and family names, few enough that many people share them: the pools of
// small registers for tests and the demo (the benchmarks load long lists with `NamePools::load`).
const SAMPLE_MALE: [&str; 12] =
    ["สมชาย", "สมศักดิ์", "ประเสริฐ", "วิชัย", "สุรชัย", "ธนากร", "อนุชา", "กิตติพงษ์", "ณัฐพล", "ชัยวัฒน์", "สมพงษ์", "วีระ"];
const SAMPLE_FEMALE: [&str; 12] =
    ["มาลี", "สมหญิง", "วันเพ็ญ", "สุนันทา", "กาญจนา", "พรทิพย์", "อรุณี", "ศิริพร", "นภา", "รัตนา", "จันทร์เพ็ญ", "สุดา"];
const SAMPLE_FAMILY: [&str; 14] = [
    "ใจดี",
    "ศรีสุข",
    "แก้วมณี",
    "บุญมา",
    "ทองดี",
    "สุขสวัสดิ์",
    "จันทร์แก้ว",
    "พรหมมา",
    "วงศ์ใหญ่",
    "รักษาศรี",
    "มีสุข",
    "ชัยมงคล",
    "สายทอง",
    "ปัญญาดี",
];

impl NamePools {
    /// A dozen common names of each kind (see `SAMPLE_MALE`): small registers for tests and demos.
    pub fn sample() -> NamePools {
        let list = |names: &[&str]| names.iter().map(|n| n.to_string()).collect();
        NamePools { male: list(&SAMPLE_MALE), female: list(&SAMPLE_FEMALE), family: list(&SAMPLE_FAMILY) }
    }

    /// Reads the three lists (one name a line) from a folder with `person_names_male_th.txt`,
    /// `person_names_female_th.txt` and `family_names_th.txt`.
    pub fn load(dir: &std::path::Path) -> crate::error::Result<NamePools> {
        let read = |file: &str| -> crate::error::Result<Vec<String>> {
            let path = dir.join(file);
            let text = std::fs::read_to_string(&path).map_err(|e| crate::error::Error::io(&path, e))?;
            let names: Vec<String> = text.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect();
            if names.is_empty() {
                return Err(crate::error::Error::new(crate::error::ErrorKind::Empty { path }));
            }
            Ok(names)
        };
        Ok(NamePools {
            male: read("person_names_male_th.txt")?,
            female: read("person_names_female_th.txt")?,
            family: read("family_names_th.txt")?,
        })
    }
}

struct Person {
    entity: usize,
    male: bool,
    given: String,
    family: String,
    year: i32,
    month: u8,
    day: u8,
    nid: String,
    province: u8,
}

const PROVINCES: &[u8] = &[
    10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
    41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 60, 61, 62, 63, 64, 65, 66, 67, 70, 71, 72,
    73, 74, 75, 76, 77, 80, 81, 82, 83, 84, 85, 86, 90, 91, 92, 93, 94, 95, 96,
];

const THAI_CONSONANTS: &[char] =
    &['ก', 'ข', 'ค', 'ง', 'จ', 'ช', 'ด', 'ต', 'ท', 'น', 'บ', 'ป', 'พ', 'ม', 'ย', 'ร', 'ล', 'ว', 'ส', 'ห', 'อ'];

/// Skewed choice: low indexes are far more likely (a rough Zipf shape).
fn skewed(rng: &mut SplitMix, n: usize) -> usize {
    let u = rng.unit();
    ((u * u) * n as f64) as usize % n
}

fn national_id(rng: &mut SplitMix) -> String {
    let mut digits = [0u8; 13];
    digits[0] = 1 + rng.below(8) as u8;
    for d in digits.iter_mut().take(12).skip(1) {
        *d = rng.below(10) as u8;
    }
    digits[12] = crate::nid::check_digit(&digits[..12]);
    digits.iter().map(|d| char::from(b'0' + d)).collect()
}

fn typo(text: &str, rng: &mut SplitMix) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    if chars.len() < 2 {
        return text.to_string();
    }
    let at = rng.below(chars.len() as u64) as usize;
    match rng.below(3) {
        0 => chars[at] = THAI_CONSONANTS[rng.below(THAI_CONSONANTS.len() as u64) as usize],
        1 => {
            chars.remove(at);
        }
        _ => chars.insert(at, THAI_CONSONANTS[rng.below(THAI_CONSONANTS.len() as u64) as usize]),
    }
    chars.into_iter().collect()
}

fn id_typo(nid: &str, rng: &mut SplitMix) -> String {
    let mut digits: Vec<char> = nid.chars().collect();
    let at = rng.below(12) as usize;
    if rng.below(2) == 0 {
        digits.swap(at, at + 1);
    } else {
        let old = digits[at];
        while digits[at] == old {
            digits[at] = char::from(b'0' + rng.below(10) as u8);
        }
    }
    digits.into_iter().collect()
}

/// Generates files A and B. Columns: `rec_id, entity_id, title, given_name, family_name, sex,
/// dob, national_id, province`.
pub fn generate(pools: &NamePools, options: &SynthOptions) -> (Table, Table) {
    let mut rng = SplitMix(options.seed);
    let n = options.records;
    let new_person = |entity: usize, rng: &mut SplitMix| -> Person {
        let male = rng.below(2) == 0;
        let list = if male { &pools.male } else { &pools.female };
        Person {
            entity,
            male,
            given: list[skewed(rng, list.len())].clone(),
            family: pools.family[skewed(rng, pools.family.len())].clone(),
            year: 1940 + rng.below(70) as i32,
            month: 1 + rng.below(12) as u8,
            day: 1 + rng.below(28) as u8,
            nid: national_id(rng),
            province: PROVINCES[skewed(rng, PROVINCES.len())],
        }
    };
    let people: Vec<Person> = (0..n).map(|e| new_person(e, &mut rng)).collect();
    let columns: Vec<String> =
        ["rec_id", "entity_id", "title", "given_name", "family_name", "sex", "dob", "national_id", "province"]
            .iter()
            .map(|s| s.to_string())
            .collect();
    let title_of = |p: &Person, rng: &mut SplitMix| -> &'static str {
        match (p.male, p.year > 2000, rng.below(3)) {
            (true, true, _) => "ด.ช.",
            (false, true, _) => "ด.ญ.",
            (true, false, _) => "นาย",
            (false, false, 0) => "นาง",
            (false, false, _) => "นางสาว",
        }
    };
    let mut a = Table::new("synthetic A", columns.clone());
    for p in &people {
        let title = title_of(p, &mut rng);
        let dob = format!("{:04}-{:02}-{:02}", p.year, p.month, p.day);
        let nid = (rng.unit() >= 0.02).then(|| p.nid.clone());
        a.push_row(
            [
                Some(format!("a{}", p.entity)),
                Some(p.entity.to_string()),
                Some(title.to_string()),
                Some(p.given.clone()),
                Some(p.family.clone()),
                Some(if p.male { "M" } else { "F" }.to_string()),
                Some(dob),
                nid,
                Some(p.province.to_string()),
            ]
            .iter()
            .map(Option::as_deref),
        );
    }
    let mut b = Table::new("synthetic B", columns);
    // B's order is shuffled so row numbers say nothing about the truth.
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        order.swap(i, rng.below(i as u64 + 1) as usize);
    }
    for (row, &slot) in order.iter().enumerate() {
        let fresh;
        let p = if rng.unit() < options.overlap {
            &people[slot]
        } else {
            fresh = new_person(n + row, &mut rng);
            &fresh
        };
        let mut given = p.given.clone();
        let mut family = p.family.clone();
        let r = rng.unit();
        if r < 0.05 {
            given = typo(&given, &mut rng);
        } else if r < 0.10 {
            family = typo(&family, &mut rng);
        } else if r < 0.20 {
            given = tidtam_thai::name::strip_tone_marks(&given);
            family = tidtam_thai::name::strip_tone_marks(&family);
        } else if r < 0.23 {
            std::mem::swap(&mut given, &mut family);
        } else if r < 0.26 {
            // Written in Latin letters by an officer who romanised it.
            given = tidtam_thai::romanize::rtgs(&given);
            family = tidtam_thai::romanize::rtgs(&family);
        } else if r < 0.28 {
            given = given.replacen('แ', "เเ", 1);
            family = format!("{family}\u{200B}");
        }
        if rng.unit() < 0.3 {
            given = format!("{}{given}", title_of(p, &mut rng));
        }
        if rng.unit() < 0.02 {
            given.clear();
        }
        let (mut year, mut month, mut day) = (p.year, p.month, p.day);
        let r = rng.unit();
        let mut era_be = true;
        if r < 0.04 {
            era_be = false; // A CE year slipped into the BE file.
        } else if r < 0.07 {
            year += if rng.below(2) == 0 { 1 } else { -1 };
        } else if r < 0.09 {
            std::mem::swap(&mut month, &mut day);
            if month > 12 {
                std::mem::swap(&mut month, &mut day);
            }
        } else if r < 0.11 {
            day = 1 + rng.below(28) as u8;
        }
        let shown_year = if era_be { crate::date::ce_to_be(year) } else { year };
        let dob = (rng.unit() >= 0.02).then(|| format!("{day:02}/{month:02}/{shown_year}"));
        let nid = match rng.unit() {
            x if x < 0.05 => None,
            x if x < 0.09 => Some(id_typo(&p.nid, &mut rng)),
            _ => Some(p.nid.clone()),
        };
        let province =
            if rng.unit() < 0.08 { PROVINCES[rng.below(PROVINCES.len() as u64) as usize] } else { p.province };
        b.push_row(
            [
                Some(format!("b{row}")),
                Some(p.entity.to_string()),
                None,
                Some(given),
                Some(family),
                Some(if p.male { "M" } else { "F" }.to_string()),
                dob,
                nid,
                Some(province.to_string()),
            ]
            .iter()
            .map(Option::as_deref),
        );
    }
    (a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pools() -> NamePools {
        NamePools {
            male: vec!["สมชาย".into(), "ประยุทธ".into(), "วิชัย".into()],
            female: vec!["มาลี".into(), "สมศรี".into(), "แสงดาว".into()],
            family: vec!["ใจดี".into(), "ศรีสุข".into(), "ทองดี".into(), "แก้วมณี".into()],
        }
    }

    #[test]
    fn generates_linked_files_with_truth() {
        let options = SynthOptions { records: 2000, overlap: 0.8, seed: 1 };
        let (a, b) = generate(&pools(), &options);
        assert_eq!((a.len(), b.len()), (2000, 2000));
        let shared = (0..b.len())
            .filter(|r| b.column("entity_id").unwrap().get(*r).unwrap().parse::<usize>().unwrap() < 2000)
            .count();
        assert!((1500..1700).contains(&shared), "overlap {shared}");
        // Same seed, same files.
        let (_, b2) = generate(&pools(), &options);
        assert_eq!(b.column("given_name").unwrap().get(7), b2.column("given_name").unwrap().get(7));
        // B's dates are mostly in the Buddhist era and all readable.
        let dob = b.column("dob").unwrap();
        let be = (0..b.len())
            .filter_map(|r| dob.get(r))
            .filter(|d| d.ends_with(|c: char| c.is_ascii_digit()) && d[6..].starts_with('2'))
            .count();
        assert!(be > 1700, "BE dates {be}");
        assert!((0..b.len()).filter_map(|r| dob.get(r)).all(|d| crate::date::parse_date(d).is_some()));
        // Valid IDs in A.
        let nid = a.column("national_id").unwrap();
        assert!((0..a.len()).filter_map(|r| nid.get(r)).all(|n| crate::nid::parse_national_id(n).unwrap().valid));
    }
}
