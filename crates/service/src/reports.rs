//! Quarterly reports and their workflow: draft → submitted → returned | approved.

use serde::{Deserialize, Serialize};
use tidtam_domain::check::check;
use tidtam_domain::finding::Finding;
use tidtam_domain::form::ReportForm;
use tidtam_domain::model::{Report, ReportContent, kpi_achieved};
use tidtam_domain::period::{FiscalYear, Quarter};
use tidtam_domain::policy::{Action, Actor, ReadScope, Resource, ResourceKind, ReviewFacts, may_approve, read_scope};
use tidtam_domain::workflow::{ReportStatus, Transition, next_status, return_comment_is_valid};
use tidtam_store::{LateEntry, LateRule, ReportBody, ReportFilter, ReportRevision, ReportSummary, Tx};

use crate::{
    Page, PageRequest, Result, Service, ServiceError, authorize, authorize_existing, record_audit, require_sign_in,
    to_json,
};

/// The most revisions one history page holds.
pub const MAX_HISTORY_PAGE: u32 = 20;

/// Input for starting a quarter's report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewReport {
    pub project_id: i64,
    pub fiscal_year: FiscalYear,
    pub quarter: Quarter,
    #[serde(flatten)]
    pub content: ReportContent,
}

/// Who is late for a quarter.
#[derive(Clone, Debug, PartialEq)]
pub struct Lateness {
    pub fiscal_year: FiscalYear,
    pub quarter: Quarter,
    pub deadline: jiff::civil::Date,
    pub late: Vec<LateEntry>,
}

pub(crate) async fn report_resource(tx: &mut Tx, report: &Report) -> Result<Resource> {
    let project = tx.project(report.project_id).await?;
    Ok(Resource::owned(
        ResourceKind::Report,
        Some(project.agency_id),
        project.owner_division_id,
        project.fields.published && report.status == ReportStatus::Approved,
    ))
}

/// Fills in `achieved` where it can be told from target and result.
pub(crate) fn score_kpis(content: &mut ReportContent) {
    for kpi in &mut content.kpi_results {
        if kpi.achieved.is_none() {
            kpi.achieved = kpi_achieved(kpi.kind, kpi.target_text.as_deref(), kpi.result_text.as_deref());
        }
    }
}

/// The form a stored report was saved with, or (for a report saved before forms
/// were kept) the form of its project and content.
pub(crate) async fn stored_form(tx: &mut Tx, report: &Report) -> Result<ReportForm> {
    if let Some(form) = tx.report_form(report.id).await? {
        return Ok(form);
    }
    entered_form(tx, report.project_id, report.fiscal_year, report.quarter, &report.content).await
}

/// The form of a report entered in the system for a project.
async fn entered_form(
    tx: &mut Tx,
    project_id: i64,
    year: FiscalYear,
    quarter: Quarter,
    content: &ReportContent,
) -> Result<ReportForm> {
    let project = tx.project(project_id).await?;
    let agency = tx.org_unit(project.agency_id).await?;
    Ok(ReportForm::entered(&project.fields, &agency.name, year, quarter, content))
}

/// The form of the previous quarter's report of the same fiscal year, for the
/// checker's rules about change since then.
pub(crate) async fn previous_form(
    tx: &mut Tx,
    project_id: i64,
    year: FiscalYear,
    quarter: Quarter,
) -> Result<Option<ReportForm>> {
    let Some(previous) = quarter.previous() else { return Ok(None) };
    match tx.report_for_period(project_id, year, previous).await? {
        // The report itself is read only for a form saved before forms were kept.
        Some((id, ..)) => match tx.report_form(id).await? {
            Some(form) => Ok(Some(form)),
            None => {
                let report = tx.report(id).await?;
                Ok(Some(
                    entered_form(tx, report.project_id, report.fiscal_year, report.quarter, &report.content).await?,
                ))
            }
        },
        None => Ok(None),
    }
}

/// The one checker, run on a form with its previous quarter.
pub(crate) async fn check_form(
    tx: &mut Tx,
    project_id: i64,
    year: FiscalYear,
    quarter: Quarter,
    form: &ReportForm,
) -> Result<Vec<Finding>> {
    let previous = previous_form(tx, project_id, year, quarter).await?;
    Ok(check(form, previous.as_ref()))
}

