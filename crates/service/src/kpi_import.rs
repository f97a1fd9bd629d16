//! Importing indicator reports (รายงานผลการปฏิบัติราชการตามคำรับรอง, one
//! indicator each) into a performance agreement.
//!
//! The file is read by `tidtam_report` (the reader `tidtam ingest` uses), and
//! each report then goes through the agreement's own use cases (`add_indicator`,
//! `save_round`, `add_kpi_evidence`), so authorisation, locks, version checks
//! and the audit trail are theirs, not a second copy. The whole file needs the
//! right to plan the agreement (it may add indicators). Idempotent: a round
//! that already holds the report's figures is not written again, and evidence
//! already listed under the same title and date is not added twice.

use tidtam_api::performance::{
    EvidenceInput, KpiImport, KpiImportOutcome, KpiImportedIndicator, KpiSource, NewIndicator, RoundInput,
};
use tidtam_domain::policy::{Action, Actor};
use tidtam_score::Achievement;
use tidtam_score::form::IndicatorReport;

use crate::performance::{criteria_to_wire, finding, load, round_holds};
use crate::{Result, Service, ServiceError, authorize_existing, require_sign_in};

/// A file of indicator reports read for the scorecard's import form, not yet
/// stored: what each report would do, and the token that confirms these bytes.
#[derive(Clone, Debug)]
pub struct KpiImportPreview {
    pub plan: KpiImport,
    pub token: String,
}

fn skipped(entry: &mut KpiImportedIndicator, th: &str, en: &str) {
    entry.outcome = KpiImportOutcome::Skipped;
    entry.message_th = Some(th.to_string());
    entry.message_en = Some(en.to_string());
}

/// The report's result as the round's form takes it: a value, or a milestone's level reached.
fn result_text(achievement: &Achievement) -> Option<String> {
    match achievement {
        Achievement::Value(value) => Some(value.to_string()),
        Achievement::Level(level) => Some(level.to_string()),
        // The highest level whose steps are all met.
        Achievement::Steps(levels) => {
            let met = levels.iter().take_while(|steps| !steps.is_empty() && steps.iter().all(|met| *met)).count();
            Some(met.to_string())
        }
    }
}

impl Service {
    /// Reads a file and imports every indicator report in it into the agreement.
    pub async fn import_indicator_file(
        &self,
        actor: &Actor,
        agreement_id: i64,
        file_name: &str,
        bytes: Vec<u8>,
    ) -> Result<KpiImport> {
        let reports = self.read_indicator_reports(file_name, bytes).await?;
        let plan = self.plan_indicator_import(actor, agreement_id, file_name, &reports).await?;
        let mut done = Vec::with_capacity(reports.len());
        for (report, entry) in reports.iter().zip(plan.indicators) {
            done.push(self.import_indicator_report(actor, agreement_id, report, entry).await?);
        }
        Ok(KpiImport { file_name: file_name.to_string(), agreement_id, indicators: done })
    }

    /// Reads a file the way [`Service::import_indicator_file`] would and keeps
    /// its bytes for [`Service::confirm_indicator_preview`], storing nothing else.
    pub async fn preview_indicator_file(
        &self,
        actor: &Actor,
        agreement_id: i64,
        file_name: &str,
        bytes: Vec<u8>,
    ) -> Result<KpiImportPreview> {
        require_sign_in(actor)?;
        let user_id = actor.user_id.ok_or(ServiceError::Unauthenticated)?;
        let reports = self.read_indicator_reports(file_name, bytes.clone()).await?;
        let plan = self.plan_indicator_import(actor, agreement_id, file_name, &reports).await?;
        let token = crate::auth::random_token()?;
        let now = self.now();
        let upload = tidtam_store::PendingUpload {
            user_id,
            file_name: file_name.to_string(),
            quarter: 4,
            bytes,
            agreement_id: Some(agreement_id),
        };
        let mut tx = self.store.begin().await?;
        tx.insert_pending_upload(&crate::auth::token_hash(&token), &upload, now, now - crate::import::PREVIEW_LIFETIME)
            .await?;
        tx.commit().await?;
        Ok(KpiImportPreview { plan, token })
    }

