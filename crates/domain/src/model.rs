//! The entities tidtam keeps, as plain data.
//!
//! Identifiers are database ids (`i64`) handed out by `tidtam-store`; every
//! editable record carries a `version` for optimistic locking. `*Input` types
//! are what a person submits; their `validate` methods return every problem at
//! once, in Thai and English, so a form can show them all.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::Baht;
use crate::period::{FiscalYear, Quarter};
use crate::problem::ProblemCause;
use crate::workflow::ReportStatus;

/// One thing wrong with a submitted field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message_th: String,
    pub message_en: String,
}

impl FieldError {
    pub fn new(field: &str, message_th: &str, message_en: &str) -> FieldError {
        FieldError { field: field.into(), message_th: message_th.into(), message_en: message_en.into() }
    }
}

/// Levels of the organisation tree, top down.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    Ministry,
    Agency,
    /// A division (กอง/สำนัก) or group (กลุ่ม) inside an agency.
    Division,
    ProvincialOffice,
}

impl OrgKind {
    pub const ALL: [OrgKind; 4] = [OrgKind::Ministry, OrgKind::Agency, OrgKind::Division, OrgKind::ProvincialOffice];

    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::Ministry => "ministry",
            OrgKind::Agency => "agency",
            OrgKind::Division => "division",
            OrgKind::ProvincialOffice => "provincial_office",
        }
    }

    pub fn parse(text: &str) -> Option<OrgKind> {
        OrgKind::ALL.into_iter().find(|kind| kind.as_str() == text)
    }

    /// The kind a parent must have (`None`: a root).
    pub fn parent_kind(self) -> Option<OrgKind> {
        match self {
            OrgKind::Ministry => None,
            OrgKind::Agency => Some(OrgKind::Ministry),
            OrgKind::Division | OrgKind::ProvincialOffice => Some(OrgKind::Agency),
        }
    }
}

/// A node of the organisation tree.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgUnit {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub kind: OrgKind,
    pub code: String,
    pub name: String,
    /// Official 2-digit code of a provincial office's province.
    pub province_code: Option<u8>,
    pub version: i64,
}

/// Input for creating an organisation unit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgUnitInput {
    pub parent_id: Option<i64>,
    pub kind: OrgKind,
    pub code: String,
    pub name: String,
    pub province_code: Option<u8>,
}

impl OrgUnitInput {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.name.trim().is_empty() {
            errors.push(FieldError::new("name", "ต้องระบุชื่อหน่วยงาน", "name is required"));
        }
        if self.code.trim().is_empty() {
            errors.push(FieldError::new("code", "ต้องระบุรหัสหน่วยงาน", "code is required"));
        }
        if (self.kind.parent_kind().is_some()) != self.parent_id.is_some() {
            errors.push(FieldError::new(
                "parent_id",
                "ระดับของหน่วยงานไม่สอดคล้องกับหน่วยงานแม่",
                "parent does not fit the unit's level",
            ));
        }
        match (self.kind, self.province_code) {
            (OrgKind::ProvincialOffice, None) => errors.push(FieldError::new(
                "province_code",
                "สำนักงานจังหวัดต้องระบุจังหวัด",
                "a provincial office needs a province",
            )),
            (_, Some(code)) if !crate::model::is_province_code(code) => {
                errors.push(FieldError::new("province_code", "รหัสจังหวัดไม่ถูกต้อง", "unknown province code"))
            }
            _ => {}
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }
}

/// Whether a 2-digit code is one of the official province codes (10..=96).
pub fn is_province_code(code: u8) -> bool {
    PROVINCE_CODES.contains(&code)
}

/// The official codes of the 77 provinces (กรมการปกครอง).
pub const PROVINCE_CODES: [u8; 77] = [
    10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
    41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 60, 61, 62, 63, 64, 65, 66, 67, 70, 71, 72,
    73, 74, 75, 76, 77, 80, 81, 82, 83, 84, 85, 86, 90, 91, 92, 93, 94, 95, 96,
];

/// Levels of the strategy hierarchy, top down.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StrategyLevel {
    /// ยุทธศาสตร์ชาติ (20-year national strategy).
    NationalStrategy,
    /// แผนแม่บทภายใต้ยุทธศาสตร์ชาติ.
    MasterPlan,
    /// ยุทธศาสตร์กระทรวง 1–5.
    MinistryStrategy,
    /// แผนปฏิบัติการของหน่วยงาน.
    AgencyPlan,
}