/// Saves the report's current state as a revision (history) and its words in
/// the search index: every write of a report passes here.
pub(crate) async fn snapshot(tx: &mut Tx, report_id: i64, actor: &Actor, at: jiff::Timestamp) -> Result<Report> {
    let report = tx.report(report_id).await?;
    tx.insert_revision(report_id, report.version, report.status, &to_json(&report), at, &actor.username).await?;
    tx.set_report_search_entry(report_id, &search_body(&report.content)).await?;
    Ok(report)
}

/// The searchable text of a quarter's report, segmented into words: what was
/// done, the results, the problems and the recommendations.
pub(crate) fn search_body(content: &ReportContent) -> String {
    let names = content.activity_results.iter().map(|result| result.activity_name.as_str());
    let names = names.chain(content.kpi_results.iter().map(|result| result.kpi_name.as_str()));
    let text: Vec<&str> = written_texts(content).chain(names).collect();
    crate::search_text::words(&text.join("\n"))
}

/// What the report's authors wrote for the quarter, in form order: the summary,
/// problems and recommendations, then each activity's, KPI's and problem's text
/// (what search indexes and what an excerpt is cut from).
fn written_texts(content: &ReportContent) -> impl Iterator<Item = &str> {
    [&content.summary, &content.problems_text, &content.recommendations]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .chain(content.activity_results.iter().map(|result| result.text.as_str()))
        .chain(content.kpi_results.iter().filter_map(|result| result.result_text.as_deref()))
        .chain(content.problems.iter().map(|problem| problem.text.as_str()))
}

/// Replaces a report's content (version-checked by the store), saves the revision and
/// records the audit row old → new: the one way content changes, from an editor or an import.
pub(crate) async fn replace_content(
    tx: &mut Tx,
    actor: &Actor,
    now: jiff::Timestamp,
    old: &Report,
    body: ReportBody<'_>,
    source: Option<(&str, &str)>,
) -> Result<Report> {
    tx.update_report_content(old.id, old.version, body, source, now).await?;
    let new = snapshot(tx, old.id, actor, now).await?;
    record_audit(tx, actor, now, "report", old.id, "update", Some(to_json(&old.content)), Some(to_json(&new.content)))
        .await?;
    Ok(new)
}

impl Service {
    pub async fn create_report(&self, actor: &Actor, input: NewReport) -> Result<Report> {
        let mut content = input.content;
        content.validate().map_err(ServiceError::Invalid)?;
        score_kpis(&mut content);
        let now = self.now();
        require_sign_in(actor)?;
        let mut tx = self.store.begin().await?;
        let project = tx.project(input.project_id).await?;
        authorize_existing(
            actor,
            Action::Create,
            &Resource::owned(ResourceKind::Report, Some(project.agency_id), project.owner_division_id, false),
        )?;
        if input.fiscal_year < project.fields.start_year || input.fiscal_year > project.fields.end_year {
            return Err(ServiceError::invalid(
                "fiscal_year",
                "ปีงบประมาณอยู่นอกช่วงของโครงการ",
                "the fiscal year is outside the project's years",
            ));
        }
        let form = entered_form(&mut tx, input.project_id, input.fiscal_year, input.quarter, &content).await?;
        let findings = check_form(&mut tx, input.project_id, input.fiscal_year, input.quarter, &form).await?;
        let id = tx
            .insert_report(
                input.project_id,
                input.fiscal_year,
                input.quarter,
                ReportStatus::Draft,
                ReportBody { content: &content, form: &form, findings: &findings },
                (None, None),
                now,
            )
            .await?;
        let report = snapshot(&mut tx, id, actor, now).await?;
        record_audit(&mut tx, actor, now, "report", id, "create", None, Some(to_json(&report))).await?;
        tx.commit().await?;
        Ok(report)
    }

    pub async fn get_report(&self, actor: &Actor, id: i64) -> Result<Report> {
        let mut tx = self.store.begin_read().await?;
        let report = tx.report(id).await?;
        let resource = report_resource(&mut tx, &report).await?;
        authorize(actor, Action::Read, &resource).map_err(|_| ServiceError::NotFound)?;
        Ok(report)
    }

