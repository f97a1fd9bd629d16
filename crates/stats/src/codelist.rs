//! Code lists: the classifications a dimension or attribute takes its values from.
//!
//! The hub ships defaults (areas with the official province codes, sex, age
//! groups, frequency, observation status, unit multiplier and the 21 statistical
//! sectors); the store keeps them as editable reference data, so a list that
//! turns out wrong (the sector names are not confirmed by a source we hold) is
//! corrected by data, not by a release.
//!
//! Areas use ISO 3166-2:TH codes ("TH-10" Bangkok, "TH-50" Chiang Mai), whose
//! numbers are the Department of Provincial Administration's province codes, and
//! "TH" for the whole country; regions have codes of our own ("REG_N"), since no
//! official coding of the six geographic regions exists.

use tidtam_thai::digits::to_arabic_digits;
use tidtam_thai::province::{self, Region};

/// The agency that maintains the hub's SDMX artefacts (codelists, concepts,
/// structures, dataflows); sdmx1 users name their source with it.
pub const AGENCY: &str = "TH_NSO";

/// One code of a list.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Code {
    pub id: String,
    pub name_th: String,
    pub name_en: String,
    /// The code above this one (a province's region, a region's country).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Other ways tables write it ("กทม.", "ชาย", "male"); matched ignoring case and spaces.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

impl Code {
    pub fn new(id: &str, name_th: &str, name_en: &str) -> Code {
        Code { id: id.into(), name_th: name_th.into(), name_en: name_en.into(), parent: None, aliases: Vec::new() }
    }

    fn with_aliases(mut self, aliases: &[&str]) -> Code {
        self.aliases = aliases.iter().map(|a| (*a).into()).collect();
        self
    }

    fn with_parent(mut self, parent: &str) -> Code {
        self.parent = Some(parent.into());
        self
    }
}

/// A code list (SDMX Codelist), identified by `id` under [`AGENCY`].
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Codelist {
    pub id: String,
    pub name_th: String,
    pub name_en: String,
    pub codes: Vec<Code>,
}

/// The key a text is matched by: Arabic digits, no spaces or dots, lower case.
pub fn match_key(text: &str) -> String {
    to_arabic_digits(text).chars().filter(|c| !c.is_whitespace() && *c != '.').flat_map(char::to_lowercase).collect()
}

impl Codelist {
    pub fn new(id: &str, name_th: &str, name_en: &str, codes: Vec<Code>) -> Codelist {
        Codelist { id: id.into(), name_th: name_th.into(), name_en: name_en.into(), codes }
    }

    pub fn get(&self, id: &str) -> Option<&Code> {
        self.codes.iter().find(|c| c.id == id)
    }

    /// The code a table's text names: its id, Thai or English name or an alias,
    /// ignoring case, spaces, dots and the digit set. Areas also accept every
    /// province spelling `tidtam_thai::province::by_name` reads.
    pub fn resolve(&self, text: &str) -> Option<&Code> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        if let Some(code) = self.get(text) {
            return Some(code);
        }
        let key = match_key(text);
        let found = self.codes.iter().find(|c| {
            match_key(&c.id) == key
                || match_key(&c.name_th) == key
                || match_key(&c.name_en) == key
                || c.aliases.iter().any(|a| match_key(a) == key)
        });
        if found.is_some() {
            return found;
        }
        // A header often carries the unit after the name: "กำลังแรงงาน (พันคน)".
        if let Some(open) = text.rfind(['(', '（'])
            && text.trim_end().ends_with([')', '）'])
            && open > 0
        {
            return self.resolve(&text[..open]);
        }
        if self.id != AREA {
            return None;
        }
        let owned = to_arabic_digits(text);
        province::by_name(&owned)
            .or_else(|| owned.parse::<u8>().ok().and_then(province::by_code))
            .and_then(|p| self.get(&province_code(p.code)))
    }
}

/// Ids of the hub's standard code lists.
pub const AREA: &str = "CL_AREA";
pub const SEX: &str = "CL_SEX";
pub const AGE: &str = "CL_AGE";
pub const FREQ: &str = "CL_FREQ";
pub const OBS_STATUS: &str = "CL_OBS_STATUS";
pub const UNIT_MULT: &str = "CL_UNIT_MULT";
pub const SECTOR: &str = "CL_SECTOR";

/// The code of the whole country.
pub const COUNTRY: &str = "TH";

