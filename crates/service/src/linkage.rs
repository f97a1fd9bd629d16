//! Clerical review of record linkage: a statistician uploads two registers, the
//! server links them (`tidtam_link`, the model inferred from the columns, as
//! `tidtam link A B` does) and keeps the automatic links and the review band
//! with both records' fields and every comparison's level and weight; reviewers
//! are handed one pair at a time (a lease, so two reviewers never hold the same
//! pair), decide accept / reject / unsure with a note under the version they
//! read, and every decision is audited. Precision and recall are estimated
//! from the decisions by `tidtam_link::review`; the accepted links are exported.
//!
//! Who may do what is the policy's (`ResourceKind::LinkageJob`: the
//! statisticians of the job's agency and admins; personal data, so nobody else).

use std::path::Path;

use serde::{Deserialize, Serialize};
use tidtam_api::linkage::{
    ComparisonLevel, ExportedLink, LinkageEstimates, LinkageExport, LinkageJob, LinkageJobDetail, LinkagePair,
    NewLinkageJob, NextPair, PairDecisionInput, RecordField, RegisterInput,
};
use tidtam_domain::model::FieldError;
use tidtam_domain::policy::{Action, Actor, Resource, ResourceKind};
use tidtam_link::engine::{Linker, RunOptions, Threshold};
use tidtam_link::review::{Band, Decision, ReviewedPair, estimate, exported};
use tidtam_link::{Error as LinkError, Table};
use tidtam_store::{LinkageJobRow, LinkagePairRow, NewLinkagePair, PairDecision, PairFilter};

use crate::{
    Page, PageRequest, Result, Service, ServiceError, authorize, authorize_existing, paged, record_audit,
    require_sign_in,
};

/// How long a pair handed to a reviewer stays theirs: long enough to read two
/// records and write a note, short enough that a closed tab frees it soon.
pub const LEASE: jiff::SignedDuration = jiff::SignedDuration::from_mins(15);

/// The most pairs (automatic links and review band) one job keeps: each holds
/// both records, and review is for what people can read.
pub const MAX_KEPT_PAIRS: usize = 20_000;

/// What a job remembers of its run (stored as JSON in `linkage_job.summary`).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct RunSummary {
    left_records: u64,
    right_records: u64,
    candidate_pairs: u64,
    threshold: f64,
    review_from: f64,
    expected_matches: f64,
    comparisons: Vec<String>,
    model_notes: Vec<String>,
    warnings: Vec<String>,
}

/// A pair's comparisons as stored (`linkage_pair.comparisons`).
#[derive(Clone, Debug, Serialize, Deserialize)]
struct StoredComparisons {
    prior: f64,
    levels: Vec<ComparisonLevel>,
}

fn job_resource(agency_id: Option<i64>) -> Resource {
    Resource::owned(ResourceKind::LinkageJob, agency_id, None, false)
}

fn summary_of(row: &LinkageJobRow) -> Result<RunSummary> {
    serde_json::from_str(&row.summary).map_err(|e| ServiceError::Internal(format!("linkage_job {}: {e}", row.id)))
}

fn job_view(row: &LinkageJobRow, summary: &RunSummary) -> LinkageJob {
    LinkageJob {
        id: row.id,
        name: row.name.clone(),
        agency_id: row.agency_id,
        left_name: row.left_name.clone(),
        right_name: row.right_name.clone(),
        created_at: row.created_at,
        left_records: summary.left_records,
        right_records: summary.right_records,
        candidate_pairs: summary.candidate_pairs,
        threshold: summary.threshold,
        review_from: summary.review_from,
        review: row.review as u64,
        decided: row.decided as u64,
        automatic: row.automatic as u64,
    }
}

fn record(json: &str) -> Vec<RecordField> {
    serde_json::from_str::<Vec<(String, String)>>(json)
        .unwrap_or_default()
        .into_iter()
        .map(|(column, value)| RecordField { column, value })
        .collect()
}

