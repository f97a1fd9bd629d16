//! The 77 provinces (จังหวัด) of Thailand, their official codes and regions.
//!
//! Section 10 of every report names where a project runs ("พื้นที่ดำเนินการ
//! (จังหวัด) กรุงเทพฯ", "ทั่วประเทศ", "จ.น่าน และจ.แพร่"). This module owns the
//! province list, name lookup ([`by_name`]) and scanning free text for the
//! area a project covers ([`find_area`]).
//!
//! # Codes
//!
//! [`Province::code`] is the two-digit code of the Department of Provincial
//! Administration, also TIS 1099 and the first two digits of every Thai
//! address and ID-card district code: 10 Bangkok, 11–19 and 26 the central
//! plain, 20–27 the east, 30–49 the northeast, 50–58 the upper north, 60–67
//! the lower north, 70–77 the west and the upper south-west, 80–96 the south.
//! Bueng Kan, created in 2011, took the free code 38.
//!
//! # Regions
//!
//! [`Region`] follows the six-region geographic scheme of the National
//! Geographical Committee (1977), the one taught in schools and used in most
//! official maps, with Bangkok split out of the central region because
//! agencies report it separately. Note that this is *not* the four-region
//! scheme of some NSO survey tables (which put Tak in the north and the east
//! into the central region).
//!
//! # Scanning text
//!
//! Thai has no spaces between words, so [`find_area`] matches names anywhere,
//! leftmost-longest, with rules for the names that are also everyday words:
//! เลย ("at all"), แพร่ (in เผยแพร่ "publish"), น่าน (in น่านน้ำ "waters"), ตาก (in
//! ตากใบ, a district of Narathiwat) and ตรัง count only after "จังหวัด"/"จ." or
//! standing apart from other Thai letters; ร้อยเอ็ด does not count inside a
//! number in words (หนึ่งร้อยเอ็ด); and a name right after a personal title
//! (นาย, นาง, นางสาว…) is a person. Region words ("ภาคเหนือ") are regions,
//! reported by [`find_regions`], never provinces. Lookups go through a
//! first-character table and do not allocate.

use std::sync::LazyLock;

use crate::digits::digit_at;

/// A region of Thailand; see the [module documentation](self) for the scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Region {
    /// กรุงเทพมหานคร, a special administrative area.
    Bangkok,
    /// ภาคกลาง (21 provinces).
    Central,
    /// ภาคเหนือ (9 provinces).
    North,
    /// ภาคตะวันออกเฉียงเหนือ, Isan (20 provinces).
    Northeast,
    /// ภาคตะวันออก (7 provinces).
    East,
    /// ภาคตะวันตก (5 provinces).
    West,
    /// ภาคใต้ (14 provinces).
    South,
}

impl Region {
    /// All regions, Bangkok first.
    pub const ALL: [Region; 7] =
        [Region::Bangkok, Region::Central, Region::North, Region::Northeast, Region::East, Region::West, Region::South];

    /// The Thai name: "ภาคเหนือ", or "กรุงเทพมหานคร".
    pub fn name_th(self) -> &'static str {
        match self {
            Region::Bangkok => "กรุงเทพมหานคร",
            Region::Central => "ภาคกลาง",
            Region::North => "ภาคเหนือ",
            Region::Northeast => "ภาคตะวันออกเฉียงเหนือ",
            Region::East => "ภาคตะวันออก",
            Region::West => "ภาคตะวันตก",
            Region::South => "ภาคใต้",
        }
    }

    /// The English name: "North", "Northeast", or "Bangkok".
    pub fn name_en(self) -> &'static str {
        match self {
            Region::Bangkok => "Bangkok",
            Region::Central => "Central",
            Region::North => "North",
            Region::Northeast => "Northeast",
            Region::East => "East",
            Region::West => "West",
            Region::South => "South",
        }
    }

    /// The provinces of this region, by code.
    pub fn provinces(self) -> impl Iterator<Item = &'static Province> {
        PROVINCES.iter().filter(move |p| p.region == self)
    }
}