impl StrategyLevel {
    pub const ALL: [StrategyLevel; 4] = [
        StrategyLevel::NationalStrategy,
        StrategyLevel::MasterPlan,
        StrategyLevel::MinistryStrategy,
        StrategyLevel::AgencyPlan,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            StrategyLevel::NationalStrategy => "national_strategy",
            StrategyLevel::MasterPlan => "master_plan",
            StrategyLevel::MinistryStrategy => "ministry_strategy",
            StrategyLevel::AgencyPlan => "agency_plan",
        }
    }

    pub fn parse(text: &str) -> Option<StrategyLevel> {
        StrategyLevel::ALL.into_iter().find(|level| level.as_str() == text)
    }
}

/// A strategy, plan or goal at some level; projects link to any number of them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Strategy {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub level: StrategyLevel,
    /// The agency that owns an agency plan; `None` above that level.
    pub agency_id: Option<i64>,
    pub code: String,
    pub name: String,
    pub version: i64,
}

/// Input for creating a strategy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StrategyInput {
    pub parent_id: Option<i64>,
    pub level: StrategyLevel,
    pub agency_id: Option<i64>,
    pub code: String,
    pub name: String,
}

/// A project (single or multi-year).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Project {
    pub id: i64,
    pub agency_id: i64,
    pub owner_division_id: Option<i64>,
    #[serde(flatten)]
    pub fields: ProjectInput,
    pub version: i64,
}

/// The editable fields of a project.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProjectInput {
    pub code: Option<String>,
    pub name: String,
    pub budget_source: Option<String>,
    pub value: Option<Baht>,
    pub start_year: FiscalYear,
    pub end_year: FiscalYear,
    pub objectives: Vec<String>,
    pub summary: Option<String>,
    pub area: Option<String>,
    pub nationwide: bool,
    /// Official province codes.
    pub provinces: Vec<u8>,
    /// Names of the people responsible.
    pub responsible: Vec<String>,
    pub strategy_ids: Vec<i64>,
    /// Shown to the public.
    pub published: bool,
}

impl ProjectInput {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.name.trim().is_empty() {
            errors.push(FieldError::new("name", "ต้องระบุชื่อโครงการ", "project name is required"));
        }
        if self.end_year < self.start_year {
            errors.push(FieldError::new("end_year", "ปีสิ้นสุดต้องไม่ก่อนปีเริ่มต้น", "end year is before start year"));
        }
        if self.value.is_some_and(|value| value.satang() < 0) {
            errors.push(FieldError::new("value", "มูลค่าโครงการต้องไม่ติดลบ", "project value is negative"));
        }
        if let Some(code) = self.provinces.iter().find(|code| !is_province_code(**code)) {
            errors.push(FieldError::new("provinces", "รหัสจังหวัดไม่ถูกต้อง", &format!("unknown province code {code}")));
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }
}

/// An activity of a project, with its planned period and contract instalments.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    pub id: i64,
    pub project_id: i64,
    pub seq: i64,
    pub name: String,
    pub period_text: Option<String>,
    pub planned_start: Option<Date>,
    pub planned_end: Option<Date>,
    pub instalments: Vec<Instalment>,
}

/// A contract instalment (งวดงาน).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Instalment {
    pub number: i64,
    pub description: String,
    pub due: Option<Date>,
    pub amount: Option<Baht>,
}

/// Budget of a project in one fiscal year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BudgetYear {
    pub project_id: i64,
    pub fiscal_year: FiscalYear,
    pub allocated: Baht,
    pub contracted: Baht,
    /// Funds carried over from earlier years (เงินกันไว้เบิกเหลื่อมปี).
    pub carried_over: Baht,
}

/// Whether a KPI is measured by a number or described.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KpiKind {
    Quantitative,
    Qualitative,
}

impl KpiKind {
    pub fn as_str(self) -> &'static str {
        match self {
            KpiKind::Quantitative => "quantitative",
            KpiKind::Qualitative => "qualitative",
        }
    }

    pub fn parse(text: &str) -> Option<KpiKind> {
        match text {
            "quantitative" => Some(KpiKind::Quantitative),
            "qualitative" => Some(KpiKind::Qualitative),
            _ => None,
        }
    }
}

/// A KPI of a project.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Kpi {
    pub id: i64,
    pub project_id: i64,
    pub name: String,
    pub kind: KpiKind,
    pub unit: Option<String>,
    pub targets: Vec<KpiTarget>,
}