fn pair_view(row: LinkagePairRow, now: jiff::Timestamp) -> LinkagePair {
    let comparisons: StoredComparisons =
        serde_json::from_str(&row.comparisons).unwrap_or(StoredComparisons { prior: 0.0, levels: Vec::new() });
    LinkagePair {
        id: row.id,
        job_id: row.job_id,
        seq: row.seq,
        band: row.band,
        left_id: row.left_id,
        right_id: row.right_id,
        left: record(&row.left_record),
        right: record(&row.right_record),
        prior: comparisons.prior,
        comparisons: comparisons.levels,
        weight: row.weight,
        probability: row.probability,
        decision: row.decision,
        note: row.note,
        decided_by: row.decided_by_name,
        decided_at: row.decided_at,
        held_until: row.lease_until.filter(|until| *until > now),
        version: row.version,
    }
}

fn band_of(text: &str) -> Band {
    if text == "automatic" { Band::Automatic } else { Band::Review }
}

fn decision_of(text: Option<&str>) -> Option<Decision> {
    match text? {
        "accept" => Some(Decision::Accept),
        "reject" => Some(Decision::Reject),
        "unsure" => Some(Decision::Unsure),
        _ => None,
    }
}

fn estimates_view(outcomes: &[(String, f64, Option<String>)], expected_matches: f64) -> LinkageEstimates {
    let pairs: Vec<ReviewedPair> = outcomes
        .iter()
        .map(|(band, p, decision)| ReviewedPair {
            band: band_of(band),
            probability: *p,
            decision: decision_of(decision.as_deref()),
        })
        .collect();
    let e = estimate(&pairs, expected_matches);
    LinkageEstimates {
        automatic: e.automatic,
        automatic_accepted: e.automatic_accepted,
        automatic_rejected: e.automatic_rejected,
        review: e.review,
        accepted: e.accepted,
        rejected: e.rejected,
        unsure: e.unsure,
        undecided: e.undecided,
        exported: e.exported,
        expected_matches: e.expected_matches,
        calibration: e.calibration,
        precision_automatic: e.precision_automatic,
        precision: e.precision,
        recall: e.recall,
        recall_automatic: e.recall_automatic,
    }
}

/// A linkage error as the field it concerns, in Thai and English.
fn link_error(field: &str, error: &LinkError) -> ServiceError {
    let (en, th) = error.english_and_thai();
    ServiceError::Invalid(vec![FieldError::new(field, &th, &en)])
}

/// A register sent as JSON into a table; every row must have one cell per column.
fn table_from_input(field: &str, input: &RegisterInput) -> Result<Table> {
    let mut errors = Vec::new();
    if input.columns.is_empty() || input.columns.iter().any(|c| c.trim().is_empty()) {
        errors.push(FieldError::new(
            &format!("{field}.columns"),
            "ต้องมีชื่อคอลัมน์ และชื่อคอลัมน์ต้องไม่ว่าง",
            "give the column names; none may be empty",
        ));
    }
    for (i, row) in input.rows.iter().enumerate() {
        if row.len() != input.columns.len() {
            errors.push(FieldError::new(
                &format!("{field}.rows[{i}]"),
                &format!("แถวนี้มี {} ช่อง แต่มี {} คอลัมน์", row.len(), input.columns.len()),
                &format!("this row has {} cells but there are {} columns", row.len(), input.columns.len()),
            ));
        }
    }
    if input.rows.is_empty() {
        errors.push(FieldError::new(&format!("{field}.rows"), "ทะเบียนไม่มีระเบียน", "the register has no records"));
    }
    if !errors.is_empty() {
        return Err(ServiceError::Invalid(errors));
    }
    let mut table = Table::new(input.name.clone(), input.columns.clone());
    for row in &input.rows {
        table.push_row(row.iter().map(|cell| cell.as_deref()));
    }
    Ok(table)
}

