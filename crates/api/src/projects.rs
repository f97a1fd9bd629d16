//! Projects with their activities, indicators and budgets.

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use tidtam_domain::model::{self, KpiKind};
use tidtam_domain::{Baht, FiscalYear};

use crate::reports::ReportSummary;
use crate::schema::{BahtSchema, DateSchema, FiscalYearSchema, KpiKindSchema};

/// A project (single or multi-year).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Project {
    pub id: i64,
    pub agency_id: i64,
    pub owner_division_id: Option<i64>,
    pub code: Option<String>,
    pub name: String,
    /// Section 3 of the form: e.g. "แผนปฏิบัติการประจำปี".
    pub budget_source: Option<String>,
    #[schemars(with = "Option<BahtSchema>")]
    pub value: Option<Baht>,
    #[schemars(with = "FiscalYearSchema")]
    pub start_year: FiscalYear,
    #[schemars(with = "FiscalYearSchema")]
    pub end_year: FiscalYear,
    pub objectives: Vec<String>,
    pub summary: Option<String>,
    pub area: Option<String>,
    pub nationwide: bool,
    /// Official 2-digit province codes.
    pub provinces: Vec<u8>,
    pub responsible: Vec<String>,
    pub strategy_ids: Vec<i64>,
    /// Shown to the public.
    pub published: bool,
    pub version: i64,
}

impl From<model::Project> for Project {
    fn from(project: model::Project) -> Project {
        let f = project.fields;
        Project {
            id: project.id,
            agency_id: project.agency_id,
            owner_division_id: project.owner_division_id,
            code: f.code,
            name: f.name,
            budget_source: f.budget_source,
            value: f.value,
            start_year: f.start_year,
            end_year: f.end_year,
            objectives: f.objectives,
            summary: f.summary,
            area: f.area,
            nationwide: f.nationwide,
            provinces: f.provinces,
            responsible: f.responsible,
            strategy_ids: f.strategy_ids,
            published: f.published,
            version: project.version,
        }
    }
}

/// The editable fields of a project.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ProjectFields {
    #[serde(default)]
    pub code: Option<String>,
    pub name: String,
    #[serde(default)]
    pub budget_source: Option<String>,
    #[serde(default)]
    #[schemars(with = "Option<BahtSchema>")]
    pub value: Option<Baht>,
    #[schemars(with = "FiscalYearSchema")]
    pub start_year: FiscalYear,
    #[schemars(with = "FiscalYearSchema")]
    pub end_year: FiscalYear,
    #[serde(default)]
    pub objectives: Vec<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub area: Option<String>,
    #[serde(default)]
    pub nationwide: bool,
    #[serde(default)]
    pub provinces: Vec<u8>,
    #[serde(default)]
    pub responsible: Vec<String>,
    #[serde(default)]
    pub strategy_ids: Vec<i64>,
    #[serde(default)]
    pub published: bool,
}

impl From<ProjectFields> for model::ProjectInput {
    fn from(f: ProjectFields) -> model::ProjectInput {
        model::ProjectInput {
            code: f.code,
            name: f.name,
            budget_source: f.budget_source,
            value: f.value,
            start_year: f.start_year,
            end_year: f.end_year,
            objectives: f.objectives,
            summary: f.summary,
            area: f.area,
            nationwide: f.nationwide,
            provinces: f.provinces,
            responsible: f.responsible,
            strategy_ids: f.strategy_ids,
            published: f.published,
        }
    }
}

/// A project to create.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NewProject {
    pub agency_id: i64,
    #[serde(default)]
    pub owner_division_id: Option<i64>,
    #[serde(flatten)]
    pub fields: ProjectFields,
}

/// A project's new fields, with the version they were read at.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ProjectUpdate {
    pub version: i64,
    #[serde(default)]
    pub owner_division_id: Option<i64>,
    #[serde(flatten)]
    pub fields: ProjectFields,
}

/// A project as listed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ProjectSummary {
    pub id: i64,
    pub agency_id: i64,
    pub owner_division_id: Option<i64>,
    pub code: Option<String>,
    pub name: String,
    #[schemars(with = "FiscalYearSchema")]
    pub start_year: FiscalYear,
    #[schemars(with = "FiscalYearSchema")]
    pub end_year: FiscalYear,
    pub published: bool,
    pub version: i64,
}

/// A contract instalment (งวดงาน).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Instalment {
    pub number: i64,
    pub description: String,
    #[serde(default)]
    #[schemars(with = "Option<DateSchema>")]
    pub due: Option<Date>,
    #[serde(default)]
    #[schemars(with = "Option<BahtSchema>")]
    pub amount: Option<Baht>,
}