/// A province and its official code.
#[derive(Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Province {
    /// The two-digit code of the Department of Provincial Administration (TIS 1099).
    pub code: u8,
    /// The official Thai name, without "จังหวัด".
    pub name_th: &'static str,
    /// The official romanisation (Royal Thai General System, as the Royal
    /// Society lists it).
    pub name_en: &'static str,
    /// The geographic region.
    pub region: Region,
}

impl Province {
    /// The name as written in formal Thai: "จังหวัดน่าน", but "กรุงเทพมหานคร".
    pub fn formal_name_th(&self) -> String {
        if self.code == 10 { self.name_th.to_owned() } else { format!("จังหวัด{}", self.name_th) }
    }
}

const fn p(code: u8, name_th: &'static str, name_en: &'static str, region: Region) -> Province {
    Province { code, name_th, name_en, region }
}

use Region::{Bangkok as B, Central as C, East as E, North as N, Northeast as NE, South as S, West as W};

/// All 77 provinces, by code.
pub static PROVINCES: [Province; 77] = [
    p(10, "กรุงเทพมหานคร", "Bangkok", B),
    p(11, "สมุทรปราการ", "Samut Prakan", C),
    p(12, "นนทบุรี", "Nonthaburi", C),
    p(13, "ปทุมธานี", "Pathum Thani", C),
    p(14, "พระนครศรีอยุธยา", "Phra Nakhon Si Ayutthaya", C),
    p(15, "อ่างทอง", "Ang Thong", C),
    p(16, "ลพบุรี", "Lop Buri", C),
    p(17, "สิงห์บุรี", "Sing Buri", C),
    p(18, "ชัยนาท", "Chai Nat", C),
    p(19, "สระบุรี", "Saraburi", C),
    p(20, "ชลบุรี", "Chon Buri", E),
    p(21, "ระยอง", "Rayong", E),
    p(22, "จันทบุรี", "Chanthaburi", E),
    p(23, "ตราด", "Trat", E),
    p(24, "ฉะเชิงเทรา", "Chachoengsao", E),
    p(25, "ปราจีนบุรี", "Prachin Buri", E),
    p(26, "นครนายก", "Nakhon Nayok", C),
    p(27, "สระแก้ว", "Sa Kaeo", E),
    p(30, "นครราชสีมา", "Nakhon Ratchasima", NE),
    p(31, "บุรีรัมย์", "Buri Ram", NE),
    p(32, "สุรินทร์", "Surin", NE),
    p(33, "ศรีสะเกษ", "Si Sa Ket", NE),
    p(34, "อุบลราชธานี", "Ubon Ratchathani", NE),
    p(35, "ยโสธร", "Yasothon", NE),
    p(36, "ชัยภูมิ", "Chaiyaphum", NE),
    p(37, "อำนาจเจริญ", "Amnat Charoen", NE),
    p(38, "บึงกาฬ", "Bueng Kan", NE),
    p(39, "หนองบัวลำภู", "Nong Bua Lam Phu", NE),
    p(40, "ขอนแก่น", "Khon Kaen", NE),
    p(41, "อุดรธานี", "Udon Thani", NE),
    p(42, "เลย", "Loei", NE),
    p(43, "หนองคาย", "Nong Khai", NE),
    p(44, "มหาสารคาม", "Maha Sarakham", NE),
    p(45, "ร้อยเอ็ด", "Roi Et", NE),
    p(46, "กาฬสินธุ์", "Kalasin", NE),
    p(47, "สกลนคร", "Sakon Nakhon", NE),
    p(48, "นครพนม", "Nakhon Phanom", NE),
    p(49, "มุกดาหาร", "Mukdahan", NE),
    p(50, "เชียงใหม่", "Chiang Mai", N),
    p(51, "ลำพูน", "Lamphun", N),
    p(52, "ลำปาง", "Lampang", N),
    p(53, "อุตรดิตถ์", "Uttaradit", N),
    p(54, "แพร่", "Phrae", N),
    p(55, "น่าน", "Nan", N),
    p(56, "พะเยา", "Phayao", N),
    p(57, "เชียงราย", "Chiang Rai", N),
    p(58, "แม่ฮ่องสอน", "Mae Hong Son", N),
    p(60, "นครสวรรค์", "Nakhon Sawan", C),
    p(61, "อุทัยธานี", "Uthai Thani", C),
    p(62, "กำแพงเพชร", "Kamphaeng Phet", C),
    p(63, "ตาก", "Tak", W),
    p(64, "สุโขทัย", "Sukhothai", C),
    p(65, "พิษณุโลก", "Phitsanulok", C),
    p(66, "พิจิตร", "Phichit", C),
    p(67, "เพชรบูรณ์", "Phetchabun", C),
    p(70, "ราชบุรี", "Ratchaburi", W),
    p(71, "กาญจนบุรี", "Kanchanaburi", W),
    p(72, "สุพรรณบุรี", "Suphan Buri", C),
    p(73, "นครปฐม", "Nakhon Pathom", C),
    p(74, "สมุทรสาคร", "Samut Sakhon", C),
    p(75, "สมุทรสงคราม", "Samut Songkhram", C),
    p(76, "เพชรบุรี", "Phetchaburi", W),
    p(77, "ประจวบคีรีขันธ์", "Prachuap Khiri Khan", W),
    p(80, "นครศรีธรรมราช", "Nakhon Si Thammarat", S),
    p(81, "กระบี่", "Krabi", S),
    p(82, "พังงา", "Phangnga", S),
    p(83, "ภูเก็ต", "Phuket", S),
    p(84, "สุราษฎร์ธานี", "Surat Thani", S),
    p(85, "ระนอง", "Ranong", S),
    p(86, "ชุมพร", "Chumphon", S),
    p(90, "สงขลา", "Songkhla", S),
    p(91, "สตูล", "Satun", S),
    p(92, "ตรัง", "Trang", S),
    p(93, "พัทลุง", "Phatthalung", S),
    p(94, "ปัตตานี", "Pattani", S),
    p(95, "ยะลา", "Yala", S),
    p(96, "นราธิวาส", "Narathiwat", S),
];

