//! Importing parsed report files (`tidtam_report::Report`) into the database.
//!
//! Idempotent: a report is keyed by (agency, project name key, fiscal year,
//! quarter) and carries a content hash; importing the same content again
//! changes nothing. New content for a quarter that is not yet approved replaces
//! it (the old state stays in the report's revisions and the audit trail); an
//! approved quarter is locked and reported as such. A newer quarter of a known
//! project updates the project and adds a report. Each report is imported in its
//! own transaction, so an interrupted import leaves whole reports or none.
//! Checker findings are stored with the report and returned, never dropped.

use serde::Serialize;
use sha2::Digest;
use tidtam_domain::model::{
    ActivityResult, BudgetYear, KpiKind, KpiResult, KpiTarget, OrgKind, OrgUnitInput, Problem, ProjectInput,
    ReportContent, StoredFinding, first_number,
};
use tidtam_domain::money::Money;
use tidtam_domain::period::{FiscalYear, Quarter};
use tidtam_domain::policy::{Action, Actor, Resource, ResourceKind};
use tidtam_domain::problem::classify;
use tidtam_domain::text::name_key;
use tidtam_domain::workflow::ReportStatus;
use tidtam_report::Report as ParsedReport;
use tidtam_store::Tx;

use crate::projects::reindex;
use crate::reports::{score_kpis, snapshot};
use crate::{Result, Service, ServiceError, authorize, record_audit, to_json};

/// What happened to one report of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportOutcome {
    /// A new report (and maybe a new project) was stored.
    Created,
    /// The quarter's report was replaced by new content.
    Updated,
    /// The same content was imported before; nothing changed.
    Unchanged,
    /// The quarter's report is approved and locked; the new content was not stored.
    Locked,
    /// The report lacks what is needed to file it (fiscal year, project name or agency).
    Skipped,
}

/// The result of importing one report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ImportedReport {
    pub source_file: String,
    pub source_line: usize,
    pub project_name: Option<String>,
    pub agency: Option<String>,
    pub fiscal_year: Option<i32>,
    pub quarter: Quarter,
    pub outcome: ImportOutcome,
    pub project_id: Option<i64>,
    pub report_id: Option<i64>,
    /// Why it was skipped or locked.
    pub note: Option<String>,
    /// The checker's findings, as stored with the report.
    pub findings: Vec<StoredFinding>,
}