impl From<model::Instalment> for Instalment {
    fn from(i: model::Instalment) -> Instalment {
        Instalment { number: i.number, description: i.description, due: i.due, amount: i.amount }
    }
}

impl From<Instalment> for model::Instalment {
    fn from(i: Instalment) -> model::Instalment {
        model::Instalment { number: i.number, description: i.description, due: i.due, amount: i.amount }
    }
}

/// An activity of a project, with its planned period and contract instalments.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Activity {
    pub id: i64,
    pub project_id: i64,
    pub seq: i64,
    pub name: String,
    pub period_text: Option<String>,
    #[schemars(with = "Option<DateSchema>")]
    pub planned_start: Option<Date>,
    #[schemars(with = "Option<DateSchema>")]
    pub planned_end: Option<Date>,
    pub instalments: Vec<Instalment>,
}

impl From<model::Activity> for Activity {
    fn from(a: model::Activity) -> Activity {
        Activity {
            id: a.id,
            project_id: a.project_id,
            seq: a.seq,
            name: a.name,
            period_text: a.period_text,
            planned_start: a.planned_start,
            planned_end: a.planned_end,
            instalments: a.instalments.into_iter().map(Instalment::from).collect(),
        }
    }
}

/// An activity to add or change (matched by name within the project).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActivityInput {
    pub seq: i64,
    pub name: String,
    #[serde(default)]
    pub period_text: Option<String>,
    #[serde(default)]
    #[schemars(with = "Option<DateSchema>")]
    pub planned_start: Option<Date>,
    #[serde(default)]
    #[schemars(with = "Option<DateSchema>")]
    pub planned_end: Option<Date>,
    #[serde(default)]
    pub instalments: Vec<Instalment>,
}

/// A KPI's target for one fiscal year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KpiTarget {
    #[schemars(with = "FiscalYearSchema")]
    pub fiscal_year: FiscalYear,
    pub text: String,
    /// The number in the text, when there is one.
    #[serde(default)]
    pub value: Option<f64>,
}

impl From<model::KpiTarget> for KpiTarget {
    fn from(t: model::KpiTarget) -> KpiTarget {
        KpiTarget { fiscal_year: t.fiscal_year, text: t.text, value: t.value }
    }
}

impl From<KpiTarget> for model::KpiTarget {
    fn from(t: KpiTarget) -> model::KpiTarget {
        model::KpiTarget { fiscal_year: t.fiscal_year, text: t.text, value: t.value }
    }
}

/// A KPI of a project.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Kpi {
    pub id: i64,
    pub project_id: i64,
    pub name: String,
    #[schemars(with = "KpiKindSchema")]
    pub kind: KpiKind,
    pub unit: Option<String>,
    pub targets: Vec<KpiTarget>,
}

impl From<model::Kpi> for Kpi {
    fn from(k: model::Kpi) -> Kpi {
        Kpi {
            id: k.id,
            project_id: k.project_id,
            name: k.name,
            kind: k.kind,
            unit: k.unit,
            targets: k.targets.into_iter().map(KpiTarget::from).collect(),
        }
    }
}

/// A KPI to add or change (matched by name), with an optional target for a year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KpiInput {
    pub name: String,
    #[schemars(with = "KpiKindSchema")]
    pub kind: KpiKind,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub target: Option<KpiTarget>,
}

/// A project's budget for one fiscal year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Budget {
    pub project_id: i64,
    #[schemars(with = "FiscalYearSchema")]
    pub fiscal_year: FiscalYear,
    #[schemars(with = "BahtSchema")]
    pub allocated: Baht,
    #[schemars(with = "BahtSchema")]
    pub contracted: Baht,
    /// Funds carried over from earlier years (เงินกันไว้เบิกเหลื่อมปี).
    #[schemars(with = "BahtSchema")]
    pub carried_over: Baht,
}

impl From<model::BudgetYear> for Budget {
    fn from(b: model::BudgetYear) -> Budget {
        Budget {
            project_id: b.project_id,
            fiscal_year: b.fiscal_year,
            allocated: b.allocated,
            contracted: b.contracted,
            carried_over: b.carried_over,
        }
    }
}

/// A budget year's amounts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetInput {
    #[schemars(with = "BahtSchema")]
    pub allocated: Baht,
    #[schemars(with = "BahtSchema")]
    pub contracted: Baht,
    #[serde(default)]
    #[schemars(with = "BahtSchema")]
    pub carried_over: Baht,
}

/// A project page's data: the project with its activities, KPIs, budgets and reports.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ProjectDetail {
    #[serde(flatten)]
    pub project: Project,
    pub activities: Vec<Activity>,
    pub kpis: Vec<Kpi>,
    pub budgets: Vec<Budget>,
    pub reports: Vec<ReportSummary>,
}