    /// Replaces a report's content; only drafts and returned reports can be edited.
    pub async fn update_report(
        &self,
        actor: &Actor,
        id: i64,
        expected_version: i64,
        content: ReportContent,
    ) -> Result<Report> {
        let mut content = content;
        content.validate().map_err(ServiceError::Invalid)?;
        score_kpis(&mut content);
        let now = self.now();
        require_sign_in(actor)?;
        let mut tx = self.store.begin().await?;
        let old = tx.report(id).await?;
        let resource = report_resource(&mut tx, &old).await?;
        authorize_existing(actor, Action::Update, &resource)?;
        if old.version != expected_version {
            return Err(ServiceError::Conflict { current_version: old.version });
        }
        if !old.status.is_editable() {
            return Err(ServiceError::InvalidState { status: old.status.as_str().into() });
        }
        let mut form = stored_form(&mut tx, &old).await?;
        form.apply_content(old.quarter, &content);
        let findings = check_form(&mut tx, old.project_id, old.fiscal_year, old.quarter, &form).await?;
        let new = replace_content(
            &mut tx,
            actor,
            now,
            &old,
            ReportBody { content: &content, form: &form, findings: &findings },
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(new)
    }

    async fn transition(
        &self,
        actor: &Actor,
        id: i64,
        expected_version: i64,
        transition: Transition,
        comment: Option<&str>,
    ) -> Result<Report> {
        let now = self.now();
        require_sign_in(actor)?;
        let mut tx = self.store.begin().await?;
        let old = tx.report(id).await?;
        let resource = report_resource(&mut tx, &old).await?;
        let action = if transition == Transition::Submit { Action::Submit } else { Action::Review };
        authorize_existing(actor, action, &resource)?;
        if old.version != expected_version {
            return Err(ServiceError::Conflict { current_version: old.version });
        }
        let status = next_status(old.status, transition)
            .map_err(|error| ServiceError::InvalidState { status: error.from.as_str().into() })?;
        if transition == Transition::Approve {
            let (last_editor, last_submitter) = tx.report_last_actors(id).await?;
            if !may_approve(actor, &ReviewFacts { last_editor, last_submitter }, self.config.four_eyes) {
                return Err(ServiceError::FourEyes);
            }
        }
        tx.set_report_status(id, expected_version, status, comment, now).await?;
        let new = snapshot(&mut tx, id, actor, now).await?;
        let detail =
            |report: &Report| serde_json::json!({ "status": report.status, "review_comment": report.review_comment });
        record_audit(&mut tx, actor, now, "report", id, transition.as_str(), Some(detail(&old)), Some(detail(&new)))
            .await?;
        tx.commit().await?;
        Ok(new)
    }

    /// draft | returned → submitted.
    pub async fn submit_report(&self, actor: &Actor, id: i64, expected_version: i64) -> Result<Report> {
        self.transition(actor, id, expected_version, Transition::Submit, None).await
    }

    /// submitted → returned, with the reviewer's comment.
    pub async fn return_report(&self, actor: &Actor, id: i64, expected_version: i64, comment: &str) -> Result<Report> {
        if !return_comment_is_valid(comment) {
            return Err(ServiceError::invalid("comment", "กรุณาระบุเหตุผลที่ส่งกลับ", "say why the report is returned"));
        }
        self.transition(actor, id, expected_version, Transition::Return, Some(comment.trim())).await
    }

    /// submitted → approved (locked from then on).
    pub async fn approve_report(&self, actor: &Actor, id: i64, expected_version: i64) -> Result<Report> {
        self.transition(actor, id, expected_version, Transition::Approve, None).await
    }

    pub async fn list_reports(
        &self,
        actor: &Actor,
        filter: ReportFilter,
        page: PageRequest,
    ) -> Result<Page<ReportSummary>> {
        let mut tx = self.store.begin_read().await?;
        let (items, total) = tx.list_reports(read_scope(actor), &filter, page).await?;
        Ok(crate::paged(items, total, page))
    }

    /// One page of a report's saved versions, oldest first, at most
    /// [`MAX_HISTORY_PAGE`] of them: each carries a whole snapshot, so a long
    /// history is never loaded whole, nor a large part of it.
    pub async fn report_history(&self, actor: &Actor, id: i64, page: PageRequest) -> Result<Page<ReportRevision>> {
        let page = PageRequest::new(page.page, page.per_page.min(MAX_HISTORY_PAGE));
        let mut tx = self.store.begin_read().await?;
        let report = tx.report(id).await?;
        let resource = report_resource(&mut tx, &report).await?;
        authorize(actor, Action::Read, &resource).map_err(|_| ServiceError::NotFound)?;
        authorize(actor, Action::ReadHistory, &resource)?;
        let (items, total) = tx.revisions(id, page).await?;
        Ok(crate::paged(items, total, page))
    }

    /// Projects whose report for the quarter is missing (once the deadline has
    /// passed) or was submitted after the deadline, as of `as_of` (now when `None`).
    pub async fn late_reports(
        &self,
        actor: &Actor,
        fiscal_year: FiscalYear,
        quarter: Quarter,
        as_of: Option<jiff::Timestamp>,
    ) -> Result<Lateness> {
        let (scope, deadline, rule) = self.late_rule(actor, fiscal_year, quarter, as_of).await?;
        let late = self.store.begin_read().await?.late_reports(scope, rule).await?;
        Ok(Lateness { fiscal_year, quarter, deadline, late })
    }

    /// Who may see lateness, the quarter's deadline, and the rule that tells who
    /// is late as of `as_of` (now when `None`): one rule for the list and its
    /// count ([`Service::late_count`]).
    pub(crate) async fn late_rule(
        &self,
        actor: &Actor,
        fiscal_year: FiscalYear,
        quarter: Quarter,
        as_of: Option<jiff::Timestamp>,
    ) -> Result<(ReadScope, jiff::civil::Date, LateRule)> {
        let scope = read_scope(actor);
        if matches!(scope, ReadScope::Nothing | ReadScope::Published) {
            return Err(ServiceError::Forbidden);
        }
        let deadline = self.deadline(actor, fiscal_year, quarter).await?.due;
        let deadline_end = deadline
            .tomorrow()
            .map_err(|error| ServiceError::Internal(error.to_string()))?
            .to_datetime(jiff::civil::Time::midnight());
        let deadline_end = jiff::tz::offset(7)
            .to_timestamp(deadline_end)
            .map_err(|error| ServiceError::Internal(error.to_string()))?;
        let deadline_passed = as_of.unwrap_or_else(|| self.now()) > deadline_end;
        Ok((scope, deadline, LateRule { year: fiscal_year, quarter, deadline_end, deadline_passed }))
    }
}

impl Service {
    /// The project's report for a quarter, if one was started.
    pub async fn report_for_quarter(
        &self,
        actor: &Actor,
        project_id: i64,
        fiscal_year: FiscalYear,
        quarter: Quarter,
    ) -> Result<Option<Report>> {
        let mut tx = self.store.begin_read().await?;
        let Some((id, ..)) = tx.report_for_period(project_id, fiscal_year, quarter).await? else {
            return Ok(None);
        };
        let report = tx.report(id).await?;
        let resource = report_resource(&mut tx, &report).await?;
        match authorize(actor, Action::Read, &resource) {
            Ok(()) => Ok(Some(report)),
            // A report the actor may not see is, for them, not started.
            Err(_) => Ok(None),
        }
    }

