//! The Government Data Catalog metadata (the `thai_gdc` CKAN extension's
//! dataset schema): every field with its Thai label, the dataset types it
//! applies to, whether it is required, and its value list.
//!
//! Values are kept as the extension keeps them, so a package answers exactly
//! what GD Catalog harvesters read: Thai strings, booleans as "True"/"False",
//! multi-valued fields as lists, and `<field>_other` beside a choice answered
//! "อื่นๆ". Checking is in two steps: [`GdcMetadata::validate`] refuses values
//! that are wrong whenever they are given, and [`GdcMetadata::missing_required`]
//! lists what must be filled before the dataset is published (a draft may be
//! incomplete).

use std::collections::BTreeMap;

use crate::codelist::UNIT_MULTIPLIERS;

/// A field problem, in Thai and English, naming the field.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct FieldError {
    pub field: String,
    pub message_th: String,
    pub message_en: String,
}

impl FieldError {
    pub fn new(field: &str, message_th: String, message_en: String) -> FieldError {
        FieldError { field: field.into(), message_th, message_en }
    }
}

/// The five dataset types of `data_type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DataType {
    Record,
    Statistical,
    Geospatial,
    MultiType,
    Other,
}

impl DataType {
    pub const ALL: [DataType; 5] =
        [DataType::Record, DataType::Statistical, DataType::Geospatial, DataType::MultiType, DataType::Other];

    /// The value stored in `data_type`.
    pub fn value(self) -> &'static str {
        match self {
            DataType::Record => "ข้อมูลระเบียน",
            DataType::Statistical => "ข้อมูลสถิติ",
            DataType::Geospatial => "ข้อมูลภูมิสารสนเทศเชิงพื้นที่",
            DataType::MultiType => "ข้อมูลหลากหลายประเภท",
            DataType::Other => "ข้อมูลประเภทอื่นๆ",
        }
    }

    pub fn from_value(value: &str) -> Option<DataType> {
        DataType::ALL.into_iter().find(|t| t.value() == value)
    }
}

/// What a field holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// One value of the list.
    Choice(&'static [&'static str]),
    /// Any number of values of the list.
    Multi(&'static [&'static str]),
    /// Free keywords (`tag_string`).
    Keywords,
    /// "True" or "False".
    Bool,
    /// An ISO date, YYYY-MM-DD.
    Date,
    Email,
}

/// Which dataset types a field belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applies {
    All,
    /// Record, multi-type and other datasets.
    NonStatistical,
    Statistical,
    StatisticalAndGeospatial,
    Geospatial,
}

impl Applies {
    pub fn includes(self, t: DataType) -> bool {
        use DataType::*;
        match self {
            Applies::All => true,
            Applies::NonStatistical => matches!(t, Record | MultiType | Other),
            Applies::Statistical => t == Statistical,
            Applies::StatisticalAndGeospatial => matches!(t, Statistical | Geospatial),
            Applies::Geospatial => t == Geospatial,
        }
    }
}

/// One field of the schema.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    pub name: &'static str,
    pub label_th: &'static str,
    pub applies: Applies,
    pub required: bool,
    pub kind: Kind,
}

pub const DATA_TYPES: &[&str] =
    &["ข้อมูลระเบียน", "ข้อมูลสถิติ", "ข้อมูลภูมิสารสนเทศเชิงพื้นที่", "ข้อมูลหลากหลายประเภท", "ข้อมูลประเภทอื่นๆ"];