/// Other Thai spellings in use: short forms with ฯ, colloquial names, old
/// spellings (เพ็ชร) and misspellings seen in real files ("พิชณุโลก" in 48.txt).
const THAI_ALIASES: [(&str, u8); 21] = [
    ("กรุงเทพฯ", 10),
    ("กรุงเทพ", 10),
    ("กทม.", 10),
    ("กทม", 10),
    ("อยุธยา", 14),
    ("โคราช", 30),
    ("ศีรษะเกษ", 33),
    ("อุบลฯ", 34),
    ("ประจวบฯ", 77),
    ("นครศรีฯ", 80),
    ("สุราษฎร์ฯ", 84),
    ("สุราษฏร์ธานี", 84),
    ("สุราษฎร์", 84),
    ("ศรีษะเกษ", 33),
    ("กาฬสินธ์", 46),
    ("พิชณุโลก", 65),
    ("กำแพงเพ็ชร", 62),
    ("เพ็ชรบูรณ์", 67),
    ("เพ็ชรบุรี", 76),
    ("ประจวบคีรีขันธ", 77),
    ("อุตรดิษฐ์", 53),
];

/// Other English spellings in use (compared ignoring case, spaces and hyphens,
/// so "Lopburi" and "Chon Buri" need no entry).
const ENGLISH_ALIASES: [(&str, u8); 11] = [
    ("Krung Thep", 10),
    ("Bangkok Metropolis", 10),
    ("Ayutthaya", 14),
    ("Korat", 30),
    ("Khorat", 30),
    ("Sisaket", 33),
    ("Sa Kaew", 27),
    ("Chainat", 18),
    ("Phang Nga", 82),
    ("Nong Bua Lamphu", 39),
    ("Buengkan", 38),
];

/// Names that are also everyday words, counted only with a prefix or standing apart.
const AMBIGUOUS: [u8; 5] = [42, 54, 55, 63, 92];

/// The province with official `code`.
///
/// ```
/// use tidtam_thai::province::by_code;
/// assert_eq!(by_code(55).map(|p| p.name_th), Some("น่าน"));
/// assert_eq!(by_code(28), None);
/// ```
pub fn by_code(code: u8) -> Option<&'static Province> {
    PROVINCES.binary_search_by_key(&code, |p| p.code).ok().map(|i| &PROVINCES[i])
}