    /// The whole form a report was saved with (the 14 sections, with the line
    /// each figure was read from when it came from a file).
    pub async fn report_form(&self, actor: &Actor, id: i64) -> Result<ReportForm> {
        let mut tx = self.store.begin_read().await?;
        let report = tx.report(id).await?;
        let resource = report_resource(&mut tx, &report).await?;
        authorize(actor, Action::Read, &resource).map_err(|_| ServiceError::NotFound)?;
        stored_form(&mut tx, &report).await
    }

    /// What the checker would find in `content` as the project's report for the
    /// quarter, without saving anything: the report form's live check as the
    /// user types. The same rules, severities and previous quarter as a save.
    pub async fn check_report_content(
        &self,
        actor: &Actor,
        project_id: i64,
        fiscal_year: FiscalYear,
        quarter: Quarter,
        content: ReportContent,
    ) -> Result<Vec<Finding>> {
        require_sign_in(actor)?;
        let mut content = content;
        content.validate().map_err(ServiceError::Invalid)?;
        score_kpis(&mut content);
        let mut tx = self.store.begin_read().await?;
        let project = tx.project(project_id).await?;
        let resource = Resource::owned(ResourceKind::Report, Some(project.agency_id), project.owner_division_id, false);
        authorize(actor, Action::Read, &resource).map_err(|_| ServiceError::NotFound)?;
        let form = match tx.report_for_period(project_id, fiscal_year, quarter).await? {
            Some((id, ..)) => {
                let old = tx.report(id).await?;
                let mut form = stored_form(&mut tx, &old).await?;
                form.apply_content(quarter, &content);
                form
            }
            None => entered_form(&mut tx, project_id, fiscal_year, quarter, &content).await?,
        };
        check_form(&mut tx, project_id, fiscal_year, quarter, &form).await
    }
}

/// A report found by [`Service::search_reports`] and the passage that matched.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportHit {
    pub report: ReportSummary,
    pub excerpt: Option<String>,
}