/// A KPI's target for one fiscal year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KpiTarget {
    pub fiscal_year: FiscalYear,
    pub text: String,
    pub value: Option<f64>,
}

/// A quarterly progress report of a project.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub id: i64,
    pub project_id: i64,
    pub fiscal_year: FiscalYear,
    pub quarter: Quarter,
    pub status: ReportStatus,
    #[serde(flatten)]
    pub content: ReportContent,
    /// The reviewer's comment from the last return.
    pub review_comment: Option<String>,
    pub source_file: Option<String>,
    pub content_hash: Option<String>,
    pub findings: Vec<crate::finding::Finding>,
    pub submitted_at: Option<jiff::Timestamp>,
    pub approved_at: Option<jiff::Timestamp>,
    pub updated_at: jiff::Timestamp,
    pub version: i64,
}

/// The editable content of a quarterly report.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReportContent {
    /// 0..=100.
    pub progress_percent: Option<f64>,
    /// Budget figures as of the end of the quarter (cumulative for the fiscal year).
    pub allocated: Option<Baht>,
    pub contracted: Option<Baht>,
    pub disbursed: Option<Baht>,
    pub summary: Option<String>,
    pub problems_text: Option<String>,
    pub recommendations: Option<String>,
    pub activity_results: Vec<ActivityResult>,
    pub kpi_results: Vec<KpiResult>,
    pub problems: Vec<Problem>,
}

impl ReportContent {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.progress_percent.is_some_and(|p| !(0.0..=100.0).contains(&p)) {
            errors.push(FieldError::new(
                "progress_percent",
                "ร้อยละความก้าวหน้าต้องอยู่ระหว่าง 0 ถึง 100",
                "progress must be between 0 and 100",
            ));
        }
        for (field, amount) in
            [("allocated", self.allocated), ("contracted", self.contracted), ("disbursed", self.disbursed)]
        {
            if amount.is_some_and(|a| a.satang() < 0) {
                errors.push(FieldError::new(field, "จำนวนเงินต้องไม่ติดลบ", "amount is negative"));
            }
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }
}

/// What one activity achieved in the quarter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActivityResult {
    pub activity_name: String,
    pub text: String,
}

/// A KPI result for the quarter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KpiResult {
    pub kpi_name: String,
    pub kind: KpiKind,
    pub target_text: Option<String>,
    pub result_text: Option<String>,
    /// Whether the target was met, when it can be told (see [`kpi_achieved`]).
    pub achieved: Option<bool>,
}

/// A problem reported in a quarter, tagged by cause.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    pub cause: ProblemCause,
    pub text: String,
}

/// The first number written in a text (Thai or Arabic digits, commas allowed).
pub fn first_number(text: &str) -> Option<f64> {
    let ascii: String = text
        .chars()
        .map(|c| if ('\u{0E50}'..='\u{0E59}').contains(&c) { char::from(b'0' + (c as u32 - 0x0E50) as u8) } else { c })
        .collect();
    let bytes = ascii.as_bytes();
    let start = bytes.iter().position(u8::is_ascii_digit)?;
    let mut end = start;
    while end < bytes.len()
        && (bytes[end].is_ascii_digit()
            || bytes[end] == b','
            || (bytes[end] == b'.' && bytes.get(end + 1).is_some_and(u8::is_ascii_digit)))
    {
        end += 1;
    }
    ascii[start..end].replace(',', "").parse().ok()
}

/// Whether a KPI result meets its target. Quantitative KPIs compare the first
/// numbers of target and result (higher is better); qualitative KPIs count as
/// met when a result is written and the target is not numeric. `None` when it
/// cannot be told (no result, or a numeric target with a non-numeric result).
pub fn kpi_achieved(kind: KpiKind, target: Option<&str>, result: Option<&str>) -> Option<bool> {
    let result = result.map(str::trim).filter(|r| !r.is_empty() && *r != "-")?;
    let target_number = target.and_then(first_number);
    match (kind, target_number, first_number(result)) {
        (_, Some(target), Some(result)) => Some(result >= target),
        (KpiKind::Quantitative, Some(_), None) => None,
        (KpiKind::Quantitative, None, _) => None,
        (KpiKind::Qualitative, _, _) => Some(true),
    }
}

