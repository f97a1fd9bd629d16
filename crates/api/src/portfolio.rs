//! The portfolio aggregate: money, progress, indicators and findings by group.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use tidtam_domain::{Baht, FiscalYear, Quarter};

use crate::schema::{BahtSchema, FiscalYearSchema, QuarterSchema};

/// One group's totals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PortfolioGroup {
    /// Strategy id, division id, province code (0: none given) or quarter; null for the total.
    pub group_id: Option<i64>,
    pub label: Option<String>,
    pub projects: i64,
    pub reports: i64,
    #[schemars(with = "BahtSchema")]
    pub allocated: Baht,
    #[schemars(with = "BahtSchema")]
    pub contracted: Baht,
    #[schemars(with = "BahtSchema")]
    pub disbursed: Baht,
    /// disbursed / allocated.
    pub disbursement_rate: Option<f64>,
    pub average_progress: Option<f64>,
    pub kpi_measured: i64,
    pub kpi_achieved: i64,
    /// kpi_achieved / kpi_measured.
    pub kpi_achievement: Option<f64>,
    pub findings: i64,
}

/// The portfolio aggregate of a fiscal year, as of a quarter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Portfolio {
    #[schemars(with = "FiscalYearSchema")]
    pub fiscal_year: FiscalYear,
    #[schemars(with = "Option<QuarterSchema>")]
    pub quarter: Option<Quarter>,
    /// total, strategy, division, province or quarter.
    pub group_by: String,
    pub groups: Vec<PortfolioGroup>,
}

/// One recorded change (the audit trail).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AuditEntry {
    pub id: i64,
    #[schemars(with = "crate::schema::TimestampSchema")]
    pub at: jiff::Timestamp,
    pub actor_user_id: Option<i64>,
    pub actor_name: String,
    pub entity: String,
    pub entity_id: i64,
    pub action: String,
    pub field: Option<String>,
    /// The value before (any JSON).
    pub old_value: Option<serde_json::Value>,
    /// The value after (any JSON).
    pub new_value: Option<serde_json::Value>,
}