/// About how many characters an excerpt shows on each side of the match.
const EXCERPT_CONTEXT: usize = 60;

/// The first passage of the report's own texts holding one of `words`
/// (lower-cased), cut at character boundaries, with "…" where it was cut.
pub(crate) fn excerpt(content: &ReportContent, words: &[&str]) -> Option<String> {
    for text in written_texts(content) {
        let chars: Vec<char> = text.chars().collect();
        let lower: Vec<char> = text.to_lowercase().chars().collect();
        // Lower-casing Thai and ASCII keeps one char for one; other scripts may not, then compare as is.
        let haystack = if lower.len() == chars.len() { &lower } else { &chars };
        for word in words {
            let needle: Vec<char> = word.chars().collect();
            if needle.is_empty() || needle.len() > haystack.len() {
                continue;
            }
            if let Some(at) = haystack.windows(needle.len()).position(|window| window == needle.as_slice()) {
                let start = at.saturating_sub(EXCERPT_CONTEXT);
                let end = (at + needle.len() + EXCERPT_CONTEXT).min(chars.len());
                let mut passage: String = chars[start..end].iter().collect();
                passage = passage.split_whitespace().collect::<Vec<_>>().join(" ");
                if start > 0 {
                    passage.insert(0, '…');
                }
                if end < chars.len() {
                    passage.push('…');
                }
                return Some(passage);
            }
        }
    }
    None
}

impl Service {
    /// Full-text search over the texts of the quarterly reports the actor may
    /// read (what was done, results, problems, recommendations; Thai segmented
    /// into words); every word must match; best match first within the page.
    pub async fn search_reports(&self, actor: &Actor, query: &str, page: PageRequest) -> Result<Page<ReportHit>> {
        let words = crate::search_text::words(query);
        if words.trim().is_empty() {
            return Err(ServiceError::invalid("q", "กรุณาระบุคำค้น", "give something to search for"));
        }
        let mut tx = self.store.begin_read().await?;
        let ids = tx.search_reports(&words, 10_000).await?;
        let filter = ReportFilter { ids: Some(ids.clone()), ..ReportFilter::default() };
        let (mut items, total) = tx.list_reports(read_scope(actor), &filter, page).await?;
        items.sort_by_key(|item| ids.iter().position(|id| *id == item.id).unwrap_or(usize::MAX));
        let query_words: Vec<&str> = words.split_whitespace().collect();
        let mut hits = Vec::with_capacity(items.len());
        for report in items {
            let content = tx.report(report.id).await?.content;
            hits.push(ReportHit { excerpt: excerpt(&content, &query_words), report });
        }
        Ok(crate::paged(hits, total, page))
    }

    /// Indexes the reports stored before the report search index existed (a
    /// database migrated from an earlier version); returns how many. Run when
    /// the server starts. Once a pass has found none missing it marks the index
    /// complete, and later passes are one primary-key read (the scan for
    /// missing entries took a third of a second on 400,000 reports).
    pub async fn index_reports_missing_from_search(&self) -> Result<usize> {
        if self.store.begin_read().await?.report_search_complete().await? {
            return Ok(0);
        }
        let mut indexed = 0;
        loop {
            let mut tx = self.store.begin().await?;
            let missing = tx.reports_missing_from_search(500).await?;
            if missing.is_empty() {
                tx.mark_report_search_complete().await?;
                tx.commit().await?;
                return Ok(indexed);
            }
            for id in &missing {
                let content = tx.report(*id).await?.content;
                tx.set_report_search_entry(*id, &search_body(&content)).await?;
            }
            tx.commit().await?;
            indexed += missing.len();
        }
    }
}