/// One planning field (money or public visibility) whose change an owner
/// proposed: what it was and what is proposed. Accepting it sets that field
/// only, so a proposal never reverts a field someone else changed meanwhile.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "field", rename_all = "snake_case")]
pub enum PlanningChange {
    /// The project's value.
    Value { old: Option<Baht>, new: Option<Baht> },
    /// Whether the project is shown to the public.
    Published { old: bool, new: bool },
    /// A fiscal year's allocation.
    Allocated { fiscal_year: FiscalYear, old: Baht, new: Baht },
    /// A fiscal year's contracted amount.
    Contracted { fiscal_year: FiscalYear, old: Baht, new: Baht },
    /// A KPI's target for a fiscal year.
    KpiTarget { kpi_id: i64, kpi_name: String, old: Option<KpiTarget>, new: KpiTarget },
}

impl PlanningChange {
    /// Sets this change's project field, if it is one.
    pub fn apply_to_project(&self, fields: &mut ProjectInput) {
        match self {
            PlanningChange::Value { new, .. } => fields.value = *new,
            PlanningChange::Published { new, .. } => fields.published = *new,
            _ => {}
        }
    }

    /// Sets this change's budget amount, if it is one for `budget`'s year.
    pub fn apply_to_budget(&self, budget: &mut BudgetYear) {
        match self {
            PlanningChange::Allocated { fiscal_year, new, .. } if *fiscal_year == budget.fiscal_year => {
                budget.allocated = *new
            }
            PlanningChange::Contracted { fiscal_year, new, .. } if *fiscal_year == budget.fiscal_year => {
                budget.contracted = *new
            }
            _ => {}
        }
    }

    /// The budget year this change is about, if it is a budget amount.
    pub fn budget_year(&self) -> Option<FiscalYear> {
        match self {
            PlanningChange::Allocated { fiscal_year, .. } | PlanningChange::Contracted { fiscal_year, .. } => {
                Some(*fiscal_year)
            }
            _ => None,
        }
    }
}

/// Where a proposal stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProposalStatus {
    Pending,
    Accepted,
    Rejected,
}

impl ProposalStatus {
    pub const ALL: [ProposalStatus; 3] = [ProposalStatus::Pending, ProposalStatus::Accepted, ProposalStatus::Rejected];

    pub fn as_str(self) -> &'static str {
        match self {
            ProposalStatus::Pending => "pending",
            ProposalStatus::Accepted => "accepted",
            ProposalStatus::Rejected => "rejected",
        }
    }

    pub fn parse(text: &str) -> Option<ProposalStatus> {
        ProposalStatus::ALL.into_iter().find(|status| status.as_str() == text)
    }
}

/// Planning-field changes an owner proposed in one request, waiting for (or
/// decided by) a planner of the agency.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Proposal {
    pub id: i64,
    pub project_id: i64,
    pub status: ProposalStatus,
    pub changes: Vec<PlanningChange>,
    pub proposed_by: Option<i64>,
    pub proposed_by_name: String,
    pub proposed_at: jiff::Timestamp,
    pub decided_by: Option<i64>,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<jiff::Timestamp>,
    /// The planner's comment (required when rejecting).
    pub comment: Option<String>,
    pub version: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_thai_text() {
        assert_eq!(first_number("ร้อยละ ๘๐"), Some(80.0));
        assert_eq!(first_number("1,250.5 ราย"), Some(1250.5));
        assert_eq!(first_number("ไม่มี"), None);
    }

    #[test]
    fn kpi_achievement() {
        assert_eq!(kpi_achieved(KpiKind::Quantitative, Some("ร้อยละ 80"), Some("ร้อยละ ๙๕")), Some(true));
        assert_eq!(kpi_achieved(KpiKind::Quantitative, Some("ร้อยละ 80"), Some("70")), Some(false));
        assert_eq!(kpi_achieved(KpiKind::Quantitative, Some("100"), None), None);
        assert_eq!(kpi_achieved(KpiKind::Qualitative, Some("-"), Some("ได้รับครุภัณฑ์ครบ")), Some(true));
    }

    #[test]
    fn project_validation_lists_every_error() {
        let input = ProjectInput {
            code: None,
            name: " ".into(),
            budget_source: None,
            value: Some(Baht::from_satang(-1)),
            start_year: FiscalYear::checked(2567).unwrap(),
            end_year: FiscalYear::checked(2566).unwrap(),
            objectives: vec![],
            summary: None,
            area: None,
            nationwide: false,
            provinces: vec![10, 99],
            responsible: vec![],
            strategy_ids: vec![],
            published: false,
        };
        let fields: Vec<String> = input.validate().unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "end_year", "value", "provinces"]);
    }
}
