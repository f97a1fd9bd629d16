//! JSON Schemas of the domain's value types, which the wire types carry as they
//! are (a fiscal year, a quarter, an amount, a date): the values serialise with
//! the domain's serde, and these describe that shape for the OpenAPI document.
//! Enumerations list their values from the domain's own `ALL`, so they cannot drift.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use tidtam_domain::FiscalYear;
use tidtam_domain::finding::{RULES, Severity};
use tidtam_domain::model::{KpiKind, OrgKind, ProposalStatus, StrategyLevel};
use tidtam_domain::policy::Role;
use tidtam_domain::problem::ProblemCause;
use tidtam_domain::workflow::ReportStatus;

macro_rules! value_schema {
    ($(#[$doc:meta])* $name:ident = $schema:expr) => {
        $(#[$doc])*
        pub struct $name;
        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).trim_end_matches("Schema").into()
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                $schema
            }
        }
    };
}

value_schema!(
    /// A fiscal year, by its Buddhist-era name.
    FiscalYearSchema = json_schema!({
        "type": "integer",
        "minimum": *FiscalYear::STORED.start(),
        "maximum": *FiscalYear::STORED.end(),
        "description": "fiscal year, Buddhist era (e.g. 2568 = 1 Oct 2024 – 30 Sep 2025)"
    })
);
value_schema!(
    /// A quarter of the fiscal year.
    QuarterSchema = json_schema!({ "type": "integer", "minimum": 1, "maximum": 4, "description": "quarter of the fiscal year: 1 = Oct–Dec … 4 = Jul–Sep" })
);
value_schema!(
    /// An amount of money.
    BahtSchema = json_schema!({ "type": "number", "minimum": -1e15, "maximum": 1e15, "multipleOf": 0.01, "description": "baht (exact to the satang)" })
);
value_schema!(
    /// A calendar date.
    DateSchema = json_schema!({ "type": "string", "format": "date", "description": "ISO 8601 date (Gregorian)" })
);
value_schema!(
    /// An instant.
    TimestampSchema = json_schema!({ "type": "string", "format": "date-time", "description": "RFC 3339 instant (UTC)" })
);

fn names<T: Copy>(all: &[T], name: impl Fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|value| name(*value)).collect()
}

value_schema!(
    ReportStatusSchema = json_schema!({ "type": "string", "enum": names(&ReportStatus::ALL, ReportStatus::as_str) })
);
value_schema!(
    ProposalStatusSchema =
        json_schema!({ "type": "string", "enum": names(&ProposalStatus::ALL, ProposalStatus::as_str) })
);
value_schema!(RoleSchema = json_schema!({ "type": "string", "enum": names(&Role::ALL, Role::as_str) }));
value_schema!(OrgKindSchema = json_schema!({ "type": "string", "enum": names(&OrgKind::ALL, OrgKind::as_str) }));
value_schema!(
    StrategyLevelSchema = json_schema!({ "type": "string", "enum": names(&StrategyLevel::ALL, StrategyLevel::as_str) })
);
value_schema!(
    ProblemCauseSchema = json_schema!({ "type": "string", "enum": names(&ProblemCause::ALL, ProblemCause::as_str) })
);
value_schema!(
    KpiKindSchema = json_schema!({ "type": "string", "enum": names(&[KpiKind::Quantitative, KpiKind::Qualitative], KpiKind::as_str) })
);
value_schema!(
    SeveritySchema = json_schema!({ "type": "string", "enum": names(&[Severity::Info, Severity::Warning, Severity::Error], Severity::as_str) })
);
value_schema!(
    /// A checker rule's id (`tidtam check --rules` lists them).
    RuleSchema = json_schema!({ "type": "string", "enum": RULES.iter().map(|rule| rule.id).collect::<Vec<_>>() })
);