/// The area code of a province: "TH-" and its two-digit official code.
pub fn province_code(code: u8) -> String {
    format!("TH-{code:02}")
}

/// The code of a region; Bangkok has none, since as a region it is the one
/// province TH-10 (and would otherwise make "กรุงเทพมหานคร" name two codes).
pub fn region_code(region: Region) -> Option<&'static str> {
    Some(match region {
        Region::Bangkok => return None,
        Region::Central => "REG_C",
        Region::North => "REG_N",
        Region::Northeast => "REG_NE",
        Region::East => "REG_E",
        Region::West => "REG_W",
        Region::South => "REG_S",
    })
}

/// Country, the six regions of `tidtam_thai::province::Region` outside Bangkok, the 77 provinces.
pub fn area() -> Codelist {
    let mut codes = vec![Code::new(COUNTRY, "ทั่วประเทศ", "Whole Kingdom").with_aliases(&[
        "ทั้งประเทศ",
        "ทั่วราชอาณาจักร",
        "ประเทศไทย",
        "รวมทั้งประเทศ",
        "Thailand",
        "Total",
        "รวม",
    ])];
    for region in Region::ALL {
        let Some(id) = region_code(region) else { continue };
        let mut code = Code::new(id, region.name_th(), region.name_en()).with_parent(COUNTRY);
        if region == Region::Northeast {
            code = code.with_aliases(&["ภาคอีสาน"]);
        }
        codes.push(code);
    }
    for p in &province::PROVINCES {
        let parent = region_code(p.region).unwrap_or(COUNTRY);
        codes.push(Code::new(&province_code(p.code), p.name_th, p.name_en).with_parent(parent));
    }
    Codelist::new(AREA, "พื้นที่", "Area", codes)
}

pub fn sex() -> Codelist {
    Codelist::new(
        SEX,
        "เพศ",
        "Sex",
        vec![
            Code::new("_T", "รวม", "Total").with_aliases(&["ทั้งหมด", "รวมทั้งสองเพศ", "ทั้งสองเพศ"]),
            Code::new("M", "ชาย", "Male").with_aliases(&["เพศชาย", "ช"]),
            Code::new("F", "หญิง", "Female").with_aliases(&["เพศหญิง", "ญ"]),
        ],
    )
}

pub fn age() -> Codelist {
    Codelist::new(
        AGE,
        "กลุ่มอายุ",
        "Age group",
        vec![
            Code::new("_T", "ทุกกลุ่มอายุ", "All ages").with_aliases(&["รวม", "ทุกอายุ"]),
            Code::new("Y0T14", "0-14 ปี", "0 to 14 years"),
            Code::new("Y15T24", "15-24 ปี", "15 to 24 years"),
            Code::new("Y25T59", "25-59 ปี", "25 to 59 years"),
            Code::new("Y15T59", "15-59 ปี", "15 to 59 years"),
            Code::new("Y_GE15", "15 ปีขึ้นไป", "15 years and over"),
            Code::new("Y_GE60", "60 ปีขึ้นไป", "60 years and over").with_aliases(&["ผู้สูงอายุ"]),
        ],
    )
}

pub fn freq() -> Codelist {
    let codes = crate::period::Frequency::ALL.iter().map(|f| Code::new(f.code(), f.name_th(), f.name_en())).collect();
    Codelist::new(FREQ, "ความถี่", "Frequency", codes)
}

/// Powers of ten, named as the GD Catalog's `unit_of_multiplier` names them.
pub const UNIT_MULTIPLIERS: [(u8, &str, &str); 13] = [
    (0, "หน่วย", "Units"),
    (1, "สิบ", "Tens"),
    (2, "ร้อย", "Hundreds"),
    (3, "พัน", "Thousands"),
    (4, "หมื่น", "Tens of thousands"),
    (5, "แสน", "Hundreds of thousands"),
    (6, "ล้าน", "Millions"),
    (7, "สิบล้าน", "Tens of millions"),
    (8, "ร้อยล้าน", "Hundreds of millions"),
    (9, "พันล้าน", "Billions"),
    (10, "หมื่นล้าน", "Tens of billions"),
    (11, "แสนล้าน", "Hundreds of billions"),
    (12, "ล้านล้าน", "Trillions"),
];

pub fn unit_mult() -> Codelist {
    let codes = UNIT_MULTIPLIERS.iter().map(|(power, th, en)| Code::new(&power.to_string(), th, en)).collect();
    Codelist::new(UNIT_MULT, "หน่วยตัวคูณ", "Unit multiplier", codes)
}