    /// Imports the file previewed under `token` for this agreement (by the same user, within the hour).
    pub async fn confirm_indicator_preview(&self, actor: &Actor, agreement_id: i64, token: &str) -> Result<KpiImport> {
        require_sign_in(actor)?;
        let upload = self.take_previewed(actor, token, Some(agreement_id)).await?;
        self.import_indicator_file(actor, agreement_id, &upload.file_name, upload.bytes).await
    }

    /// The indicator reports in a file (`.docx` or text); a file with none is refused with a message.
    async fn read_indicator_reports(&self, file_name: &str, bytes: Vec<u8>) -> Result<Vec<IndicatorReport>> {
        let name = file_name.to_string();
        let read = {
            let _permit = self
                .ingest_permits
                .acquire()
                .await
                .map_err(|error| ServiceError::Internal(format!("ingest permits: {error}")))?;
            tokio::task::spawn_blocking(move || tidtam_report::read_bytes(&bytes, &name))
                .await
                .map_err(|error| ServiceError::Internal(format!("ingest task: {error}")))?
                .map_err(ServiceError::Unreadable)?
        };
        if read.kpi_reports.is_empty() {
            return Err(ServiceError::invalid(
                "file",
                "ไฟล์นี้ไม่มีรายงานผลตัวชี้วัดตามคำรับรองการปฏิบัติราชการ (รายงานโครงการรายไตรมาสให้นำเข้าที่หน้านำเข้ารายงาน)",
                "this file holds no indicator report of a performance agreement (import quarterly project reports on the import page)",
            ));
        }
        Ok(read.kpi_reports)
    }

    /// What importing `reports` would do: each report matched to the agreement's
    /// indicator of its code, or to be added. Needs the right to plan the agreement.
    async fn plan_indicator_import(
        &self,
        actor: &Actor,
        agreement_id: i64,
        file_name: &str,
        reports: &[IndicatorReport],
    ) -> Result<KpiImport> {
        require_sign_in(actor)?;
        let mut tx = self.store.begin_read().await?;
        let loaded = load(&mut tx, agreement_id).await?;
        authorize_existing(actor, Action::Plan, &loaded.resource)?;
        let indicators = reports
            .iter()
            .map(|report| {
                let existing = loaded.indicators.iter().find(|row| row.code.trim() == report.code.trim());
                let months = report.period().months();
                let mut entry = KpiImportedIndicator {
                    source_line: report.line,
                    code: report.code.clone(),
                    name: report.name.clone(),
                    months,
                    outcome: if existing.is_some() { KpiImportOutcome::WouldUpdate } else { KpiImportOutcome::WouldCreate },
                    indicator_id: existing.map(|row| row.id),
                    evidence_added: 0,
                    message_th: None,
                    message_en: None,
                    findings: report.findings.iter().map(finding).collect(),
                };
                let locked = existing.is_some_and(|row| {
                    loaded.rounds.iter().any(|r| r.indicator_id == row.id && r.months == i64::from(months) && r.locked)
                });
                if report.code.trim().is_empty() {
                    skipped(&mut entry, "รายงานไม่มีรหัสตัวชี้วัด", "the report has no indicator code");
                } else if locked {
                    skipped(
                        &mut entry,
                        &format!("รอบ {months} เดือนของตัวชี้วัดนี้ล็อกแล้ว ให้กลุ่มงานแผนปลดล็อกก่อนนำเข้า"),
                        &format!("the {months}-month round of this indicator is locked; a planner must unlock it first"),
                    );
                } else if existing.is_none() && (report.criteria().is_none() || report.weight.is_none()) {
                    skipped(
                        &mut entry,
                        "ไม่มีตัวชี้วัดรหัสนี้ในคำรับรอง และอ่านเกณฑ์การให้คะแนนหรือน้ำหนักจากรายงานไม่ได้ จึงเพิ่มให้ไม่ได้",
                        "the agreement has no indicator of this code, and the report's criteria or weight cannot be read to add it",
                    );
                }
                entry
            })
            .collect();
        Ok(KpiImport { file_name: file_name.to_string(), agreement_id, indicators })
    }

