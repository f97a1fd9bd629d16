//! Importing report files: the one import path, for the CLI and the HTTP API.
//!
//! [`Service::import_file`] takes a file's bytes, reads it with `tidtam_report`
//! (which produces the domain's [`ReportForm`], so nothing is translated) and
//! stores each report. Authorisation is all-or-nothing per file: every report's
//! agency is checked before anything is written. Idempotent: a report is keyed by
//! (agency, project name key, fiscal year, quarter) and carries a content hash;
//! importing the same content again changes nothing. New content for a quarter
//! that is a draft or returned replaces it (the old state stays in the report's
//! revisions and the audit trail); a report under review or approved is not
//! changed, and the result says so. Each report is imported in its own
//! transaction, so an interrupted import leaves whole reports or none. The one
//! checker runs again inside the transaction with the previous quarter's form,
//! and its findings are stored with the report and returned, never dropped.

use sha2::Digest;
use tidtam_domain::form::ReportForm;
use tidtam_domain::model::{BudgetYear, KpiKind, KpiTarget, OrgKind, OrgUnitInput, ProjectInput, first_number};
use tidtam_domain::period::{FiscalYear, Quarter};
use tidtam_domain::policy::{Action, Actor, Resource, ResourceKind, may_import_files};
use tidtam_domain::workflow::ReportStatus;
use tidtam_domain::{Baht, label_key};
use tidtam_store::{ReportBody, Tx};

use crate::projects::reindex;
use crate::reports::{check_form, snapshot};
use crate::{Result, Service, ServiceError, authorize, record_audit, to_json};

// What an import answers is a wire type: the CLI's `--json` and the API send it as is.
pub use tidtam_api::import::{ImportOutcome, ImportedFile, ImportedReport};