/// The content hash of a parsed report: everything except where the file was.
pub fn content_hash(report: &ParsedReport) -> String {
    let mut value = serde_json::to_value(report).expect("reports serialise");
    if let Some(object) = value.as_object_mut() {
        object.remove("source");
    }
    let digest = sha2::Sha256::digest(value.to_string().as_bytes());
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn money(baht: Option<tidtam_thai::baht::Baht>) -> Option<Money> {
    baht.map(|b| Money::from_satang(b.satang()))
}

fn findings(report: &ParsedReport) -> Vec<StoredFinding> {
    report
        .findings
        .iter()
        .map(|finding| StoredFinding {
            rule: finding.rule.to_string(),
            severity: serde_json::to_value(finding.severity)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            line: finding.line as i64,
            message_th: finding.message_th.clone(),
            message_en: finding.message_en.clone(),
        })
        .collect()
}

fn kpi_kind(kind: Option<tidtam_report::KpiKind>) -> KpiKind {
    match kind {
        Some(tidtam_report::KpiKind::Qualitative) => KpiKind::Qualitative,
        _ => KpiKind::Quantitative,
    }
}

/// The report's content for one quarter.
fn content_for(report: &ParsedReport, quarter: Quarter) -> ReportContent {
    let activity_results = report
        .activities
        .iter()
        .filter_map(|activity| {
            let texts: Vec<&str> = activity
                .results
                .iter()
                .filter(|r| r.quarter.is_none_or(|q| q == quarter.number()))
                .map(|r| r.text.as_str())
                .collect();
            (!texts.is_empty()).then(|| ActivityResult { activity_name: activity.name.clone(), text: texts.join("\n") })
        })
        .collect();
    let kpi_results = report
        .kpis
        .iter()
        .map(|kpi| KpiResult {
            kpi_name: kpi.name.clone(),
            kind: kpi_kind(kpi.kind),
            target_text: kpi.target.clone(),
            result_text: kpi.result.clone(),
            achieved: None,
        })
        .collect();
    let problems = report
        .problems
        .as_deref()
        .map(|text| classify(text).into_iter().map(|cause| Problem { cause, text: text.trim().to_string() }).collect())
        .unwrap_or_default();
    let mut content = ReportContent {
        progress_percent: report.progress_percent.filter(|p| (0.0..=100.0).contains(p)),
        allocated: money(report.budget.allocated),
        contracted: money(report.budget.contracted),
        disbursed: money(report.budget.disbursed),
        summary: report.summary.clone(),
        problems_text: report.problems.clone(),
        recommendations: report.recommendations.clone(),
        activity_results,
        kpi_results,
        problems,
    };
    score_kpis(&mut content);
    content
}

impl Service {
    /// Imports parsed reports as reports of `quarter`. Returns one result per report, in order.
    pub async fn import_reports(
        &self,
        actor: &Actor,
        reports: &[ParsedReport],
        quarter: Quarter,
    ) -> Result<Vec<ImportedReport>> {
        let mut results = Vec::with_capacity(reports.len());
        for report in reports {
            results.push(self.import_one(actor, report, quarter).await?);
        }
        Ok(results)
    }

    async fn import_one(&self, actor: &Actor, report: &ParsedReport, quarter: Quarter) -> Result<ImportedReport> {
        let stored_findings = findings(report);
        let mut result = ImportedReport {
            source_file: report.source.file.clone(),
            source_line: report.source.line,
            project_name: report.project_name.clone(),
            agency: report.agency.clone(),
            fiscal_year: report.fiscal_year,
            quarter,
            outcome: ImportOutcome::Skipped,
            project_id: None,
            report_id: None,
            note: None,
            findings: stored_findings.clone(),
        };
        let year = report.fiscal_year.and_then(|year| FiscalYear::parse(year).ok());
        let (Some(year), Some(project_name), Some(agency_name)) = (
            year,
            report.project_name.as_deref().filter(|n| !n.trim().is_empty()),
            report.agency.as_deref().filter(|n| !n.trim().is_empty()),
        ) else {
            result.note =
                Some("fiscal year, project name or agency is missing / ไม่พบปีงบประมาณ ชื่อโครงการ หรือชื่อหน่วยงาน".into());
            return Ok(result);
        };
        let hash = content_hash(report);
        let now = self.now();
        let mut tx = self.store.begin().await?;
        let agency_id = self.import_agency(&mut tx, actor, agency_name, now).await?;
        authorize(actor, Action::Import, &Resource::owned(ResourceKind::Report, Some(agency_id), None, false))?;

        let existing_project = tx.find_project(agency_id, project_name).await?;
        if let Some(project_id) = existing_project
            && let Some((report_id, _, status, Some(existing_hash))) =
                tx.report_for_period(project_id, year, quarter).await?
        {
            result.project_id = Some(project_id);
            result.report_id = Some(report_id);
            if existing_hash == hash {
                result.outcome = ImportOutcome::Unchanged;
                tx.rollback().await?;
                return Ok(result);
            }
            if status.is_locked() {
                result.outcome = ImportOutcome::Locked;
                result.note =
                    Some("the quarter's report is approved and locked / รายงานไตรมาสนี้อนุมัติแล้ว แก้ไขไม่ได้".into());
                tx.rollback().await?;
                return Ok(result);
            }
        }

        let project_id = self.import_project(&mut tx, actor, agency_id, existing_project, report, year, now).await?;
        for (seq, activity) in report.activities.iter().enumerate() {
            let planned = activity.period.map(|p| (Some(p.start), Some(p.end))).unwrap_or((None, None));
            tx.upsert_activity(project_id, seq as i64, &activity.name, activity.period_text.as_deref(), planned)
                .await?;
        }
        for kpi in &report.kpis {
            let target = kpi.target.as_ref().map(|text| KpiTarget {
                fiscal_year: year,
                text: text.clone(),
                value: first_number(text),
            });
            tx.upsert_kpi(project_id, &kpi.name, kpi_kind(kpi.kind), None, target.as_ref()).await?;
        }
        let old_budget = tx.budgets(project_id).await?.into_iter().find(|b| b.fiscal_year == year);
        let budget = BudgetYear {
            project_id,
            fiscal_year: year,
            allocated: money(report.budget.allocated).unwrap_or(Money::ZERO),
            contracted: money(report.budget.contracted).unwrap_or(Money::ZERO),
            carried_over: old_budget.as_ref().map_or(Money::ZERO, |b| b.carried_over),
        };
        if old_budget.as_ref() != Some(&budget) {
            tx.upsert_budget(&budget).await?;
            record_audit(
                &mut tx,
                actor,
                now,
                "budget",
                project_id,
                "import",
                old_budget.map(|b| to_json(&b)),
                Some(to_json(&budget)),
            )
            .await?;
        }

        let content = content_for(report, quarter);
        let source = (report.source.file.as_str(), hash.as_str());
        let report_id = match tx.report_for_period(project_id, year, quarter).await? {
            None => {
                let id = tx
                    .insert_report(
                        project_id,
                        year,
                        quarter,
                        ReportStatus::Draft,
                        &content,
                        (Some(source.0), Some(source.1)),
                        &stored_findings,
                        now,
                    )
                    .await?;
                // A filed report has been submitted by its agency.
                tx.set_report_status(id, 1, ReportStatus::Submitted, None, now).await?;
                let stored = snapshot(&mut tx, id, actor, now).await?;
                record_audit(&mut tx, actor, now, "report", id, "import", None, Some(to_json(&stored))).await?;
                result.outcome = ImportOutcome::Created;
                id
            }
            Some((_, _, status, _)) if status.is_locked() => {
                result.outcome = ImportOutcome::Locked;
                result.note =
                    Some("the quarter's report is approved and locked / รายงานไตรมาสนี้อนุมัติแล้ว แก้ไขไม่ได้".into());
                tx.rollback().await?;
                return Ok(result);
            }
            Some((id, version, _, _)) => {
                let mut old = tx.report(id).await?;
                // The version read with the key decides, as before: a change in between is a conflict.
                old.version = version;
                crate::reports::replace_content(&mut tx, actor, now, &old, &content, Some(source), &stored_findings)
                    .await?;
                result.outcome = ImportOutcome::Updated;
                id
            }
        };
        tx.record_import(&hash, report_id, &report.source.file, now).await?;
        reindex(&mut tx, project_id).await?;
        tx.commit().await?;
        result.project_id = Some(project_id);
        result.report_id = Some(report_id);
        Ok(result)
    }

    /// The agency named in a report, created (under the only ministry, or an
    /// "unspecified ministry") when it is new — which only admins may do.
    async fn import_agency(&self, tx: &mut Tx, actor: &Actor, name: &str, now: jiff::Timestamp) -> Result<i64> {
        if let Some(agency) = tx.find_org_unit(OrgKind::Agency, name).await? {
            return Ok(agency.id);
        }
        authorize(actor, Action::Create, &Resource::global(ResourceKind::Organisation))?;
        let ministries: Vec<_> = tx.org_units().await?.into_iter().filter(|u| u.kind == OrgKind::Ministry).collect();
        let ministry_id = match ministries.as_slice() {
            [only] => only.id,
            _ => match tx.find_org_unit(OrgKind::Ministry, "ไม่ระบุกระทรวง").await? {
                Some(unit) => unit.id,
                None => {
                    let input = OrgUnitInput {
                        parent_id: None,
                        kind: OrgKind::Ministry,
                        code: "MINISTRY-UNSPECIFIED".into(),
                        name: "ไม่ระบุกระทรวง".into(),
                        province_code: None,
                    };
                    let id = tx.insert_org_unit(&input).await?;
                    record_audit(tx, actor, now, "org_unit", id, "create", None, Some(to_json(&input))).await?;
                    id
                }
            },
        };
        let key_hash = sha2::Sha256::digest(name_key(name).as_bytes());
        let code = format!("AG-{}", key_hash.iter().take(4).map(|b| format!("{b:02x}")).collect::<String>());
        let input = OrgUnitInput {
            parent_id: Some(ministry_id),
            kind: OrgKind::Agency,
            code,
            name: name.trim().to_string(),
            province_code: None,
        };
        let id = tx.insert_org_unit(&input).await?;
        record_audit(tx, actor, now, "org_unit", id, "create", None, Some(to_json(&input))).await?;
        Ok(id)
    }

    #[allow(clippy::too_many_arguments)]
    async fn import_project(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        agency_id: i64,
        existing: Option<i64>,
        report: &ParsedReport,
        year: FiscalYear,
        now: jiff::Timestamp,
    ) -> Result<i64> {
        let mut provinces = report.provinces.clone();
        provinces.retain(|code| tidtam_domain::model::is_province_code(*code));
        provinces.sort_unstable();
        provinces.dedup();
        let fresh = ProjectInput {
            code: None,
            name: report.project_name.clone().unwrap_or_default().trim().to_string(),
            budget_source: report.budget_source.clone(),
            value: money(report.project_value),
            start_year: year,
            end_year: year,
            objectives: report.objectives.clone(),
            summary: report.summary.clone(),
            area: report.area.clone(),
            nationwide: report.nationwide,
            provinces,
            responsible: Vec::new(),
            strategy_ids: Vec::new(),
            published: false,
        };
        match existing {
            None => {
                fresh.validate().map_err(ServiceError::Invalid)?;
                let id = tx.insert_project(agency_id, None, &fresh, now).await?;
                let project = tx.project(id).await?;
                record_audit(tx, actor, now, "project", id, "import", None, Some(to_json(&project))).await?;
                Ok(id)
            }
            Some(id) => {
                let old = tx.project(id).await?;
                let mut fields = fresh;
                // What the form does not carry stays as people set it.
                fields.code = old.fields.code.clone();
                fields.responsible = old.fields.responsible.clone();
                fields.strategy_ids = old.fields.strategy_ids.clone();
                fields.published = old.fields.published;
                fields.start_year = old.fields.start_year.min(year);
                fields.end_year = old.fields.end_year.max(year);
                if fields != old.fields {
                    fields.validate().map_err(ServiceError::Invalid)?;
                    tx.update_project(id, old.version, old.owner_division_id, &fields, now).await?;
                    let new = tx.project(id).await?;
                    record_audit(tx, actor, now, "project", id, "update", Some(to_json(&old)), Some(to_json(&new)))
                        .await?;
                }
                Ok(id)
            }
        }
    }
}
