//! The organisation tree, strategies and reporting deadlines.

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use tidtam_domain::model::{OrgKind, StrategyLevel};
use tidtam_domain::{FiscalYear, Quarter, model};

use crate::schema::{DateSchema, FiscalYearSchema, OrgKindSchema, QuarterSchema, StrategyLevelSchema};

/// A node of the organisation tree (ministry → agency → division / provincial office).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct OrgUnit {
    pub id: i64,
    pub parent_id: Option<i64>,
    #[schemars(with = "OrgKindSchema")]
    pub kind: OrgKind,
    pub code: String,
    pub name: String,
    /// Official 2-digit province code of a provincial office.
    pub province_code: Option<u8>,
    pub version: i64,
}

impl From<model::OrgUnit> for OrgUnit {
    fn from(unit: model::OrgUnit) -> OrgUnit {
        OrgUnit {
            id: unit.id,
            parent_id: unit.parent_id,
            kind: unit.kind,
            code: unit.code,
            name: unit.name,
            province_code: unit.province_code,
            version: unit.version,
        }
    }
}

/// An organisation unit to create.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OrgUnitInput {
    #[serde(default)]
    pub parent_id: Option<i64>,
    #[schemars(with = "OrgKindSchema")]
    pub kind: OrgKind,
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub province_code: Option<u8>,
}

impl From<OrgUnitInput> for model::OrgUnitInput {
    fn from(input: OrgUnitInput) -> model::OrgUnitInput {
        model::OrgUnitInput {
            parent_id: input.parent_id,
            kind: input.kind,
            code: input.code,
            name: input.name,
            province_code: input.province_code,
        }
    }
}

/// A strategy, plan or goal at one of four levels.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Strategy {
    pub id: i64,
    pub parent_id: Option<i64>,
    #[schemars(with = "StrategyLevelSchema")]
    pub level: StrategyLevel,
    /// The agency of an agency plan; null above that level.
    pub agency_id: Option<i64>,
    pub code: String,
    pub name: String,
    pub version: i64,
}

impl From<model::Strategy> for Strategy {
    fn from(strategy: model::Strategy) -> Strategy {
        Strategy {
            id: strategy.id,
            parent_id: strategy.parent_id,
            level: strategy.level,
            agency_id: strategy.agency_id,
            code: strategy.code,
            name: strategy.name,
            version: strategy.version,
        }
    }
}

/// A strategy to create.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StrategyInput {
    #[serde(default)]
    pub parent_id: Option<i64>,
    #[schemars(with = "StrategyLevelSchema")]
    pub level: StrategyLevel,
    #[serde(default)]
    pub agency_id: Option<i64>,
    pub code: String,
    pub name: String,
}

impl From<StrategyInput> for model::StrategyInput {
    fn from(input: StrategyInput) -> model::StrategyInput {
        model::StrategyInput {
            parent_id: input.parent_id,
            level: input.level,
            agency_id: input.agency_id,
            code: input.code,
            name: input.name,
        }
    }
}

/// A quarter's reporting deadline and where it came from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Deadline {
    #[schemars(with = "FiscalYearSchema")]
    pub fiscal_year: FiscalYear,
    #[schemars(with = "QuarterSchema")]
    pub quarter: Quarter,
    #[schemars(with = "DateSchema")]
    pub due: Date,
    /// False when none was set and the default (15 days after the quarter) applies.
    pub explicit: bool,
}

/// A new deadline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeadlineInput {
    #[schemars(with = "DateSchema")]
    pub due: Date,
}