fn check_job_input(name: &str, threshold: f64, review_from: f64) -> Result<()> {
    let mut errors = Vec::new();
    if name.trim().is_empty() || name.chars().count() > 200 {
        errors.push(FieldError::new(
            "name",
            "กรุณาตั้งชื่องาน (ไม่เกิน ๒๐๐ ตัวอักษร)",
            "give the job a name (at most 200 characters)",
        ));
    }
    if !(0.0..=1.0).contains(&threshold) || threshold.is_nan() {
        errors.push(FieldError::new("threshold", "เกณฑ์ต้องอยู่ระหว่าง 0 ถึง 1", "the threshold must be between 0 and 1"));
    }
    if !(0.0..=1.0).contains(&review_from) || review_from.is_nan() || review_from > threshold {
        errors.push(FieldError::new(
            "review_from",
            "ขอบล่างของช่วงตรวจต้องอยู่ระหว่าง 0 กับเกณฑ์",
            "the review band's lower edge must be between 0 and the threshold",
        ));
    }
    if errors.is_empty() { Ok(()) } else { Err(ServiceError::Invalid(errors)) }
}

/// Links the two tables and prepares what a job stores (runs on a blocking thread).
fn run_linkage(
    left: Table,
    mut right: Table,
    threshold: f64,
    review_from: f64,
) -> Result<(RunSummary, Vec<NewLinkagePair>)> {
    let inference = tidtam_link::infer::infer(&left, Some(&right)).map_err(|e| link_error("registers", &e))?;
    inference.apply_renames(&mut right);
    let mut warnings: Vec<String> = left.notes.iter().chain(&right.notes).cloned().collect();
    let model_notes: Vec<String> = inference
        .explain()
        .lines()
        .map(|l| l.trim_start_matches('#').trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    let mut linker = Linker::new(&inference.spec, &left, Some(&right)).map_err(|e| link_error("registers", &e))?;
    warnings.extend(linker.warnings().iter().cloned());
    let options = RunOptions { threshold: Threshold::Probability(threshold), review_from };
    let (summary, kept) = linker.run(&options, None).map_err(|e| link_error("registers", &e))?;
    if kept.len() > MAX_KEPT_PAIRS {
        return Err(ServiceError::Invalid(vec![FieldError::new(
            "review_from",
            &format!(
                "การเชื่อมโยงนี้ได้คู่ {} คู่ เกินกว่าที่งานตรวจหนึ่งงานเก็บได้ ({MAX_KEPT_PAIRS} คู่) กรุณาเพิ่มขอบล่างของช่วงตรวจหรือแบ่งทะเบียน",
                kept.len()
            ),
            &format!(
                "the run keeps {} pairs, more than a review job holds ({MAX_KEPT_PAIRS}); raise the review band's lower edge or split the registers",
                kept.len()
            ),
        )]));
    }
    let threshold_weight = tidtam_link::fs::weight_of(summary.threshold);
    let id_column = inference.spec.unique_id.clone().unwrap_or_else(|| left.names[0].clone());
    let id_of = |table: &Table, row: u32| {
        table.column(&id_column).ok().and_then(|c| c.get(row as usize)).unwrap_or("").to_string()
    };
    // Automatic links first, then the band; strongest first within each (the run's order).
    let mut ordered: Vec<&tidtam_link::engine::ScoredPair> =
        kept.iter().filter(|p| p.weight >= threshold_weight).collect();
    ordered.extend(kept.iter().filter(|p| p.weight < threshold_weight));
    let pairs = ordered
        .into_iter()
        .map(|pair| {
            let explanation = linker.explain(&summary.params, pair.left, pair.right);
            let comparisons = StoredComparisons {
                prior: explanation.prior,
                levels: explanation
                    .contributions
                    .into_iter()
                    .map(|c| ComparisonLevel { comparison: c.comparison, level: c.level, weight: c.weight })
                    .collect(),
            };
            NewLinkagePair {
                band: if pair.weight >= threshold_weight { "automatic" } else { "review" },
                left_id: id_of(&left, pair.left),
                right_id: id_of(&right, pair.right),
                left_record: serde_json::to_string(&left.row(pair.left as usize)).expect("records serialise"),
                right_record: serde_json::to_string(&right.row(pair.right as usize)).expect("records serialise"),
                comparisons: serde_json::to_string(&comparisons).expect("comparisons serialise"),
                weight: pair.weight,
                probability: pair.probability(),
            }
        })
        .collect();
    let run = RunSummary {
        left_records: summary.records.0 as u64,
        right_records: summary.records.1 as u64,
        candidate_pairs: summary.candidate_pairs,
        threshold: summary.threshold,
        review_from,
        expected_matches: summary.em.lambda_blocked * summary.candidate_pairs as f64,
        comparisons: linker.labels().into_iter().map(|(label, _)| label).collect(),
        model_notes,
        warnings,
    };
    Ok((run, pairs))
}

/// Which pairs a job's list shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PairList {
    #[default]
    All,
    Automatic,
    Review,
    Unsure,
    Decided,
}