pub const OBJECTIVES: &[&str] = &[
    "ยุทธศาสตร์ชาติ",
    "แผนพัฒนาเศรษฐกิจและสังคมแห่งชาติ",
    "แผนความมั่นคงแห่งชาติ",
    "แผนแม่บทภายใต้ยุทธศาสตร์ชาติ",
    "แผนปฏิรูปประเทศ",
    "แผนระดับที่ 3 (มติครม. 4 ธ.ค. 2560)",
    "นโยบายรัฐบาล/ข้อสั่งการนายกรัฐมนตรี",
    "มติคณะรัฐมนตรี",
    "เพื่อการให้บริการประชาชน",
    "กฎหมายที่เกี่ยวข้อง",
    "พันธกิจหน่วยงาน",
    "ดัชนี/ตัวชี้วัดระดับนานาชาติ",
    "ไม่ทราบ",
    "อื่นๆ",
];
pub const FREQUENCY_UNITS: &[&str] = &[
    "ไม่ทราบ",
    "ปี",
    "ครึ่งปี",
    "ไตรมาส",
    "เดือน",
    "สัปดาห์",
    "วัน",
    "วันทำการ",
    "ชั่วโมง",
    "นาที",
    "ตามเวลาจริง",
    "ไม่มีการปรับปรุงหลังจากการจัดเก็บข้อมูล",
    "อื่นๆ",
];
pub const GEO_COVERAGE: &[&str] = &[
    "ไม่มี",
    "โลก",
    "ทวีป/กลุ่มประเทศในทวีป",
    "กลุ่มประเทศทางเศรษฐกิจ",
    "ประเทศ",
    "ภาค",
    "จังหวัด",
    "อำเภอ",
    "ตำบล",
    "หมู่บ้าน",
    "เทศบาล/อบต.",
    "พิกัด",
    "ไม่ทราบ",
    "อื่นๆ",
];
pub const DATA_FORMATS: &[&str] = &[
    "Database",
    "CSV",
    "XML",
    "Image",
    "Video",
    "Audio",
    "Text",
    "JSON",
    "HTML",
    "DOC/DOCX",
    "XLS",
    "PDF",
    "RDF",
    "NoSQL",
    "Arc/Info Coverage",
    "Shapefile",
    "GeoTiff",
    "GML",
    "ไม่ทราบ",
    "อื่นๆ",
];
pub const DATA_CATEGORIES: &[&str] = &["ข้อมูลสาธารณะ", "ข้อมูลส่วนบุคคล", "ข้อมูลความมั่นคง", "ข้อมูลความลับทางราชการ"];
/// Licence *titles*, as the extension stores them in `license_id`.
pub const LICENSES: &[&str] = &[
    "License not specified",
    "Creative Commons Attributions",
    "Creative Commons Attributions Share-Alike",
    "Creative Commons Attributions Non-Commercial (Any)",
    "Open Data Common",
    "GNU Free Documentation License",
    "อื่นๆ",
];
pub const LANGUAGES: &[&str] =
    &["ไทย", "อังกฤษ", "จีน", "มลายู", "พม่า", "ลาว", "เขมร", "ญี่ปุ่น", "เกาหลี", "ฝรั่งเศส", "เยอรมัน", "อารบิก", "ไม่ทราบ", "อื่นๆ"];
pub const DISAGGREGATIONS: &[&str] = &[
    "ไม่มี",
    "เพศ",
    "อายุ/กลุ่มอายุ",
    "สถานภาพสมรส",
    "ศาสนา",
    "ระดับการศึกษา",
    "อาชีพ",
    "สถานภาพการทำงาน",
    "อุตสาหกรรม/ประเภทกิจการ",
    "รายได้",
    "ขอบเขตเชิงภูมิศาสตร์หรือเชิงพื้นที่",
    "ผลิตภัณฑ์",
    "ไม่ทราบ",
    "อื่นๆ",
];
/// The unit multipliers' names, then "ไม่ทราบ" and "อื่นๆ" (built from
/// [`UNIT_MULTIPLIERS`] so the two lists cannot drift apart).
pub const MULTIPLIERS: [&str; 15] = {
    let mut out = ["ไม่ทราบ"; 15];
    let mut i = 0;
    while i < UNIT_MULTIPLIERS.len() {
        out[i] = UNIT_MULTIPLIERS[i].1;
        i += 1;
    }
    out[14] = "อื่นๆ";
    out
};

const fn f(name: &'static str, label_th: &'static str, applies: Applies, required: bool, kind: Kind) -> Field {
    Field { name, label_th, applies, required, kind }
}

