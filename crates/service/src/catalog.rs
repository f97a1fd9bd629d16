//! Organisation units, strategies and quarterly deadlines.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use tidtam_domain::model::{FieldError, OrgKind, OrgUnit, OrgUnitInput, Strategy, StrategyInput, StrategyLevel};
use tidtam_domain::period::{FiscalYear, Quarter, default_deadline};
use tidtam_domain::policy::{Action, Actor, Resource, ResourceKind};

use crate::{Result, Service, ServiceError, authorize, record_audit, to_json};

/// A quarter's deadline and where it came from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Deadline {
    pub fiscal_year: FiscalYear,
    pub quarter: Quarter,
    pub due: Date,
    /// `false` when no deadline was set and the default (15 days after the quarter) applies.
    pub explicit: bool,
}

impl Service {
    pub async fn create_org_unit(&self, actor: &Actor, input: OrgUnitInput) -> Result<OrgUnit> {
        input.validate().map_err(ServiceError::Invalid)?;
        let mut tx = self.store.begin().await?;
        let agency = match input.parent_id {
            Some(parent_id) => {
                let parent = tx
                    .org_unit(parent_id)
                    .await
                    .map_err(|_| ServiceError::invalid("parent_id", "ไม่พบหน่วยงานแม่", "unknown parent"))?;
                if Some(parent.kind) != input.kind.parent_kind() {
                    return Err(ServiceError::invalid(
                        "parent_id",
                        "ระดับของหน่วยงานไม่สอดคล้องกับหน่วยงานแม่",
                        "parent does not fit the unit's level",
                    ));
                }
                if input.kind == OrgKind::Agency { None } else { Some(parent_id) }
            }
            None => None,
        };
        authorize(actor, Action::Create, &Resource::owned(ResourceKind::Organisation, agency, None, true))?;
        let id = tx.insert_org_unit(&input).await?;
        let unit = tx.org_unit(id).await?;
        record_audit(&mut tx, actor, self.now(), "org_unit", id, "create", None, Some(to_json(&unit))).await?;
        tx.commit().await?;
        Ok(unit)
    }

    /// The whole organisation tree (public information), in id order.
    pub async fn list_org_units(&self, actor: &Actor) -> Result<Vec<OrgUnit>> {
        authorize(actor, Action::Read, &Resource::global(ResourceKind::Organisation))?;
        Ok(self.store.begin_read().await?.org_units().await?)
    }

    pub async fn create_strategy(&self, actor: &Actor, input: StrategyInput) -> Result<Strategy> {
        if input.name.trim().is_empty() || input.code.trim().is_empty() {
            return Err(ServiceError::invalid("name", "ต้องระบุรหัสและชื่อยุทธศาสตร์", "code and name are required"));
        }
        if (input.level == StrategyLevel::AgencyPlan) != input.agency_id.is_some() {
            return Err(ServiceError::invalid(
                "agency_id",
                "แผนของหน่วยงานต้องระบุหน่วยงาน (และระดับอื่นต้องไม่ระบุ)",
                "only an agency plan names an agency",
            ));
        }
        authorize(actor, Action::Create, &Resource::owned(ResourceKind::Strategy, input.agency_id, None, true))?;
        let mut tx = self.store.begin().await?;
        if let Some(parent_id) = input.parent_id {
            let parent = tx
                .strategy(parent_id)
                .await
                .map_err(|_| ServiceError::invalid("parent_id", "ไม่พบยุทธศาสตร์แม่", "unknown parent strategy"))?;
            let rank = |level: StrategyLevel| StrategyLevel::ALL.iter().position(|l| *l == level);
            if rank(parent.level) >= rank(input.level) {
                return Err(ServiceError::invalid(
                    "parent_id",
                    "ยุทธศาสตร์แม่ต้องอยู่ระดับสูงกว่า",
                    "the parent must be at a higher level",
                ));
            }
        }
        let id = tx.insert_strategy(&input).await?;
        let strategy = tx.strategy(id).await?;
        record_audit(&mut tx, actor, self.now(), "strategy", id, "create", None, Some(to_json(&strategy))).await?;
        tx.commit().await?;
        Ok(strategy)
    }

    pub async fn list_strategies(&self, actor: &Actor) -> Result<Vec<Strategy>> {
        authorize(actor, Action::Read, &Resource::global(ResourceKind::Strategy))?;
        Ok(self.store.begin_read().await?.strategies().await?)
    }

