//! Clerical review of record linkage: review jobs (a linkage run of two
//! registers), their pairs shown side by side with each comparison's level and
//! weight, reviewers' decisions, the precision and recall estimated from them,
//! and the accepted links as exported.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::schema::TimestampSchema;

/// A register sent as JSON: column names, then rows of text cells (an empty
/// string or `null` is a missing value). The first column named like an
/// identifier (`rec_id`, `id`, …) or holding a distinct value on every row is
/// the record id.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RegisterInput {
    /// The file's name as shown on the job ("a.csv").
    pub name: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Option<String>>>,
}

/// A new review job: the two registers, linked on the server with the model
/// inferred from their columns.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NewLinkageJob {
    /// What the statisticians call it ("ทะเบียนผู้สูงอายุ × ทะเบียนผู้พิการ 2568").
    pub name: String,
    pub left: RegisterInput,
    pub right: RegisterInput,
    /// Pairs with at least this match probability are linked without review (default 0.9).
    #[serde(default)]
    pub threshold: Option<f64>,
    /// Pairs from this probability up to the threshold go to review (default 0.2).
    #[serde(default)]
    pub review_from: Option<f64>,
}

/// What the decisions so far say about the links (see `tidtam_link::review`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LinkageEstimates {
    /// Automatic links, and how many reviewers accepted and rejected.
    pub automatic: u64,
    pub automatic_accepted: u64,
    pub automatic_rejected: u64,
    /// Review-band pairs by decision.
    pub review: u64,
    pub accepted: u64,
    pub rejected: u64,
    pub unsure: u64,
    pub undecided: u64,
    /// Automatic links not rejected plus accepted review pairs.
    pub exported: u64,
    /// The model's expected matches among all candidate pairs.
    pub expected_matches: f64,
    /// Accepted over the probabilities of the decided band pairs (1 before any decision).
    pub calibration: f64,
    /// Precision of the automatic links, and precision and recall of the exported links
    /// (`null` when there is nothing to measure).
    pub precision_automatic: Option<f64>,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    /// Recall of the automatic links alone.
    pub recall_automatic: Option<f64>,
}

/// A review job as listed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LinkageJob {
    pub id: i64,
    pub name: String,
    pub agency_id: i64,
    pub left_name: String,
    pub right_name: String,
    #[schemars(with = "TimestampSchema")]
    pub created_at: jiff::Timestamp,
    pub left_records: u64,
    pub right_records: u64,
    pub candidate_pairs: u64,
    /// The probability threshold of automatic links and the lower edge of the review band.
    pub threshold: f64,
    pub review_from: f64,
    /// Review-band pairs and how many have a decision.
    pub review: u64,
    pub decided: u64,
    pub automatic: u64,
}

/// A job with what the run chose and the estimates from the decisions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LinkageJobDetail {
    pub job: LinkageJob,
    /// The comparisons the inferred model uses, in order.
    pub comparisons: Vec<String>,
    /// The blocking rules chosen and the model's reasons, as `tidtam link --print-model` says them.
    pub model_notes: Vec<String>,
    /// Warnings from reading the files (an encoding converted, a column almost empty).
    pub warnings: Vec<String>,
    pub estimates: LinkageEstimates,
}

/// One field of a record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RecordField {
    pub column: String,
    pub value: String,
}

/// One comparison's part of a pair's match weight.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ComparisonLevel {
    pub comparison: String,
    /// The level's label ("exact", "jaro_winkler ≥ 0.92", "null" when a value is missing).
    pub level: String,
    /// log₂ Bayes factor added to the match weight.
    pub weight: f64,
}

/// A candidate pair with both records, its comparisons and its decision.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LinkagePair {
    pub id: i64,
    pub job_id: i64,
    /// 1-based place in the job (strongest first).
    pub seq: i64,
    /// "automatic" (at or above the threshold) or "review".
    pub band: String,
    pub left_id: String,
    pub right_id: String,
    pub left: Vec<RecordField>,
    pub right: Vec<RecordField>,
    /// log₂ prior odds, then each comparison; they add up to `weight`.
    pub prior: f64,
    pub comparisons: Vec<ComparisonLevel>,
    pub weight: f64,
    pub probability: f64,
    /// "accept", "reject", "unsure" or `null`.
    pub decision: Option<String>,
    pub note: String,
    pub decided_by: Option<String>,
    #[schemars(with = "Option<TimestampSchema>")]
    pub decided_at: Option<jiff::Timestamp>,
    /// Until when the pair is held for the reviewer it was handed to.
    #[schemars(with = "Option<TimestampSchema>")]
    pub held_until: Option<jiff::Timestamp>,
    pub version: i64,
}

/// The next pair for the caller, or none when the band is done.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NextPair {
    pub pair: Option<LinkagePair>,
    /// Review-band pairs left without a decision (held by others included).
    pub remaining: u64,
}

/// A reviewer's decision on a pair read at `version`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PairDecisionInput {
    /// "accept", "reject" or "unsure".
    pub decision: String,
    #[serde(default)]
    pub note: String,
    pub version: i64,
}

/// One exported link.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ExportedLink {
    pub left_id: String,
    pub right_id: String,
    pub weight: f64,
    pub probability: f64,
    pub band: String,
    pub decision: Option<String>,
    pub decided_by: Option<String>,
    pub note: String,
}

/// The accepted links of a job: automatic links not rejected, accepted review pairs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LinkageExport {
    pub job: LinkageJob,
    pub links: Vec<ExportedLink>,
}