use Applies::{All, Geospatial, NonStatistical, Statistical, StatisticalAndGeospatial};
use Kind::{Bool, Choice, Date, Email, Keywords, Multi, Text};

/// Every `thai_gdc` dataset field but the package's own (`title`, `name`,
/// `owner_org`, `notes`), in the extension's order.
pub static FIELDS: &[Field] = &[
    f("data_type", "ประเภทชุดข้อมูล", All, true, Choice(DATA_TYPES)),
    f("allow_harvest", "ยินยอมให้นำชื่อชุดข้อมูลไปใช้ที่ GD-Catalog", All, false, Bool),
    f("reference_url_catalog", "อ้างอิง URL Catalog", All, false, Text),
    f("maintainer", "ชื่อผู้ติดต่อ", All, true, Text),
    f("maintainer_email", "อีเมลผู้ติดต่อ", All, true, Email),
    f("tag_string", "คำสำคัญ", All, true, Keywords),
    f("objective", "วัตถุประสงค์", All, true, Multi(OBJECTIVES)),
    f("update_frequency_unit", "หน่วยความถี่ของการปรับปรุงข้อมูล", All, true, Choice(FREQUENCY_UNITS)),
    f("update_frequency_interval", "ค่าความถี่ของการปรับปรุงข้อมูล (ความถี่น้อยที่สุด)", All, false, Text),
    f("geo_coverage", "ขอบเขตเชิงภูมิศาสตร์หรือเชิงพื้นที่", All, true, Choice(GEO_COVERAGE)),
    f("data_source", "แหล่งที่มา", All, true, Text),
    f("data_format", "รูปแบบการเก็บข้อมูล", All, true, Multi(DATA_FORMATS)),
    f("data_category", "หมวดหมู่ข้อมูลตามธรรมาภิบาลข้อมูลภาครัฐ", All, true, Choice(DATA_CATEGORIES)),
    f("license_id", "สัญญาอนุญาต", All, true, Choice(LICENSES)),
    f("accessible_condition", "เงื่อนไขในการเข้าถึงข้อมูล", All, false, Text),
    f("url", "URL", All, false, Text),
    f("data_language", "ภาษาที่ใช้", All, false, Multi(LANGUAGES)),
    f("last_updated_date", "วันที่ปรับปรุงข้อมูลล่าสุด", All, false, Date),
    f("data_support", "ผู้สนับสนุนหรือผู้ร่วมดำเนินการ", NonStatistical, false, Text),
    f("data_collect", "หน่วยที่ย่อยที่สุดของการจัดเก็บข้อมูล", NonStatistical, false, Text),
    f("created_date", "วันที่เริ่มต้นสร้าง", NonStatistical, false, Date),
    f("high_value_dataset", "ชุดข้อมูลที่มีคุณค่าสูง", NonStatistical, false, Bool),
    f("reference_data", "ข้อมูลอ้างอิง", NonStatistical, false, Bool),
    f("first_year_of_data", "ปีข้อมูลที่เริ่มต้นจัดทำ", Statistical, false, Text),
    f("last_year_of_data", "ปีข้อมูลล่าสุดที่เผยแพร่", Statistical, false, Text),
    f("data_release_calendar", "วันที่กำหนดเผยแพร่ข้อมูล", StatisticalAndGeospatial, false, Date),
    f("disaggregate", "การจัดจำแนก", Statistical, false, Multi(DISAGGREGATIONS)),
    f("unit_of_measure", "หน่วยวัด", Statistical, false, Text),
    f("unit_of_multiplier", "หน่วยตัวคูณ", Statistical, false, Choice(&MULTIPLIERS)),
    f("calculation_method", "วิธีการคำนวณ", Statistical, false, Text),
    f("standard", "มาตรฐานการจัดทำข้อมูล", Statistical, false, Text),
    f("official_statistics", "สถิติทางการ", Statistical, false, Bool),
    // The 13 layer types of `geographic_data_set` are not in our sources, so it is free text.
    f("geographic_data_set", "ชุดข้อมูลภูมิศาสตร์", Geospatial, false, Text),
    f("equivalent_scale", "มาตราส่วน", Geospatial, false, Text),
    f("west_bound_longitude", "ค่าพิกัดกรอบพื้นที่ด้านทิศตะวันตก", Geospatial, false, Text),
    f("east_bound_longitude", "ค่าพิกัดกรอบพื้นที่ด้านทิศตะวันออก", Geospatial, false, Text),
    // The extension really names the latitude bounds "longitude".
    f("north_bound_longitude", "ค่าพิกัดกรอบพื้นที่ด้านทิศเหนือ", Geospatial, false, Text),
    f("south_bound_longitude", "ค่าพิกัดกรอบพื้นที่ด้านทิศใต้", Geospatial, false, Text),
    f("positional_accuracy", "ความถูกต้องของตำแหน่ง", Geospatial, false, Text),
    f("reference_period", "เวลาอ้างอิง", Geospatial, false, Text),
    f("data_release_date", "วันที่เผยแพร่ข้อมูล", Geospatial, false, Date),
];