/// The content hash of a read report: everything except where the file was.
pub fn content_hash(report: &ReportForm) -> String {
    let mut value = serde_json::to_value(report).expect("reports serialise");
    if let Some(object) = value.as_object_mut() {
        object.remove("source");
    }
    let digest = sha2::Sha256::digest(value.to_string().as_bytes());
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The name a report files under: (fiscal year, project name, agency name).
fn filing(report: &ReportForm) -> Option<(FiscalYear, &str, &str)> {
    let year = report.fiscal_year.and_then(|year| FiscalYear::checked(year).ok())?;
    let project = report.project_name.as_deref().filter(|n| !n.trim().is_empty())?;
    let agency = report.agency.as_deref().filter(|n| !n.trim().is_empty())?;
    Some((year, project, agency))
}

impl Service {
    /// Whether `actor` may import files at all; callers check it before they read
    /// an upload's body.
    pub fn may_import_files(&self, actor: &Actor) -> Result<()> {
        if may_import_files(actor) { Ok(()) } else { Err(ServiceError::Forbidden) }
    }

    /// Reads a report file (`.docx`, or UTF-8 text) and imports every report in it
    /// as reports of `quarter`: the one import path. The file is read off the async
    /// workers, at most [`crate::CONCURRENT_INGESTS`] at a time; an unreadable file
    /// is [`ServiceError::Unreadable`].
    pub async fn import_file(
        &self,
        actor: &Actor,
        file_name: &str,
        bytes: Vec<u8>,
        quarter: Quarter,
    ) -> Result<ImportedFile> {
        self.may_import_files(actor)?;
        let name = file_name.to_string();
        let _permit = self
            .ingest_permits
            .acquire()
            .await
            .map_err(|error| ServiceError::Internal(format!("ingest permits: {error}")))?;
        let reports = tokio::task::spawn_blocking(move || tidtam_report::ingest_bytes(&bytes, &name))
            .await
            .map_err(|error| ServiceError::Internal(format!("ingest task: {error}")))?
            .map_err(ServiceError::Unreadable)?;
        let reports = self.import_reports(actor, &reports, quarter).await?;
        Ok(ImportedFile { file_name: file_name.to_string(), reports })
    }

    /// Imports reports already read from a file as reports of `quarter`. Returns
    /// one result per report, in order. Every report's agency is authorised before
    /// the first is stored, so a file is imported whole or, for authorisation, not at all.
    pub async fn import_reports(
        &self,
        actor: &Actor,
        reports: &[ReportForm],
        quarter: Quarter,
    ) -> Result<Vec<ImportedReport>> {
        self.may_import_files(actor)?;
        self.authorize_file(actor, reports).await?;
        let mut results = Vec::with_capacity(reports.len());
        for report in reports {
            results.push(self.import_one(actor, report, quarter).await?);
        }
        Ok(results)
    }

    /// Refuses the whole file when any of its reports goes to an agency the actor
    /// may not import for (or would create an agency the actor may not create).
    async fn authorize_file(&self, actor: &Actor, reports: &[ReportForm]) -> Result<()> {
        let mut tx = self.store.begin_read().await?;
        for (_, _, agency_name) in reports.iter().filter_map(filing) {
            match tx.find_org_unit(OrgKind::Agency, agency_name).await? {
                Some(agency) => authorize(
                    actor,
                    Action::Import,
                    &Resource::owned(ResourceKind::Report, Some(agency.id), None, false),
                )?,
                None => authorize(actor, Action::Create, &Resource::global(ResourceKind::Organisation))?,
            }
        }
        Ok(())
    }

    async fn import_one(&self, actor: &Actor, report: &ReportForm, quarter: Quarter) -> Result<ImportedReport> {
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
            findings: report.findings.iter().cloned().map(Into::into).collect(),
        };
        let Some((year, project_name, agency_name)) = filing(report) else {
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
            if !status.is_editable() {
                (result.outcome, result.note) = not_editable(status);
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
            tx.upsert_kpi(project_id, &kpi.name, kpi.kind.unwrap_or(KpiKind::Quantitative), None, target.as_ref())
                .await?;
        }
        let old_budget = tx.budgets(project_id).await?.into_iter().find(|b| b.fiscal_year == year);
        let budget = BudgetYear {
            project_id,
            fiscal_year: year,
            allocated: report.budget.allocated.unwrap_or(Baht::ZERO),
            contracted: report.budget.contracted.unwrap_or(Baht::ZERO),
            carried_over: old_budget.as_ref().map_or(Baht::ZERO, |b| b.carried_over),
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

        let content = report.quarter_content(quarter);
        let findings = check_form(&mut tx, project_id, year, quarter, report).await?;
        let source = (report.source.file.as_str(), hash.as_str());
        let report_id = match tx.report_for_period(project_id, year, quarter).await? {
            None => {
                let id = tx
                    .insert_report(
                        project_id,
                        year,
                        quarter,
                        ReportStatus::Draft,
                        ReportBody { content: &content, form: report, findings: &findings },
                        (Some(source.0), Some(source.1)),
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
            Some((_, _, status, _)) if !status.is_editable() => {
                (result.outcome, result.note) = not_editable(status);
                tx.rollback().await?;
                return Ok(result);
            }
            Some((id, version, _, _)) => {
                let mut old = tx.report(id).await?;
                // The version read with the key decides, as before: a change in between is a conflict.
                old.version = version;
                let body = ReportBody { content: &content, form: report, findings: &findings };
                crate::reports::replace_content(&mut tx, actor, now, &old, body, Some(source)).await?;
                result.outcome = ImportOutcome::Updated;
                id
            }
        };
        tx.record_import(&hash, report_id, &report.source.file, now).await?;
        reindex(&mut tx, project_id).await?;
        tx.commit().await?;
        result.project_id = Some(project_id);
        result.report_id = Some(report_id);
        result.findings = findings.into_iter().map(Into::into).collect();
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
        let key_hash = sha2::Sha256::digest(label_key(name).as_bytes());
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
        report: &ReportForm,
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
            value: report.project_value,
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

/// Why an import leaves a report that is not a draft or returned as it is.
fn not_editable(status: ReportStatus) -> (ImportOutcome, Option<String>) {
    if status.is_locked() {
        (
            ImportOutcome::Locked,
            Some("the quarter's report is approved and locked / รายงานไตรมาสนี้อนุมัติแล้ว แก้ไขไม่ได้".into()),
        )
    } else {
        (
            ImportOutcome::UnderReview,
            Some(
                "the quarter's report is under review; import it again once it is returned / \
                 รายงานไตรมาสนี้อยู่ระหว่างการพิจารณา นำเข้าใหม่ได้เมื่อถูกส่งกลับ"
                    .into(),
            ),
        )
    }
}

/// How long a previewed file waits for its confirmation.
pub const PREVIEW_LIFETIME: jiff::SignedDuration = jiff::SignedDuration::from_hours(1);

/// A file read for the import page, not yet stored: every report in it with its
/// findings, and the token that confirms exactly these bytes.
#[derive(Clone, Debug)]
pub struct Preview {
    pub file_name: String,
    pub quarter: Quarter,
    pub reports: Vec<ReportForm>,
    pub token: String,
}

impl Service {
    /// Reads a file the way [`Service::import_file`] would and keeps its bytes
    /// for [`Service::confirm_preview`], storing no report: the import page's
    /// "what was read, with its findings" before anything changes.
    pub async fn preview_file(
        &self,
        actor: &Actor,
        file_name: &str,
        bytes: Vec<u8>,
        quarter: Quarter,
    ) -> Result<Preview> {
        self.may_import_files(actor)?;
        let user_id = actor.user_id.ok_or(ServiceError::Unauthenticated)?;
        let name = file_name.to_string();
        let reports = {
            let _permit = self
                .ingest_permits
                .acquire()
                .await
                .map_err(|error| ServiceError::Internal(format!("ingest permits: {error}")))?;
            let bytes = bytes.clone();
            tokio::task::spawn_blocking(move || tidtam_report::ingest_bytes(&bytes, &name))
                .await
                .map_err(|error| ServiceError::Internal(format!("ingest task: {error}")))?
                .map_err(ServiceError::Unreadable)?
        };
        let token = crate::auth::random_token()?;
        let now = self.now();
        let upload = tidtam_store::PendingUpload {
            user_id,
            file_name: file_name.to_string(),
            quarter: quarter.number(),
            bytes,
            agreement_id: None,
        };
        let mut tx = self.store.begin().await?;
        tx.insert_pending_upload(&crate::auth::token_hash(&token), &upload, now, now - PREVIEW_LIFETIME).await?;
        tx.commit().await?;
        Ok(Preview { file_name: file_name.to_string(), quarter, reports, token })
    }

    /// Imports the file previewed under `token` (by the same user, within the
    /// hour), exactly as [`Service::import_file`] would have.
    pub async fn confirm_preview(&self, actor: &Actor, token: &str) -> Result<ImportedFile> {
        self.may_import_files(actor)?;
        let upload = self.take_previewed(actor, token, None).await?;
        let quarter = Quarter::from_number(upload.quarter).unwrap_or(Quarter::Q1);
        self.import_file(actor, &upload.file_name, upload.bytes, quarter).await
    }

    /// Takes (once) the file previewed under `token` by `actor` within the hour
    /// for `agreement` (`None`: project reports); any other is "gone", so a
    /// report preview and an indicator preview never confirm each other.
    pub(crate) async fn take_previewed(
        &self,
        actor: &Actor,
        token: &str,
        agreement: Option<i64>,
    ) -> Result<tidtam_store::PendingUpload> {
        let now = self.now();
        let mut tx = self.store.begin().await?;
        let upload = tx.take_pending_upload(&crate::auth::token_hash(token), now - PREVIEW_LIFETIME).await?;
        tx.commit().await?;
        upload.filter(|upload| Some(upload.user_id) == actor.user_id && upload.agreement_id == agreement).ok_or_else(
            || {
                ServiceError::invalid(
                    "token",
                    "ไม่พบไฟล์ที่ตรวจดูไว้ (เกิน ๑ ชั่วโมงหรือยืนยันไปแล้ว) กรุณาเลือกไฟล์อีกครั้ง",
                    "the previewed file is gone (older than an hour, or already confirmed); choose the file again",
                )
            },
        )
    }
}