impl PairList {
    fn filter(self) -> PairFilter {
        match self {
            PairList::All => PairFilter::All,
            PairList::Automatic => PairFilter::Band("automatic"),
            PairList::Review => PairFilter::Band("review"),
            PairList::Unsure => PairFilter::Decision("unsure"),
            PairList::Decided => PairFilter::Decided,
        }
    }
}

impl Service {
    /// A new review job from two registers sent as JSON.
    pub async fn create_linkage_job(&self, actor: &Actor, input: &NewLinkageJob) -> Result<LinkageJobDetail> {
        require_sign_in(actor)?;
        authorize(actor, Action::Create, &job_resource(actor.agency_id))?;
        let left = table_from_input("left", &input.left)?;
        let right = table_from_input("right", &input.right)?;
        self.create_job(actor, &input.name, left, right, input.threshold, input.review_from).await
    }

    /// A new review job from two uploaded CSV files (UTF-8, with or without a
    /// byte-order mark, or TIS-620), as the page sends them.
    #[allow(clippy::too_many_arguments)]
    pub async fn create_linkage_job_from_files(
        &self,
        actor: &Actor,
        name: &str,
        left: (&str, Vec<u8>),
        right: (&str, Vec<u8>),
        threshold: Option<f64>,
        review_from: Option<f64>,
    ) -> Result<LinkageJobDetail> {
        require_sign_in(actor)?;
        authorize(actor, Action::Create, &job_resource(actor.agency_id))?;
        let read = |field: &str, (file, bytes): (&str, Vec<u8>)| {
            Table::from_csv_bytes(Path::new(file), &bytes).map_err(|e| link_error(field, &e))
        };
        let (left, right) = (read("left", left)?, read("right", right)?);
        self.create_job(actor, name, left, right, threshold, review_from).await
    }

    async fn create_job(
        &self,
        actor: &Actor,
        name: &str,
        left: Table,
        right: Table,
        threshold: Option<f64>,
        review_from: Option<f64>,
    ) -> Result<LinkageJobDetail> {
        let Some(agency_id) = actor.agency_id else {
            return Err(ServiceError::invalid(
                "agency",
                "งานเชื่อมโยงเป็นของหน่วยงาน กรุณาเข้าสู่ระบบในฐานะนักสถิติของหน่วยงาน",
                "a linkage job belongs to an agency; sign in as a statistician of the agency",
            ));
        };
        let (threshold, review_from) = (threshold.unwrap_or(0.9), review_from.unwrap_or(0.2));
        check_job_input(name, threshold, review_from)?;
        let (left_name, right_name) = (left.name.clone(), right.name.clone());
        // Linking is CPU work: at most as many at once as file reads, off the async workers.
        let permit = self.ingest_permits.acquire().await.map_err(|e| ServiceError::Internal(e.to_string()))?;
        let (summary, pairs) = tokio::task::spawn_blocking(move || run_linkage(left, right, threshold, review_from))
            .await
            .map_err(|e| ServiceError::Internal(format!("linkage task: {e}")))??;
        drop(permit);
        let now = self.now();
        let mut tx = self.store.begin().await?;
        let summary_json = serde_json::to_string(&summary).expect("summaries serialise");
        let id = tx
            .insert_linkage_job(agency_id, name.trim(), &left_name, &right_name, &summary_json, actor.user_id, now)
            .await?;
        tx.insert_linkage_pairs(id, &pairs).await?;
        let audited = serde_json::json!({
            "name": name.trim(), "left": left_name, "right": right_name,
            "candidate_pairs": summary.candidate_pairs, "pairs": pairs.len(),
        });
        record_audit(&mut tx, actor, now, "linkage_job", id, "create", None, Some(audited)).await?;
        tx.commit().await?;
        self.linkage_job(actor, id).await
    }

