//! The PMQA 4.0 criteria of a fiscal year, as versioned data.
//!
//! What is code and what is data (`../shared/reference/scoring-rules.md` §1):
//!
//! - categories 1–7 and their sub-items, with their Thai names, are taken from the
//!   NSO's newsletter (`corpus/nso-newsletter-pmqa.txt` lines 110–178 and 386–464)
//!   and the English labels from the reference; they are data all the same, since
//!   OPDC revises the criteria;
//! - the level names Basic / Advance / Significance (ระดับพื้นฐาน / ระดับก้าวหน้า /
//!   ระดับพัฒนาจนเกิดผล) are code ([`Level`]);
//! - the percentage bands are Baldrige's (0–5, 10–25, 30–45, 50–65, 70–85,
//!   90–100 %), the default of [`PmqaCriteria::percent_bands`];
//! - the total (500) and the threshold of "4.0 status" (400) are UNVERIFIED: the
//!   stated defaults, to be replaced from the OPDC manual;
//! - the points per category and sub-item are not given by any source found, so
//!   the default set splits the 500 points provisionally (60 per process category,
//!   15 per sub-item; 140 for results) and says so: [`PmqaCriteria::provisional`];
//! - which percentages each level may take is not given either: no level band
//!   is set by default ([`PmqaCriteria::level_bands`] is empty).

use serde::{Deserialize, Serialize};
use tidtam_thai::fiscal::FiscalYear;

use crate::decimal::Decimal;
use crate::finding::{Finding, Rule};

/// The level a process sub-item is assessed at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Basic,
    Advance,
    Significance,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Basic, Level::Advance, Level::Significance];

    pub fn name_th(self) -> &'static str {
        match self {
            Level::Basic => "ระดับพื้นฐาน",
            Level::Advance => "ระดับก้าวหน้า",
            Level::Significance => "ระดับพัฒนาจนเกิดผล",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Level::Basic => "Basic",
            Level::Advance => "Advance",
            Level::Significance => "Significance",
        }
    }
}

/// A range of percentages, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PercentBand {
    pub min: Decimal,
    pub max: Decimal,
}

impl PercentBand {
    pub fn contains(self, percent: Decimal) -> bool {
        self.min <= percent && percent <= self.max
    }
}

/// The percentages a level may take.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelBand {
    pub level: Level,
    pub band: PercentBand,
}

/// A sub-item (ประเด็น) such as 1.1.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemDef {
    pub code: String,
    pub name_th: String,
    pub name_en: String,
    pub max_points: Decimal,
}

/// A category (หมวด) 1–7.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryDef {
    pub number: u8,
    pub name_th: String,
    pub name_en: String,
    pub max_points: Decimal,
    pub items: Vec<ItemDef>,
}

/// A fiscal year's criteria.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PmqaCriteria {
    pub fiscal_year: FiscalYear,
    pub categories: Vec<CategoryDef>,
    pub total_max: Decimal,
    /// The points for "4.0 status" (UNVERIFIED; default 400).
    pub threshold: Decimal,
    /// The percentages an item may be given (default Baldrige's six bands).
    pub percent_bands: Vec<PercentBand>,
    /// The percentages each level may take (none by default: no source).
    pub level_bands: Vec<LevelBand>,
    /// Scores move in steps of this many percent (Baldrige: 5); the gap plan
    /// raises items by whole steps.
    pub step_percent: Decimal,
    /// True while the points per category and sub-item are the provisional split,
    /// not figures from the OPDC manual; pages should say so.
    pub provisional: bool,
}

fn n(value: i64) -> Decimal {
    Decimal::from_int(value)
}