/// NSO's 21 statistical sectors (สาขาสถิติ). The names are from memory, not a
/// source (see the reference notes), hence editable reference data in the store.
pub const SECTORS: [(&str, &str); 21] = [
    ("ประชากร", "Population"),
    ("แรงงาน", "Labour"),
    ("การศึกษา", "Education"),
    ("ศาสนา ศิลปะ และวัฒนธรรม", "Religion, art and culture"),
    ("สุขภาพ", "Health"),
    ("สวัสดิการสังคม", "Social welfare"),
    ("หญิงและชาย", "Gender"),
    ("รายได้และรายจ่ายของครัวเรือน", "Household income and expenditure"),
    ("ยุติธรรม ความมั่นคง การเมืองและการปกครอง", "Justice, security, politics and governance"),
    ("บัญชีประชาชาติ", "National accounts"),
    ("เกษตรและประมง", "Agriculture and fisheries"),
    ("อุตสาหกรรม", "Industry"),
    ("พลังงาน", "Energy"),
    ("การค้าและราคา", "Trade and prices"),
    ("การขนส่งและโลจิสติกส์", "Transport and logistics"),
    ("เทคโนโลยีสารสนเทศและการสื่อสาร", "Information and communication technology"),
    ("การท่องเที่ยวและกีฬา", "Tourism and sports"),
    ("การเงินการธนาคารและการประกันภัย", "Finance, banking and insurance"),
    ("การคลัง", "Public finance"),
    ("วิทยาศาสตร์ เทคโนโลยีและนวัตกรรม", "Science, technology and innovation"),
    ("ทรัพยากรธรรมชาติและสิ่งแวดล้อม", "Natural resources and environment"),
];

/// Sector codes are "S01".."S21" in the order above.
pub fn sector_code(index: usize) -> String {
    format!("S{:02}", index + 1)
}

pub fn sectors() -> Codelist {
    let codes = SECTORS.iter().enumerate().map(|(i, (th, en))| Code::new(&sector_code(i), th, en)).collect();
    Codelist::new(SECTOR, "สาขาสถิติ", "Statistical sector", codes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_resolve_in_any_spelling() {
        let areas = area();
        assert_eq!(areas.codes.len(), 1 + 6 + 77);
        assert_eq!(areas.resolve("กรุงเทพมหานคร").map(|c| c.id.as_str()), Some("TH-10"));
        for (text, want) in [
            ("กรุงเทพฯ", "TH-10"),
            ("กทม.", "TH-10"),
            ("จ.กำแพงเพชร", "TH-62"),
            ("อยุธยา", "TH-14"),
            ("Chai Nat", "TH-18"),
            ("๖๐", "TH-60"),
            ("TH-26", "TH-26"),
            ("ทั่วราชอาณาจักร", "TH"),
            ("ภาคอีสาน", "REG_NE"),
            ("ภาคเหนือ", "REG_N"),
        ] {
            assert_eq!(areas.resolve(text).map(|c| c.id.as_str()), Some(want), "{text}");
        }
        assert_eq!(areas.resolve("เมืองสมมุติ"), None);
        // The six-region scheme puts Kamphaeng Phet in the central region, Chiang Mai in the north.
        assert_eq!(areas.get("TH-62").and_then(|c| c.parent.as_deref()), Some("REG_C"));
        assert_eq!(areas.get("TH-50").and_then(|c| c.parent.as_deref()), Some("REG_N"));
    }

    #[test]
    fn small_lists_resolve_names_and_aliases() {
        assert_eq!(sex().resolve("หญิง").map(|c| c.id.as_str()), Some("F"));
        assert_eq!(sex().resolve("หญิง (คน)").map(|c| c.id.as_str()), Some("F"));
        assert_eq!(sex().resolve("(คน)"), None);
        assert_eq!(sex().resolve("male").map(|c| c.id.as_str()), Some("M"));
        assert_eq!(age().resolve("60 ปีขึ้นไป").map(|c| c.id.as_str()), Some("Y_GE60"));
        assert_eq!(sectors().codes.len(), 21);
        assert_eq!(sectors().get("S02").map(|c| c.name_th.as_str()), Some("แรงงาน"));
        assert_eq!(unit_mult().resolve("ล้าน").map(|c| c.id.as_str()), Some("6"));
    }
}