    /// Stores one report as `entry` planned it.
    async fn import_indicator_report(
        &self,
        actor: &Actor,
        agreement_id: i64,
        report: &IndicatorReport,
        mut entry: KpiImportedIndicator,
    ) -> Result<KpiImportedIndicator> {
        if entry.outcome == KpiImportOutcome::Skipped {
            return Ok(entry);
        }
        let created = entry.indicator_id.is_none();
        let indicator_id = match entry.indicator_id {
            Some(id) => id,
            None => {
                let (Some(criteria), Some(weight)) = (report.criteria(), report.weight) else {
                    return Ok(entry);
                };
                let new = NewIndicator {
                    code: report.code.trim().to_string(),
                    name: report.name.clone(),
                    description: report.description.clone(),
                    officer_user_id: None,
                    officer_name: report.officer_in_charge.as_ref().map(|o| o.name.clone()).unwrap_or_default(),
                    data_collector: report
                        .data_collectors
                        .iter()
                        .enumerate()
                        .map(|(index, officer)| format!("{}. {}", index + 1, officer.name))
                        .collect::<Vec<_>>()
                        .join(" "),
                    weight: weight.to_string(),
                    criteria: criteria_to_wire(&criteria),
                    source: KpiSource::Entered,
                };
                self.add_indicator(actor, agreement_id, new).await?.id
            }
        };
        entry.indicator_id = Some(indicator_id);
        let stated = report.round();
        let input = RoundInput {
            version: 0,
            result: stated.result.as_ref().and_then(result_text),
            own_level: stated.own.level,
            own_score: stated.own.score.map(|score| score.to_string()),
            own_weighted: stated.own.weighted.map(|weighted| weighted.to_string()),
            explanation: stated.explanation.clone(),
            supporting_factors: stated.supporting_factors.clone(),
            obstacles: stated.obstacles.clone(),
            suggestions: stated.suggestions.clone(),
        };
        let (current, version) = {
            let mut tx = self.store.begin_read().await?;
            let current = tx.round(indicator_id, i64::from(entry.months)).await?;
            let version = current.version;
            (current, version)
        };
        let mut changed = false;
        if !round_holds(&current, &input)? {
            self.save_round(actor, indicator_id, entry.months, RoundInput { version, ..input }).await?;
            changed = true;
        }
        let listed = self.indicator(actor, indicator_id).await?;
        let kept: Vec<_> = listed
            .rounds
            .iter()
            .find(|round| round.months == entry.months)
            .map(|round| round.evidence.iter().map(|kept| (kept.title.trim().to_string(), kept.date)).collect())
            .unwrap_or_default();
        // Matched one to one, so a list that names the same document twice keeps both.
        let mut matched = vec![false; kept.len()];
        for evidence in &stated.evidence {
            let key = (evidence.title.trim().to_string(), evidence.date);
            if let Some(index) = (0..kept.len()).find(|&index| !matched[index] && kept[index] == key) {
                matched[index] = true;
                continue;
            }
            let input = EvidenceInput {
                title: evidence.title.clone(),
                date: evidence.date,
                pages: evidence.pages,
                file_name: evidence.file.clone(),
            };
            self.add_kpi_evidence(actor, indicator_id, entry.months, input).await?;
            entry.evidence_added += 1;
        }
        entry.outcome = if created {
            KpiImportOutcome::Created
        } else if changed || entry.evidence_added > 0 {
            KpiImportOutcome::Updated
        } else {
            KpiImportOutcome::Unchanged
        };
        Ok(entry)
    }
}
