//! The 18 province groups (กลุ่มจังหวัด) of integrated provincial administration.
//!
//! Provinces plan and budget together in groups, so a provincial statistics
//! page compares a province with the other members of its group. The grouping
//! is the one announced by the committee on integrated provincial and
//! province-group administration (ก.น.จ.) in 2552 (ราชกิจจานุเบกษา 2552,
//! เล่ม 126 ตอนพิเศษ 28 ง), with บึงกาฬ (created in 2554) in the upper
//! northeast 1 group of หนองคาย it was split from; it is the grouping of the
//! provincial data-linkage MOU of 2555, whose pilot provinces are two of its
//! groups. A later announcement (17 November 2560) moved some provinces; a
//! deployment that needs it replaces this table, nothing else depends on it.
//! Bangkok belongs to no group.

use crate::province::{Province, by_code};

/// A province group: its name and member provinces by official code.
#[derive(Debug, PartialEq, Eq, serde::Serialize)]
pub struct ProvinceGroup {
    /// 1..=18, in the announcement's order by region.
    pub number: u8,
    pub name_th: &'static str,
    pub name_en: &'static str,
    pub members: &'static [u8],
}

impl ProvinceGroup {
    pub fn provinces(&self) -> impl Iterator<Item = &'static Province> + '_ {
        self.members.iter().filter_map(|&code| by_code(code))
    }
}

const fn g(number: u8, name_th: &'static str, name_en: &'static str, members: &'static [u8]) -> ProvinceGroup {
    ProvinceGroup { number, name_th, name_en, members }
}

pub const GROUPS: [ProvinceGroup; 18] = [
    g(1, "กลุ่มจังหวัดภาคกลางตอนบน 1", "Upper Central 1", &[12, 13, 14, 11, 19]),
    g(2, "กลุ่มจังหวัดภาคกลางตอนบน 2", "Upper Central 2", &[18, 16, 17, 15]),
    g(3, "กลุ่มจังหวัดภาคกลางตอนล่าง 1", "Lower Central 1", &[71, 73, 70, 72]),
    g(4, "กลุ่มจังหวัดภาคกลางตอนล่าง 2", "Lower Central 2", &[76, 77, 74, 75]),
    g(5, "กลุ่มจังหวัดภาคตะวันออก 1", "East 1", &[20, 21, 22, 23]),
    g(6, "กลุ่มจังหวัดภาคตะวันออก 2", "East 2", &[24, 25, 26, 27]),
    g(7, "กลุ่มจังหวัดภาคใต้ฝั่งอ่าวไทย", "South Gulf of Thailand", &[86, 84, 80, 93]),
    g(8, "กลุ่มจังหวัดภาคใต้ฝั่งอันดามัน", "South Andaman", &[81, 82, 83, 85, 92]),
    g(9, "กลุ่มจังหวัดภาคใต้ชายแดน", "Southern Border", &[90, 91, 94, 95, 96]),
    g(10, "กลุ่มจังหวัดภาคตะวันออกเฉียงเหนือตอนบน 1", "Upper Northeast 1", &[41, 42, 43, 39, 38]),
    g(11, "กลุ่มจังหวัดภาคตะวันออกเฉียงเหนือตอนบน 2", "Upper Northeast 2", &[47, 48, 49]),
    g(12, "กลุ่มจังหวัดภาคตะวันออกเฉียงเหนือตอนกลาง", "Central Northeast", &[40, 44, 45, 46]),
    g(13, "กลุ่มจังหวัดภาคตะวันออกเฉียงเหนือตอนล่าง 1", "Lower Northeast 1", &[30, 36, 31, 32]),
    g(14, "กลุ่มจังหวัดภาคตะวันออกเฉียงเหนือตอนล่าง 2", "Lower Northeast 2", &[34, 33, 35, 37]),
    g(15, "กลุ่มจังหวัดภาคเหนือตอนบน 1", "Upper North 1", &[50, 51, 52, 58]),
    g(16, "กลุ่มจังหวัดภาคเหนือตอนบน 2", "Upper North 2", &[57, 56, 54, 55]),
    g(17, "กลุ่มจังหวัดภาคเหนือตอนล่าง 1", "Lower North 1", &[63, 65, 67, 64, 53]),
    g(18, "กลุ่มจังหวัดภาคเหนือตอนล่าง 2", "Lower North 2", &[62, 60, 66, 61]),
];

/// The group a province belongs to (none for Bangkok or an unknown code).
pub fn group_of(code: u8) -> Option<&'static ProvinceGroup> {
    GROUPS.iter().find(|group| group.members.contains(&code))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::province::PROVINCES;

    #[test]
    fn the_groups_partition_the_76_provinces_and_leave_out_bangkok() {
        let mut seen = Vec::new();
        for group in &GROUPS {
            for &code in group.members {
                assert!(by_code(code).is_some(), "{code} in {} is a province", group.name_th);
                assert!(!seen.contains(&code), "{code} is in two groups");
                seen.push(code);
            }
        }
        assert_eq!(seen.len(), 76);
        assert!(PROVINCES.iter().filter(|p| p.code != 10).all(|p| group_of(p.code).is_some()));
        assert_eq!(group_of(10), None);
        assert_eq!(GROUPS.iter().map(|g| g.number).collect::<Vec<_>>(), (1..=18).collect::<Vec<_>>());
    }

    #[test]
    fn groups_follow_administration_not_the_six_geographic_regions() {
        // ตาก is western and พิษณุโลก central in the six-region scheme, yet both are lower north 1.
        assert_eq!(group_of(63).map(|g| g.number), Some(17));
        assert_eq!(group_of(65).map(|g| g.number), Some(17));
        assert_eq!(group_of(60).map(|g| g.number), Some(18), "นครสวรรค์ is in lower north 2");
        assert_eq!(group_of(38).map(|g| g.number), Some(10), "บึงกาฬ is in upper northeast 1");
    }
}