/// The province a whole string names.
///
/// Accepts the official Thai name with or without "จังหวัด"/"จ." in front,
/// the aliases in use ("กรุงเทพฯ", "กทม.", "อยุธยา", "โคราช", "นครศรีฯ"…), and English
/// names case-insensitively, ignoring spaces, hyphens and a trailing
/// "Province" ("lopburi", "Chon Buri", "Nan Province"). Does not allocate.
///
/// ```
/// use tidtam_thai::province::by_name;
/// assert_eq!(by_name("จ.น่าน").map(|p| p.code), Some(55));
/// assert_eq!(by_name("กทม.").map(|p| p.code), Some(10));
/// assert_eq!(by_name("chiang mai").map(|p| p.code), Some(50));
/// ```
pub fn by_name(name: &str) -> Option<&'static Province> {
    let mut s = crate::number::trim(name);
    for prefix in ["จังหวัด", "จ."] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = crate::number::trim(rest);
            break;
        }
    }
    if let Some(p) = PROVINCES.iter().find(|p| p.name_th == s) {
        return Some(p);
    }
    if let Some((_, code)) = THAI_ALIASES.iter().find(|(a, _)| *a == s) {
        return by_code(*code);
    }
    if !s.is_ascii() || s.is_empty() {
        return None;
    }
    let s = strip_suffix_ignore_case(s, "province").unwrap_or(s);
    let s = strip_prefix_ignore_case(s, "changwat").unwrap_or(s);
    PROVINCES
        .iter()
        .find(|p| same_latin(p.name_en, s))
        .or_else(|| ENGLISH_ALIASES.iter().find(|(a, _)| same_latin(a, s)).and_then(|(_, c)| by_code(*c)))
}

/// Where a project runs: nationwide, and/or the provinces named.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Area {
    /// Whether the text says the whole country ("ทั่วประเทศ", "ทุกจังหวัด", "๗๖ จังหวัด", "77 จังหวัด").
    pub nationwide: bool,
    /// Provinces named, in order of first mention, without duplicates.
    pub provinces: Vec<&'static Province>,
}

impl Area {
    /// Whether the text named no area at all.
    pub fn is_empty(&self) -> bool {
        !self.nationwide && self.provinces.is_empty()
    }
}

/// Scans free text for the area it names; see the [module documentation](self) for the rules.
///
/// Only Thai names are looked for: short English names ("Nan", "Tak") are
/// too often other words, and the reports write provinces in Thai.
///
/// ```
/// use tidtam_thai::province::find_area;
/// let area = find_area("จังหวัดนครนายก สระบุรี และ จ.น่าน (นายกเทศมนตรี)");
/// let codes: Vec<u8> = area.provinces.iter().map(|p| p.code).collect();
/// assert_eq!(codes, [26, 19, 55]);
/// assert!(!area.nationwide);
/// ```
pub fn find_area(text: &str) -> Area {
    let mut area = Area::default();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // "๗๖ จังหวัด" / "77 จังหวัด": every province.
        if digit_at(bytes, i).is_some() {
            let (value, end) = read_int(bytes, i);
            if matches!(value, Some(76 | 77)) && text[end..].trim_start().starts_with("จังหวัด") {
                area.nationwide = true;
            }
            i = end;
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        // Fast path: a Thai character that starts no name and no phrase.
        if let Some(slot) = thai_slot(c)
            && c != 'ท'
            && BY_FIRST_CHAR.get(slot).is_none_or(Vec::is_empty)
        {
            i += c.len_utf8();
            continue;
        }
        let rest = &text[i..];
        // Every nationwide phrase starts with ท; test that before the phrases.
        if c == 'ท' && NATIONWIDE.iter().any(|w| rest.starts_with(w)) {
            area.nationwide = true;
        }
        if let Some((province, len)) = province_at(text, i, c) {
            if !area.provinces.iter().any(|p| p.code == province.code) {
                area.provinces.push(province);
            }
            i += len;
            continue;
        }
        i += c.len_utf8();
    }
    area
}