/// (code, Thai name from the newsletter, English label from the reference, points).
type ItemRow = (&'static str, &'static str, &'static str, i64);

const CATEGORIES: [(u8, &str, &str, &[ItemRow]); 7] = [
    (
        1,
        "การนำองค์การ",
        "Leadership",
        &[
            ("1.1", "ระบบการนำองค์การที่สร้างความยั่งยืน", "Leadership system for sustainability", 15),
            ("1.2", "การป้องกันการทุจริตและสร้างความโปร่งใส", "Anti-corruption and transparency", 15),
            (
                "1.3",
                "การมุ่งเน้นผลสัมฤทธิ์ผ่านการสร้างการมีส่วนร่วมของบุคลากร และเครือข่ายทั้งภายในและภายนอก",
                "Results through staff and network participation",
                15,
            ),
            ("1.4", "การคำนึงถึงผลกระทบต่อสังคมทั้งในระยะสั้น และระยะยาว", "Short- and long-term social impact", 15),
        ],
    ),
    (
        2,
        "การวางแผนเชิงยุทธศาสตร์",
        "Strategic planning",
        &[
            (
                "2.1",
                "แผนยุทธศาสตร์ที่ตอบสนองความท้าทาย สร้างนวัตกรรมการเปลี่ยนแปลง และมุ่งเน้นประโยชน์สู่ประชาชน",
                "Strategy that answers challenges, innovates and benefits citizens",
                15,
            ),
            (
                "2.2",
                "เป้าหมายเชิงยุทธศาสตร์ทั้งระยะสั้นและระยะยาวสอดคล้องพันธกิจและยุทธศาสตร์ชาติ",
                "Short- and long-term goals aligned with the mission and the National Strategy",
                15,
            ),
            ("2.3", "แผนขับเคลื่อนในทุกระดับและทุกภาคส่วน", "Roll-out plans at all levels", 15),
            ("2.4", "การติดตามผลการบรรลุเป้าหมาย การแก้ไขปัญหา และการรายงานผล", "Monitoring, fixing and reporting", 15),
        ],
    ),
    (
        3,
        "การให้ความสำคัญกับผู้รับบริการและผู้มีส่วนได้ส่วนเสีย",
        "Customer and stakeholder focus",
        &[
            (
                "3.1",
                "ระบบข้อมูลและสารสนเทศที่ทันสมัยเพื่อนำมาใช้ประโยชน์ในการพัฒนาการให้บริการและการเข้าถึง",
                "Modern information systems for service",
                15,
            ),
            (
                "3.2",
                "การประเมินความพึงพอใจและความผูกพันของผู้รับบริการ และผู้มีส่วนได้ส่วนเสีย เพื่อนำมาใช้ประโยชน์",
                "Satisfaction and engagement measured and used",
                15,
            ),
            (
                "3.3",
                "การสร้างนวัตกรรมบริการที่สร้างความแตกต่าง และสามารถตอบสนองความต้องการเฉพาะ",
                "Differentiating service innovation",
                15,
            ),
            ("3.4", "กระบวนการแก้ไขข้อร้องเรียนที่รวดเร็ว และสร้างสรรค์", "Fast complaint handling", 15),
        ],
    ),
    (
        4,
        "การวัด วิเคราะห์ และจัดการความรู้",
        "Measurement, analysis and knowledge management",
        &[
            (
                "4.1",
                "การใช้ข้อมูลในการกำหนดตัววัดเพื่อติดตามงาน และการเปิดเผยข้อมูลต่อสาธารณะ",
                "Data-based measures and open data",
                15,
            ),
            ("4.2", "การวิเคราะห์ผลจากข้อมูล และตัววัด เพื่อนำไปสู่การพัฒนาและแก้ไขปัญหา", "Analysis for improvement", 15),
            (
                "4.3",
                "การจัดการความรู้ และใช้องค์ความรู้เพื่อเรียนรู้ พัฒนา แก้ปัญหา และสร้างนวัตกรรม",
                "Knowledge management and innovation",
                15,
            ),
            ("4.4", "การบริหารจัดการข้อมูล สารสนเทศ และปรับระบบการทำงานให้เป็นดิจิทัล", "Data management and digitalisation", 15),
        ],
    ),
    (
        5,
        "การมุ่งเน้นบุคลากร",
        "Workforce focus",
        &[
            ("5.1", "ระบบการจัดการบุคลากรที่ตอบสนองต่อยุทธศาสตร์ และสร้างแรงจูงใจ", "HR system aligned with strategy", 15),
            ("5.2", "ระบบการทำงานที่มีประสิทธิภาพ คล่องตัว มุ่งผลสัมฤทธิ์", "Efficient, agile work system", 15),
            (
                "5.3",
                "การสร้างวัฒนธรรมการทำงานที่เป็นมืออาชีพ การสร้างความผูกพัน และความเป็นเจ้าของให้แก่บุคลากร",
                "Professional culture and engagement",
                15,
            ),
            ("5.4", "ระบบการพัฒนาบุคลากร", "Workforce development", 15),
        ],
    ),
    (
        6,
        "การมุ่งเน้นระบบการปฏิบัติการ",
        "Operations focus",
        &[
            ("6.1", "กระบวนการทำงานที่เชื่อมโยงตั้งแต่ต้นจนจบสู่ผลลัพธ์ที่ต้องการ", "End-to-end processes", 15),
            (
                "6.2",
                "การสร้างนวัตกรรมในการปรับปรุงผลผลิต กระบวนการ และบริการ",
                "Innovation in products, processes and services",
                15,
            ),
            (
                "6.3",
                "การลดต้นทุนและการใช้ทรัพยากรเพื่อเพิ่มประสิทธิภาพ และขีดความสามารถในการแข่งขัน",
                "Cost reduction and productivity",
                15,
            ),
            (
                "6.4",
                "การมุ่งเน้นประสิทธิผลทั่วทั้งองค์การ และผลกระทบต่อยุทธศาสตร์ชาติ",
                "Organisation-wide effectiveness and impact on the National Strategy",
                15,
            ),
        ],
    ),
    (
        7,
        "ผลลัพธ์การดำเนินการ",
        "Results",
        &[
            ("7.1", "การบรรลุผลลัพธ์ของตัวชี้วัดตามพันธกิจ", "Mission KPIs", 25),
            ("7.2", "การบรรลุผลลัพธ์ตามตัวชี้วัดด้านผู้รับบริการ และประชาชน", "Service recipients and citizens", 25),
            ("7.3", "การบรรลุผลสัมฤทธิ์ตามตัวชี้วัดด้านการพัฒนาบุคลากร", "Workforce", 20),
            ("7.4", "การบรรลุผลสัมฤทธิ์ตามตัวชี้วัดด้านการเป็นต้นแบบ", "Role model", 20),
            (
                "7.5",
                "การบรรลุผลลัพธ์ตามตัวชี้วัดด้านผลกระทบต่อเศรษฐกิจ สังคม สาธารณสุข และสิ่งแวดล้อม",
                "Economic, social, public-health and environmental impact",
                25,
            ),
            (
                "7.6",
                "การบรรลุผลลัพธ์ตามตัวชี้วัดด้านการลดต้นทุน การสร้างนวัตกรรม และการจัดการกระบวนการ",
                "Cost, innovation and process management",
                25,
            ),
        ],
    ),
];

impl PmqaCriteria {
    /// The shipped default set for `fiscal_year`; see the module documentation for
    /// which of its numbers are sourced and which are provisional.
    pub fn default_for(fiscal_year: FiscalYear) -> PmqaCriteria {
        let categories = CATEGORIES
            .iter()
            .map(|&(number, name_th, name_en, items)| {
                let items: Vec<ItemDef> = items
                    .iter()
                    .map(|&(code, name_th, name_en, points)| ItemDef {
                        code: code.into(),
                        name_th: name_th.into(),
                        name_en: name_en.into(),
                        max_points: n(points),
                    })
                    .collect();
                CategoryDef {
                    number,
                    name_th: name_th.into(),
                    name_en: name_en.into(),
                    max_points: items.iter().map(|item| item.max_points).sum(),
                    items,
                }
            })
            .collect();
        let band = |min, max| PercentBand { min: n(min), max: n(max) };
        PmqaCriteria {
            fiscal_year,
            categories,
            total_max: n(500),
            threshold: n(400),
            percent_bands: vec![band(0, 5), band(10, 25), band(30, 45), band(50, 65), band(70, 85), band(90, 100)],
            level_bands: Vec::new(),
            step_percent: n(5),
            provisional: true,
        }
    }

    /// The sub-item `code` and the number of its category.
    pub fn item(&self, code: &str) -> Option<(u8, &ItemDef)> {
        self.categories.iter().find_map(|category| {
            category.items.iter().find(|item| item.code == code).map(|item| (category.number, item))
        })
    }

    /// Every sub-item with its category number, in order.
    pub fn items(&self) -> impl Iterator<Item = (u8, &ItemDef)> {
        self.categories.iter().flat_map(|category| category.items.iter().map(move |item| (category.number, item)))
    }

    /// Whether the maximum points add up: items to their category, categories to
    /// the total, and the threshold within the total.
    pub fn check(&self) -> Vec<Finding> {
        let mut findings = Vec::new();
        for category in &self.categories {
            let items: Decimal = category.items.iter().map(|item| item.max_points).sum();
            if items != category.max_points {
                findings.push(Finding::new(
                    Rule::PmqaCriteriaPoints,
                    category.number.to_string(),
                    format!(
                        "คะแนนเต็มรายประเด็นของหมวด {} รวมได้ {items} แต่คะแนนเต็มของหมวดคือ {}",
                        category.number, category.max_points
                    ),
                    format!(
                        "category {}'s sub-items add up to {items} points, but the category's maximum is {}",
                        category.number, category.max_points
                    ),
                ));
            }
        }
        let categories: Decimal = self.categories.iter().map(|category| category.max_points).sum();
        if categories != self.total_max {
            findings.push(Finding::new(
                Rule::PmqaCriteriaPoints,
                "",
                format!("คะแนนเต็มของหมวด ๑–๗ รวมได้ {categories} แต่คะแนนเต็มทั้งหมดคือ {}", self.total_max),
                format!("the categories add up to {categories} points, but the total maximum is {}", self.total_max),
            ));
        }
        if self.threshold <= Decimal::ZERO || self.threshold > self.total_max {
            findings.push(Finding::new(
                Rule::PmqaCriteriaPoints,
                "",
                format!("เกณฑ์ผ่าน {} ต้องอยู่ระหว่าง ๐ ถึงคะแนนเต็ม {}", self.threshold, self.total_max),
                format!("the threshold {} must be above 0 and at most the total {}", self.threshold, self.total_max),
            ));
        }
        findings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_set_is_consistent_and_named_as_the_newsletter_names_it() {
        let criteria = PmqaCriteria::default_for(FiscalYear::from_be(2563));
        assert!(criteria.check().is_empty(), "{:?}", criteria.check());
        assert_eq!(criteria.categories.len(), 7);
        assert_eq!(criteria.items().count(), 30);
        assert_eq!(criteria.total_max, n(500));
        assert_eq!(criteria.threshold, n(400));
        assert!(criteria.provisional);
        // newsletter line 167 and line 451.
        assert_eq!(criteria.item("5.4").unwrap().1.name_th, "ระบบการพัฒนาบุคลากร");
        assert_eq!(criteria.item("7.5").unwrap().0, 7);
        assert!(criteria.item("8.1").is_none());
        // newsletter line 136.
        assert_eq!(criteria.categories[2].name_th, "การให้ความสำคัญกับผู้รับบริการและผู้มีส่วนได้ส่วนเสีย");
    }

    #[test]
    fn points_that_do_not_add_up_are_found() {
        let mut criteria = PmqaCriteria::default_for(FiscalYear::from_be(2563));
        criteria.categories[0].items[0].max_points = n(20);
        criteria.threshold = n(600);
        let findings = criteria.check();
        assert_eq!(findings.len(), 2);
        assert!(findings.iter().all(|f| f.rule == Rule::PmqaCriteriaPoints));
        assert_eq!(findings[0].subject, "1");
        assert!(findings[0].message_en.contains("65"), "{}", findings[0].message_en);
        criteria.categories[0].max_points = n(65);
        assert!(criteria.check()[0].message_en.contains("505"));
    }
}