    /// Sets the reporting deadline of a quarter.
    pub async fn set_deadline(
        &self,
        actor: &Actor,
        fiscal_year: FiscalYear,
        quarter: Quarter,
        due: Date,
    ) -> Result<Deadline> {
        authorize(actor, Action::Update, &Resource::global(ResourceKind::Deadline))?;
        if due < quarter.end(fiscal_year) {
            return Err(ServiceError::invalid(
                "due",
                "กำหนดส่งต้องไม่ก่อนสิ้นไตรมาส",
                "the deadline cannot be before the quarter ends",
            ));
        }
        let mut tx = self.store.begin().await?;
        let old = tx.deadline(fiscal_year, quarter).await?;
        tx.set_deadline(fiscal_year, quarter, due).await?;
        let entity_id = i64::from(fiscal_year.be()) * 10 + i64::from(quarter.number());
        record_audit(
            &mut tx,
            actor,
            self.now(),
            "deadline",
            entity_id,
            "set",
            old.map(|d| to_json(&d)),
            Some(to_json(&due)),
        )
        .await?;
        tx.commit().await?;
        Ok(Deadline { fiscal_year, quarter, due, explicit: true })
    }

    pub async fn deadline(&self, actor: &Actor, fiscal_year: FiscalYear, quarter: Quarter) -> Result<Deadline> {
        authorize(actor, Action::Read, &Resource::global(ResourceKind::Deadline))?;
        let stored = self.store.begin_read().await?.deadline(fiscal_year, quarter).await?;
        Ok(match stored {
            Some(due) => Deadline { fiscal_year, quarter, due, explicit: true },
            None => Deadline { fiscal_year, quarter, due: default_deadline(fiscal_year, quarter), explicit: false },
        })
    }
}

impl Service {
    /// The year's cumulative disbursement targets (per cent of the allocation),
    /// by quarter; public information, like the portfolio totals they measure.
    pub async fn disbursement_targets(&self, fiscal_year: FiscalYear) -> Result<Vec<(Quarter, f64)>> {
        Ok(self.store.begin_read().await?.disbursement_targets(fiscal_year).await?)
    }

    /// Sets the year's targets (who may set deadlines may set these). Targets
    /// are cumulative, so each must lie in 0..=100 and none may be below an
    /// earlier quarter's.
    pub async fn set_disbursement_targets(
        &self,
        actor: &Actor,
        fiscal_year: FiscalYear,
        targets: [Option<f64>; 4],
    ) -> Result<Vec<(Quarter, f64)>> {
        authorize(actor, Action::Update, &Resource::global(ResourceKind::Deadline))?;
        let mut problems = Vec::new();
        let mut highest = 0.0_f64;
        for (quarter, target) in Quarter::ALL.iter().zip(targets) {
            let Some(percent) = target else { continue };
            let field = format!("q{}", quarter.number());
            if !(0.0..=100.0).contains(&percent) || !percent.is_finite() {
                problems.push(FieldError::new(
                    &field,
                    "เป้าหมายต้องอยู่ระหว่าง ๐ ถึง ๑๐๐",
                    "a target lies between 0 and 100",
                ));
            } else if percent < highest {
                problems.push(FieldError::new(
                    &field,
                    "เป้าหมายสะสมต้องไม่ต่ำกว่าไตรมาสก่อน",
                    "a cumulative target cannot be below an earlier quarter's",
                ));
            } else {
                highest = percent;
            }
        }
        if !problems.is_empty() {
            return Err(ServiceError::Invalid(problems));
        }
        let mut tx = self.store.begin().await?;
        let old = tx.disbursement_targets(fiscal_year).await?;
        let changes: Vec<(Quarter, Option<f64>)> = Quarter::ALL.iter().copied().zip(targets).collect();
        tx.set_disbursement_targets(fiscal_year, &changes).await?;
        let new = tx.disbursement_targets(fiscal_year).await?;
        let as_json = |targets: &[(Quarter, f64)]| {
            serde_json::Value::Object(
                targets.iter().map(|(q, percent)| (format!("q{}", q.number()), serde_json::json!(percent))).collect(),
            )
        };
        record_audit(
            &mut tx,
            actor,
            self.now(),
            "disbursement_target",
            i64::from(fiscal_year.be()),
            "set",
            Some(as_json(&old)),
            Some(as_json(&new)),
        )
        .await?;
        tx.commit().await?;
        Ok(new)
    }
}