/// The number of provinces a text says it covers: 18 for "๑๘ จังหวัด".
///
/// Lets a checker compare the stated count with the provinces listed
/// ([`find_area`]). Returns the first such count.
///
/// ```
/// use tidtam_thai::province::stated_province_count;
/// assert_eq!(stated_province_count("พื้นที่ดำเนินการ (จังหวัด) ๑๘ จังหวัด"), Some(18));
/// assert_eq!(stated_province_count("พื้นที่ดำเนินการ (จังหวัด) กรุงเทพฯ"), None);
/// ```
pub fn stated_province_count(text: &str) -> Option<u32> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if digit_at(bytes, i).is_some() {
            let (value, end) = read_int(bytes, i);
            if text[end..].trim_start().starts_with("จังหวัด") && value.is_some() {
                return value;
            }
            i = end;
        } else {
            i += 1;
        }
    }
    None
}

/// Regions named in the text ("ภาคเหนือ", "ภาคอีสาน"), in order of first mention.
///
/// ```
/// use tidtam_thai::province::{find_regions, Region};
/// assert_eq!(find_regions("สัญจร ๑ ภาค (ภาคตะวันออกเฉียงเหนือ) และภาคใต้"), [Region::Northeast, Region::South]);
/// ```
pub fn find_regions(text: &str) -> Vec<Region> {
    const NAMES: [(&str, Region); 7] = [
        ("ภาคตะวันออกเฉียงเหนือ", Region::Northeast),
        ("ภาคตะวันออก", Region::East),
        ("ภาคตะวันตก", Region::West),
        ("ภาคเหนือ", Region::North),
        ("ภาคอีสาน", Region::Northeast),
        ("ภาคกลาง", Region::Central),
        ("ภาคใต้", Region::South),
    ];
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("ภาค") {
        rest = &rest[at..];
        let found = NAMES.iter().find(|(name, _)| rest.starts_with(name));
        if let Some((name, region)) = found {
            if !out.contains(region) {
                out.push(*region);
            }
            rest = &rest[name.len()..];
        } else {
            rest = &rest["ภาค".len()..];
        }
    }
    out
}

const NATIONWIDE: [&str; 4] = ["ทั่วประเทศ", "ทุกจังหวัด", "ทั้งประเทศ", "ทั่วราชอาณาจักร"];