    /// The jobs the caller may review: an admin's are every agency's.
    pub async fn linkage_jobs(&self, actor: &Actor) -> Result<Vec<LinkageJob>> {
        require_sign_in(actor)?;
        authorize(actor, Action::Read, &job_resource(actor.agency_id))?;
        let agency = if actor.role == crate::Role::Admin { None } else { actor.agency_id };
        let mut tx = self.store.begin_read().await?;
        let rows = tx.linkage_jobs(agency).await?;
        tx.rollback().await?;
        rows.iter().map(|row| Ok(job_view(row, &summary_of(row)?))).collect()
    }

    async fn readable_job(&self, actor: &Actor, id: i64, action: Action) -> Result<(LinkageJobRow, RunSummary)> {
        require_sign_in(actor)?;
        let mut tx = self.store.begin_read().await?;
        let row = tx.linkage_job(id).await?;
        tx.rollback().await?;
        authorize_existing(actor, action, &job_resource(Some(row.agency_id)))?;
        let summary = summary_of(&row)?;
        Ok((row, summary))
    }

    /// A job with its model notes and the estimates from the decisions so far.
    pub async fn linkage_job(&self, actor: &Actor, id: i64) -> Result<LinkageJobDetail> {
        let (row, summary) = self.readable_job(actor, id, Action::Read).await?;
        let mut tx = self.store.begin_read().await?;
        let outcomes = tx.linkage_pair_outcomes(id).await?;
        tx.rollback().await?;
        Ok(LinkageJobDetail {
            job: job_view(&row, &summary),
            estimates: estimates_view(&outcomes, summary.expected_matches),
            comparisons: summary.comparisons,
            model_notes: summary.model_notes,
            warnings: summary.warnings,
        })
    }

    /// A page of a job's pairs.
    pub async fn linkage_pairs(
        &self,
        actor: &Actor,
        id: i64,
        list: PairList,
        request: PageRequest,
    ) -> Result<Page<LinkagePair>> {
        self.readable_job(actor, id, Action::Read).await?;
        let mut tx = self.store.begin_read().await?;
        let offset = i64::from(request.page.saturating_sub(1)) * i64::from(request.per_page);
        let (rows, total) = tx.linkage_pairs(id, list.filter(), i64::from(request.per_page), offset).await?;
        tx.rollback().await?;
        let now = self.now();
        Ok(paged(rows.into_iter().map(|row| pair_view(row, now)).collect(), total, request))
    }

    /// One pair of a job (any band, decided or not).
    pub async fn linkage_pair(&self, actor: &Actor, job_id: i64, pair_id: i64) -> Result<LinkagePair> {
        self.readable_job(actor, job_id, Action::Read).await?;
        let mut tx = self.store.begin_read().await?;
        let row = tx.linkage_pair(pair_id).await?;
        tx.rollback().await?;
        if row.job_id != job_id {
            return Err(ServiceError::NotFound);
        }
        Ok(pair_view(row, self.now()))
    }

