//! The hub demo's protected dataset: new tuberculosis cases by province and sex,
//! 2564–2566 — **demonstration values** (computed from the province code, marked
//! so in the title, the description and the release note), counts with small
//! cells, published under minimum-frequency suppression (n = 3), so the public
//! pages, downloads, SDMX and CKAN show suppressed cells and the statistician's
//! page shows the values as loaded and the pattern.

use tidtam_domain::policy::Actor;
use tidtam_stats::disclosure::{Disclosure, Suppression};
use tidtam_stats::load::{ColumnRole, Mapping, Role as Column};
use tidtam_stats::model::{Dataset, DimensionId, Indicator};
use tidtam_stats::release::LoadMode;
use tidtam_thai::province::PROVINCES;

use crate::{Result, Service};

/// The dataset's id.
pub const SDC_DEMO_DATASET: &str = "DEMO_TB_CASES";
/// Its count indicator.
pub const SDC_DEMO_INDICATOR: &str = "TB_NEW";
/// Its years (CE, as SDMX reads them): 2564–2566 BE.
pub const SDC_DEMO_YEARS: [i16; 3] = [2021, 2022, 2023];

pub fn sdc_demo_dataset() -> Dataset {
    Dataset {
        id: SDC_DEMO_DATASET.into(),
        title_th: "ผู้ป่วยวัณโรครายใหม่ จำแนกตามพื้นที่และเพศ (ค่าสาธิต ไม่ใช่ข้อมูลจริง)".into(),
        title_en: "New tuberculosis cases by area and sex (demonstration values, not real data)".into(),
        description_th:
            "ค่าสาธิตสำหรับทดลองการควบคุมการเปิดเผยข้อมูลเท่านั้น คำนวณจากรหัสพื้นที่ ไม่ใช่สถิติทางการ ช่องที่มีผู้ป่วย 1–2 รายปกปิดก่อนเผยแพร่"
                .into(),
        sector: "S05".into(),
        dimensions: vec![DimensionId::Indicator, DimensionId::Area, DimensionId::Sex],
        indicators: vec![Indicator {
            code: SDC_DEMO_INDICATOR.into(),
            name_th: "ผู้ป่วยวัณโรครายใหม่".into(),
            name_en: "New tuberculosis cases".into(),
            unit_th: "ราย".into(),
            unit_en: "cases".into(),
            unit_mult: 0,
        }],
        metadata: crate::stats_demo::metadata(
            "ปี",
            "จังหวัด",
            "ค่าสาธิต (demonstration values)",
            &["ค่าสาธิต", "การควบคุมการเปิดเผยข้อมูล", "วัณโรค"],
            false,
        ),
        disclosure: Disclosure::Suppression(Suppression {
            count_indicator: SDC_DEMO_INDICATOR.into(),
            min_frequency: Some(3),
            ..Suppression::default()
        }),
    }
}

/// A demonstration count: 0 to 40, with about one cell in eight of 1 or 2.
pub fn sdc_demo_count(province: u8, female: bool, year_index: usize) -> u32 {
    let mut x = u64::from(province) * 0x9E37_79B9 + u64::from(female) * 0x85EB_CA6B + year_index as u64 * 0xC2B2_AE35;
    x ^= x >> 15;
    x = x.wrapping_mul(0x2C1B_3C6D);
    x ^= x >> 12;
    let r = (x % 64) as u32;
    if r < 8 { r % 3 } else { r - 5 }
}

/// The table as the agency publishes it: every province × sex with the totals
/// (each province's and the kingdom's), tidy, area codes.
pub fn sdc_demo_csv() -> String {
    let mut out = String::from("AREA,SEX,TIME_PERIOD,OBS_VALUE\n");
    for (yi, year) in SDC_DEMO_YEARS.iter().enumerate() {
        let (mut all_m, mut all_f) = (0, 0);
        for p in PROVINCES.iter() {
            let (m, f) = (sdc_demo_count(p.code, false, yi), sdc_demo_count(p.code, true, yi));
            all_m += m;
            all_f += f;
            let area = format!("TH-{:02}", p.code);
            out.push_str(&format!("{area},M,{year},{m}\n{area},F,{year},{f}\n{area},_T,{year},{}\n", m + f));
        }
        out.push_str(&format!("TH,M,{year},{all_m}\nTH,F,{year},{all_f}\nTH,_T,{year},{}\n", all_m + all_f));
    }
    out
}

fn mapping() -> Mapping {
    let mut fixed = std::collections::BTreeMap::new();
    fixed.insert(DimensionId::Indicator, SDC_DEMO_INDICATOR.to_owned());
    let col = |name: &str, role| ColumnRole { column: name.into(), role };
    Mapping {
        header_rows: 1,
        columns: vec![
            col("AREA", Column::Dimension(DimensionId::Area)),
            col("SEX", Column::Dimension(DimensionId::Sex)),
            col("TIME_PERIOD", Column::Period),
            col("OBS_VALUE", Column::Value),
        ],
        fixed,
        ..Mapping::default()
    }
}

impl Service {
    /// Defines, loads and publishes the protected demo dataset as `statistician`
    /// (a statistician of `agency_id`); returns its id.
    pub async fn generate_sdc_demo(&self, statistician: &Actor, agency_id: i64) -> Result<String> {
        let s = statistician;
        self.define_stat_dataset(s, agency_id, sdc_demo_dataset()).await?;
        self.load_stat_release(
            s,
            SDC_DEMO_DATASET,
            "tb-2564-2566.csv",
            sdc_demo_csv().into_bytes(),
            Some(mapping()),
            LoadMode::Replace,
            "ค่าสาธิต ไม่ใช่ข้อมูลจริง (demonstration values)",
        )
        .await?;
        let row = self.stat_dataset(s, SDC_DEMO_DATASET).await?;
        self.publish_stat_dataset(s, SDC_DEMO_DATASET, row.version, true).await?;
        Ok(SDC_DEMO_DATASET.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_table_has_small_cells_and_is_marked() {
        let small = (0..3)
            .flat_map(|y| PROVINCES.iter().flat_map(move |p| [false, true].map(|f| sdc_demo_count(p.code, f, y))))
            .filter(|&c| c == 1 || c == 2)
            .count();
        assert!((10..100).contains(&small), "{small} small cells");
        let d = sdc_demo_dataset();
        assert!(d.title_th.contains("ค่าสาธิต") && d.validate().is_empty() && d.disclosure_errors().is_empty());
        assert!(d.metadata.missing_required().is_empty());
        assert_eq!(sdc_demo_csv().lines().count(), 1 + 3 * (77 + 1) * 3);
    }
}