/// A name table entry: spelling, province index, whether it is an everyday word.
type Entry = (&'static str, usize, bool);

/// Thai names and aliases by first character (index = code point − U+0E00),
/// longest first, so each position costs a handful of prefix checks.
static BY_FIRST_CHAR: LazyLock<Vec<Vec<Entry>>> = LazyLock::new(|| {
    let mut table: Vec<Vec<Entry>> = vec![Vec::new(); 128];
    let index_of = |code: u8| PROVINCES.iter().position(|p| p.code == code);
    let names = PROVINCES
        .iter()
        .enumerate()
        .map(|(i, p)| (p.name_th, i))
        .chain(THAI_ALIASES.iter().filter_map(|(a, code)| Some((*a, index_of(*code)?))));
    for (name, index) in names {
        let Some(slot) = name.chars().next().and_then(thai_slot) else {
            continue;
        };
        let ambiguous = AMBIGUOUS.contains(&PROVINCES[index].code);
        table[slot].push((name, index, ambiguous));
    }
    for entries in &mut table {
        entries.sort_by_key(|(name, _, _)| std::cmp::Reverse(name.len()));
    }
    table
});

fn thai_slot(c: char) -> Option<usize> {
    let offset = (c as u32).checked_sub(0x0E00)?;
    (offset < 128).then_some(offset as usize)
}

/// A province name at byte `i` (whose character is `c`) that counts, with its length.
fn province_at(text: &str, i: usize, c: char) -> Option<(&'static Province, usize)> {
    let entries = BY_FIRST_CHAR.get(thai_slot(c)?)?;
    let rest = &text[i..];
    let (name, index, ambiguous) = entries.iter().find(|(name, _, _)| rest.starts_with(name))?;
    let before = &text[..i];
    let after = &rest[name.len()..];
    let prefixed = {
        let b = before.trim_end_matches([' ', '\u{00A0}']);
        b.ends_with("จังหวัด") || b.ends_with("จ.")
    };
    if !prefixed {
        if PERSON_TITLES.iter().any(|t| before.trim_end_matches(' ').ends_with(t)) {
            return None;
        }
        if *ambiguous && !(stands_apart_before(before) && stands_apart_after(after)) {
            return None;
        }
        // "หนึ่งร้อยเอ็ด" is 101, not Roi Et.
        if PROVINCES[*index].code == 45
            && (NUMBER_WORDS_BEFORE.iter().any(|w| before.ends_with(w))
                || NUMBER_WORDS_AFTER.iter().any(|w| after.starts_with(w)))
        {
            return None;
        }
    }
    Some((&PROVINCES[*index], name.len()))
}

const PERSON_TITLES: [&str; 8] = ["นางสาว", "นาย", "นาง", "น.ส.", "ดร.", "คุณ", "ด.ช.", "ด.ญ."];
const NUMBER_WORDS_BEFORE: [&str; 13] =
    ["หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า", "พัน", "หมื่น", "แสน", "ล้าน"];
const NUMBER_WORDS_AFTER: [&str; 6] = ["บาท", "ล้าน", "พัน", "หมื่น", "แสน", "สตางค์"];

/// Whether a name after `before` starts a word: no Thai letter right before it,
/// or a joining word ("และ", "กับ", "หรือ").
fn stands_apart_before(before: &str) -> bool {
    !before.chars().next_back().is_some_and(is_thai_letter) || ["และ", "กับ", "หรือ"].iter().any(|w| before.ends_with(w))
}

/// Whether a name followed by `after` ends a word: no Thai letter right after
/// it, or a joining word.
fn stands_apart_after(after: &str) -> bool {
    !after.chars().next().is_some_and(is_thai_letter) || ["และ", "กับ", "หรือ"].iter().any(|w| after.starts_with(w))
}

fn is_thai_letter(c: char) -> bool {
    matches!(c, '\u{0E01}'..='\u{0E4E}')
}

/// The integer at `bytes[i..]` (digits of either set) and where it ends.
fn read_int(bytes: &[u8], mut i: usize) -> (Option<u32>, usize) {
    let mut value: Option<u32> = Some(0);
    while let Some((d, len)) = digit_at(bytes, i) {
        value = value.and_then(|v| v.checked_mul(10)?.checked_add(u32::from(d)));
        i += len;
    }
    (value, i)
}

/// Compares Latin names ignoring case, spaces, hyphens, dots and apostrophes.
fn same_latin(a: &str, b: &str) -> bool {
    fn letters(s: &str) -> impl Iterator<Item = u8> + '_ {
        s.bytes().filter(|c| !matches!(c, b' ' | b'-' | b'.' | b'\'' | b'_')).map(|c| c.to_ascii_lowercase())
    }
    letters(a).eq(letters(b))
}