pub fn field(name: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.name == name)
}

/// A field's value: one string, or a list for multi-valued fields and keywords.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
pub enum GdcValue {
    Text(String),
    List(Vec<String>),
}

impl GdcValue {
    fn values(&self) -> Vec<&str> {
        match self {
            GdcValue::Text(t) => vec![t.as_str()],
            GdcValue::List(l) => l.iter().map(String::as_str).collect(),
        }
    }

    fn is_empty(&self) -> bool {
        self.values().iter().all(|v| v.trim().is_empty())
    }
}

/// The `thai_gdc` fields of one dataset, by field name.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct GdcMetadata(pub BTreeMap<String, GdcValue>);

impl GdcMetadata {
    pub fn text(&self, name: &str) -> Option<&str> {
        match self.0.get(name)? {
            GdcValue::Text(t) => Some(t),
            GdcValue::List(l) => l.first().map(String::as_str),
        }
    }

    pub fn list(&self, name: &str) -> Vec<&str> {
        self.0.get(name).map(GdcValue::values).unwrap_or_default()
    }

    pub fn set(&mut self, name: &str, value: &str) -> &mut Self {
        self.0.insert(name.into(), GdcValue::Text(value.into()));
        self
    }

    pub fn set_list(&mut self, name: &str, values: &[&str]) -> &mut Self {
        self.0.insert(name.into(), GdcValue::List(values.iter().map(|v| (*v).into()).collect()));
        self
    }

    pub fn data_type(&self) -> Option<DataType> {
        self.text("data_type").and_then(DataType::from_value)
    }