    /// Hands the caller the next undecided review pair: the one they already
    /// hold, else the first nobody holds; held for [`LEASE`]. Two reviewers
    /// asking at once get different pairs (the hold is written under the
    /// pair's version; the loser takes the next).
    pub async fn next_linkage_pair(&self, actor: &Actor, job_id: i64) -> Result<NextPair> {
        self.readable_job(actor, job_id, Action::Update).await?;
        let now = self.now();
        let mut tx = self.store.begin().await?;
        let mut handed = None;
        for _ in 0..8 {
            let Some(candidate) = tx.next_linkage_pair(job_id, "review", actor.user_id, now).await? else { break };
            if tx.lease_linkage_pair(candidate.id, candidate.version, actor.user_id, now + LEASE).await? {
                handed = Some(tx.linkage_pair(candidate.id).await?);
                break;
            }
        }
        let (_, remaining) = tx.linkage_pairs(job_id, PairFilter::Band("review"), 0, 0).await?;
        let decided = tx.linkage_job(job_id).await?.decided;
        tx.commit().await?;
        Ok(NextPair { pair: handed.map(|row| pair_view(row, now)), remaining: (remaining - decided).max(0) as u64 })
    }

    /// Records a decision on a pair read at `input.version`; a pair decided or
    /// handed to someone else meanwhile is a `Conflict` (nothing is written, so
    /// no decision is lost silently). Audited with the decision before and after.
    pub async fn decide_linkage_pair(
        &self,
        actor: &Actor,
        job_id: i64,
        pair_id: i64,
        input: &PairDecisionInput,
    ) -> Result<LinkagePair> {
        self.readable_job(actor, job_id, Action::Update).await?;
        let decision = match input.decision.as_str() {
            d @ ("accept" | "reject" | "unsure") => d,
            _ => {
                return Err(ServiceError::invalid(
                    "decision",
                    "การตัดสินต้องเป็น accept (ยอมรับ), reject (ปฏิเสธ) หรือ unsure (ไม่แน่ใจ)",
                    "the decision must be accept, reject or unsure",
                ));
            }
        };
        let now = self.now();
        let mut tx = self.store.begin().await?;
        let before = tx.linkage_pair(pair_id).await?;
        if before.job_id != job_id {
            return Err(ServiceError::NotFound);
        }
        let note = input.note.trim();
        tx.decide_linkage_pair(
            pair_id,
            input.version,
            PairDecision { decision, note, by: actor.user_id, by_name: &actor.username, at: now },
        )
        .await?;
        let old = before
            .decision
            .as_ref()
            .map(|d| serde_json::json!({ "decision": d, "note": before.note, "decided_by": before.decided_by_name }));
        let new = serde_json::json!({ "decision": decision, "note": note, "decided_by": actor.username });
        let action = if before.decision.is_none() { "decide" } else { "update" };
        record_audit(&mut tx, actor, now, "linkage_pair", pair_id, action, old, Some(new)).await?;
        let row = tx.linkage_pair(pair_id).await?;
        tx.commit().await?;
        Ok(pair_view(row, now))
    }

    /// The accepted links: automatic links not rejected, accepted review pairs.
    pub async fn export_linkage(&self, actor: &Actor, job_id: i64) -> Result<LinkageExport> {
        let (row, summary) = self.readable_job(actor, job_id, Action::Read).await?;
        let mut tx = self.store.begin_read().await?;
        let (rows, _) = tx.linkage_pairs(job_id, PairFilter::All, MAX_KEPT_PAIRS as i64, 0).await?;
        tx.rollback().await?;
        let links = rows
            .into_iter()
            .filter(|p| exported(band_of(&p.band), decision_of(p.decision.as_deref())))
            .map(|p| ExportedLink {
                left_id: p.left_id,
                right_id: p.right_id,
                weight: p.weight,
                probability: p.probability,
                band: p.band,
                decision: p.decision,
                decided_by: p.decided_by_name,
                note: p.note,
            })
            .collect();
        Ok(LinkageExport { job: job_view(&row, &summary), links })
    }
}