fn strip_suffix_ignore_case<'a>(s: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = s.len().checked_sub(suffix.len())?;
    (s.is_char_boundary(cut) && s[cut..].eq_ignore_ascii_case(suffix)).then(|| s[..cut].trim_end())
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    (s.len() >= prefix.len() && s.is_char_boundary(prefix.len()) && s[..prefix.len()].eq_ignore_ascii_case(prefix))
        .then(|| s[prefix.len()..].trim_start())
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    /// Finds the area in `input` and compares nationwide and the codes found.
    fn check(input: &str, nationwide: bool, codes: &[u8]) {
        let area = find_area(input);
        let found: Vec<u8> = area.provinces.iter().map(|p| p.code).collect();
        assert_eq!((area.nationwide, found.as_slice()), (nationwide, codes), "find_area({input:?})");
    }

    fn check_name(input: &str, code: Option<u8>) {
        assert_eq!(by_name(input).map(|p| p.code), code, "by_name({input:?})");
    }

    #[test]
    fn seventy_seven_unique() {
        let codes: HashSet<u8> = PROVINCES.iter().map(|p| p.code).collect();
        let thai: HashSet<&str> = PROVINCES.iter().map(|p| p.name_th).collect();
        let english: HashSet<&str> = PROVINCES.iter().map(|p| p.name_en).collect();
        assert_eq!((codes.len(), thai.len(), english.len()), (77, 77, 77));
        assert!(PROVINCES.windows(2).all(|w| w[0].code < w[1].code), "sorted by code");
        for p in &PROVINCES {
            assert!((10..=96).contains(&p.code), "{p:?}");
            assert_eq!(by_code(p.code), Some(p));
            assert_eq!(by_name(p.name_th), Some(p), "{}", p.name_th);
            assert_eq!(by_name(p.name_en), Some(p), "{}", p.name_en);
            assert_eq!(by_name(&format!("จังหวัด{}", p.name_th)), Some(p));
            // Each official name is found in running text after "จังหวัด".
            assert_eq!(find_area(&p.formal_name_th()).provinces, [p], "{}", p.name_th);
        }
    }

    #[test]
    fn known_codes() {
        for (code, name) in [
            (10, "กรุงเทพมหานคร"),
            (11, "สมุทรปราการ"),
            (14, "พระนครศรีอยุธยา"),
            (20, "ชลบุรี"),
            (27, "สระแก้ว"),
            (30, "นครราชสีมา"),
            (34, "อุบลราชธานี"),
            (38, "บึงกาฬ"),
            (39, "หนองบัวลำภู"),
            (40, "ขอนแก่น"),
            (50, "เชียงใหม่"),
            (55, "น่าน"),
            (57, "เชียงราย"),
            (63, "ตาก"),
            (73, "นครปฐม"),
            (77, "ประจวบคีรีขันธ์"),
            (84, "สุราษฎร์ธานี"),
            (90, "สงขลา"),
            (96, "นราธิวาส"),
        ] {
            assert_eq!(by_code(code).map(|p| p.name_th), Some(name), "code {code}");
        }
        for code in [0, 9, 28, 29, 59, 68, 69, 78, 79, 87, 89, 97, 255] {
            assert_eq!(by_code(code), None, "code {code}");
        }
    }

    #[test]
    fn regions() {
        let count = |r: Region| r.provinces().count();
        let counts: Vec<usize> = Region::ALL.iter().map(|r| count(*r)).collect();
        // Bangkok, Central, North, Northeast, East, West, South
        assert_eq!(counts, [1, 21, 9, 20, 7, 5, 14]);
        assert_eq!(by_code(63).map(|p| p.region), Some(Region::West));
        assert_eq!(by_code(60).map(|p| p.region), Some(Region::Central));
        assert_eq!(by_code(77).map(|p| p.region), Some(Region::West));
        assert_eq!(Region::Northeast.name_th(), "ภาคตะวันออกเฉียงเหนือ");
        assert_eq!(Region::Northeast.name_en(), "Northeast");
    }

    #[test]
    fn names() {
        check_name("น่าน", Some(55));
        check_name("จังหวัดน่าน", Some(55));
        check_name("จ.น่าน", Some(55));
        check_name("จ. น่าน", Some(55));
        check_name(" จังหวัด น่าน ", Some(55));
        check_name("กรุงเทพฯ", Some(10));
        check_name("กทม.", Some(10));
        check_name("กรุงเทพมหานคร", Some(10));
        check_name("อยุธยา", Some(14));
        check_name("Bangkok", Some(10));
        check_name("BANGKOK", Some(10));
        check_name("Lopburi", Some(16));
        check_name("lop buri", Some(16));
        check_name("Buriram", Some(31));
        check_name("Chonburi", Some(20));
        check_name("Nan Province", Some(55));
        check_name("Changwat Nan", Some(55));
        check_name("Phang-nga", Some(82));
        check_name("Sisaket", Some(33));
        check_name("Bueng Kan", Some(38));
        check_name("", None);
        check_name("จังหวัด", None);
        check_name("นายก", None);
        check_name("ภาคเหนือ", None);
        check_name("Province", None);
        check_name("Narnia", None);
    }

    #[test]
    fn areas_from_corpus() {
        // Section 10 as written in the reports.
        check("๑๐. พื้นที่ดำเนินการ (จังหวัด) กรุงเทพฯ", false, &[10]);
        check("พื้นที่ดำเนินการ (จังหวัด) ทั่วประเทศ", true, &[]);
        check("สำนักงานสถิติจังหวัดทุกจังหวัด", true, &[]);
        check("กรุงเทพมหานคร และ ๗๖ จังหวัด", true, &[10]);
        check("77 จังหวัด", true, &[]);
        check("ส่วนกลางและส่วนภูมิภาค", false, &[]);
        check("ทดสอบแบบ ณ จังหวัดปทุมธานี เมื่อวันที่ ๗ มี.ค ๖๗", false, &[13]);
        check("จ.น่าน จ.แพร่ และจังหวัดเลย", false, &[55, 54, 42]);
        check("เชียงใหม่ น่าน แพร่", false, &[50, 55, 54]);
        check("นครนายก, สระบุรี, บุรีรัมย์, นครราชสีมา", false, &[26, 19, 31, 30]);
        check("กรุงเทพฯ นนทบุรี ปทุมธานี สมุทรปราการ", false, &[10, 12, 13, 11]);
        check("พระนครศรีอยุธยา และอยุธยา", false, &[14]);
    }

    /// 48.txt, section 10: eighteen provinces by region, one misspelled.
    #[test]
    fn eighteen_provinces_by_region() {
        let text = "๑๐. พื้นที่ดำเนินการ (จังหวัด) ๑๘ จังหวัด

ภาคกลาง : ลพบุรี ปทุมธานี สุพรรณบุรี สมุทรสาคร

ภาคใต้ : นครศรีธรรมราช ภูเก็ต ยะลา

ภาคตะวันออก : ชลบุรี ปราจีนบุรี

ภาคตะวันออกเฉียงเหนือ : อุดรธานี สกลนคร ขอนแก่น สุรินทร์ อุบลราชธานี

ภาคเหนือ : เชียงใหม่ เชียงราย พิชณุโลก นครสวรรค์)";
        check(text, false, &[16, 13, 72, 74, 80, 83, 95, 20, 25, 41, 47, 40, 32, 34, 50, 57, 65, 60]);
        assert_eq!(stated_province_count(text), Some(18));
        assert_eq!(
            find_regions(text),
            [Region::Central, Region::South, Region::East, Region::Northeast, Region::North]
        );
    }

    #[test]
    fn words_that_are_not_provinces() {
        check("เผยแพร่ข้อมูลสถิติ", false, &[]);
        check("ไม่ได้ดำเนินการเลย", false, &[]);
        check("ควบคุมน่านน้ำและน่านฟ้า", false, &[]);
        check("อำเภอตากใบ", false, &[]);
        check("ภาคเหนือ ภาคใต้ ภาคตะวันออกเฉียงเหนือ", false, &[]);
        check("นายกรัฐมนตรีและนายกเทศมนตรี", false, &[]);
        check("จำนวนหนึ่งร้อยเอ็ดคน เป็นเงินร้อยเอ็ดบาท", false, &[]);
        check("นายสุรินทร์ ใจดี และ นางสาวพิจิตร รักงาน", false, &[]);
        check("ณ จังหวัดร้อยเอ็ด และร้อยเอ็ด", false, &[45]);
        check("จังหวัดสุรินทร์", false, &[32]);
        check("ข้อมูล ๗๖ ชุด และ 77 คน", false, &[]);
    }

    #[test]
    fn regions_in_text() {
        assert_eq!(find_regions("ภาคเหนือ และภาคตะวันออก ภาคเหนือ"), [Region::North, Region::East]);
        assert_eq!(find_regions("ภาคอีสาน"), [Region::Northeast]);
        assert_eq!(find_regions("ภาครัฐ ภาคเอกชน"), []);
    }

    #[test]
    fn never_panics() {
        for s in ["", "จ.", "จังหวัด", "๗", "๗๖", "99999999999999999999 จังหวัด", "\u{0E00}", "ภาค", "Province"]
        {
            let _ = find_area(s);
            let _ = by_name(s);
            let _ = find_regions(s);
        }
    }
}