    /// Values that are wrong whatever the dataset's state: unknown fields,
    /// values outside a field's list, "อื่นๆ" without its `_other` text,
    /// booleans other than True/False, dates that are not ISO dates.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        for (name, value) in &self.0 {
            let Some(def) = field(name) else {
                let companion = name.strip_suffix("_other").and_then(field);
                if !companion.is_some_and(|c| matches!(c.kind, Choice(_) | Multi(_))) {
                    errors.push(FieldError::new(
                        name,
                        format!("ไม่มีฟิลด์ \"{name}\" ในมาตรฐานเมทาดาตา GD Catalog"),
                        format!("\"{name}\" is not a GD Catalog metadata field"),
                    ));
                }
                continue;
            };
            let values = value.values();
            if matches!(value, GdcValue::List(_)) && !matches!(def.kind, Multi(_) | Keywords) {
                errors.push(FieldError::new(
                    name,
                    format!("{} ({name}) รับได้ค่าเดียว", def.label_th),
                    format!("{name} takes one value, not a list"),
                ));
                continue;
            }
            for v in values.iter().filter(|v| !v.trim().is_empty()) {
                let problem = match def.kind {
                    Choice(list) | Multi(list) if !list.contains(v) => Some((
                        format!("{} ({name}): \"{v}\" ไม่อยู่ในรายการที่กำหนด", def.label_th),
                        format!("{name}: \"{v}\" is not one of the allowed values"),
                    )),
                    Bool if *v != "True" && *v != "False" => Some((
                        format!("{} ({name}) ต้องเป็น True หรือ False", def.label_th),
                        format!("{name} must be True or False, not \"{v}\""),
                    )),
                    Date if v.parse::<jiff::civil::Date>().is_err() => Some((
                        format!("{} ({name}) ต้องเป็นวันที่แบบ YYYY-MM-DD (ค.ศ.)", def.label_th),
                        format!("{name} must be an ISO date (YYYY-MM-DD), not \"{v}\""),
                    )),
                    Email if !v.contains('@') => Some((
                        format!("{} ({name}) ไม่ใช่อีเมล", def.label_th),
                        format!("{name} is not an e-mail address: \"{v}\""),
                    )),
                    _ => None,
                };
                if let Some((th, en)) = problem {
                    errors.push(FieldError::new(name, th, en));
                }
            }
            let other = format!("{name}_other");
            if matches!(def.kind, Choice(_) | Multi(_))
                && values.contains(&"อื่นๆ")
                && self.0.get(&other).is_none_or(GdcValue::is_empty)
            {
                errors.push(FieldError::new(
                    &other,
                    format!("{} เลือก \"อื่นๆ\" ต้องระบุใน {other}", def.label_th),
                    format!("{name} is \"อื่นๆ\" (other): say what in {other}"),
                ));
            }
        }
        errors
    }

    /// The required fields of this dataset's type that are empty: what must be
    /// filled before publishing.
    pub fn missing_required(&self) -> Vec<FieldError> {
        let Some(data_type) = self.data_type() else {
            return vec![FieldError::new(
                "data_type",
                "ต้องระบุประเภทชุดข้อมูล (data_type)".into(),
                "data_type is required".into(),
            )];
        };
        FIELDS
            .iter()
            .filter(|f| f.required && f.applies.includes(data_type))
            .filter(|f| self.0.get(f.name).is_none_or(GdcValue::is_empty))
            .map(|f| {
                FieldError::new(
                    f.name,
                    format!("ต้องกรอก {} ({}) ก่อนเผยแพร่", f.label_th, f.name),
                    format!("{} is required before publishing", f.name),
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn complete() -> GdcMetadata {
        let mut m = GdcMetadata::default();
        m.set("data_type", "ข้อมูลสถิติ")
            .set("maintainer", "กองสถิติสังคม")
            .set("maintainer_email", "stat@nso.go.th")
            .set_list("tag_string", &["แรงงาน", "การว่างงาน"])
            .set_list("objective", &["พันธกิจหน่วยงาน"])
            .set("update_frequency_unit", "ปี")
            .set("geo_coverage", "จังหวัด")
            .set("data_source", "สำนักงานสถิติแห่งชาติ")
            .set_list("data_format", &["CSV", "XLS"])
            .set("data_category", "ข้อมูลสาธารณะ")
            .set("license_id", "Open Data Common")
            .set("official_statistics", "True")
            .set("unit_of_multiplier", "พัน");
        m
    }

    #[test]
    fn complete_statistical_metadata_passes() {
        let m = complete();
        assert_eq!(m.validate(), []);
        assert_eq!(m.missing_required(), []);
        assert_eq!(MULTIPLIERS[6], "ล้าน");
        assert_eq!(MULTIPLIERS[13], "ไม่ทราบ");
    }

    #[test]
    fn wrong_values_are_named() {
        let mut m = complete();
        m.set("geo_coverage", "ดาวอังคาร")
            .set("official_statistics", "yes")
            .set_list("objective", &["อื่นๆ"])
            .set("last_updated_date", "31/03/2567")
            .set("colour", "แดง")
            .set("maintainer", "")
            .set_list("license_id", &["Open Data Common"]);
        let fields: Vec<String> = m.validate().into_iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            ["colour", "geo_coverage", "last_updated_date", "license_id", "objective_other", "official_statistics"]
        );
        m.set("objective_other", "แผนจังหวัด");
        assert!(!m.validate().iter().any(|e| e.field == "objective_other"));
        assert_eq!(m.missing_required().iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["maintainer"]);
    }
}
