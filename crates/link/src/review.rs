//! Clerical review's estimates: how good the links are, from the model's probabilities and the
//! reviewers' decisions.
//!
//! A run keeps two kinds of pairs: automatic links (at or above the threshold) and the review
//! band (from `review_from` up to the threshold). Reviewers accept, reject or leave a pair unsure;
//! they may also check automatic links. What is exported is every automatic link not rejected
//! plus every accepted review pair ([`exported`]).
//!
//! The estimates ([`estimate`]):
//! - a decided pair (accept or reject) counts as what the reviewer said; an undecided or unsure
//!   automatic link counts as its match probability;
//! - an undecided or unsure review pair counts as its probability scaled by the band's
//!   calibration, the accepted pairs of the band over the sum of the probabilities of its decided
//!   pairs (the reviewers tell how far the model's probabilities hold in the band; 1 before any
//!   decision), capped at one;
//! - the matches nobody sees are the model's expected matches among all candidate pairs minus
//!   the probabilities of the pairs kept (those below the band), never negative;
//! - precision of a set = expected true pairs in it / its size; recall = expected true pairs in
//!   the exported links / expected true pairs overall (automatic, band and below).
//!
//! Pure: no I/O; the service passes in what the database holds.

use serde::Serialize;

/// Which part of a run a pair came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Band {
    /// At or above the match threshold: linked without review.
    Automatic,
    /// In the clerical-review band, below the threshold.
    Review,
}

/// A reviewer's decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Accept,
    Reject,
    /// Looked at, left for someone who knows more; counts as undecided.
    Unsure,
}

/// One kept pair as the estimates need it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ReviewedPair {
    pub band: Band,
    /// The model's match probability.
    pub probability: f64,
    pub decision: Option<Decision>,
}

/// Whether a pair is among the exported (accepted) links.
pub fn exported(band: Band, decision: Option<Decision>) -> bool {
    match band {
        Band::Automatic => decision != Some(Decision::Reject),
        Band::Review => decision == Some(Decision::Accept),
    }
}

/// What the decisions so far say about the links.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Estimates {
    /// Automatic links, and how many of them reviewers accepted and rejected.
    pub automatic: u64,
    pub automatic_accepted: u64,
    pub automatic_rejected: u64,
    /// Review-band pairs by decision (`undecided` has no decision; `unsure` counts apart).
    pub review: u64,
    pub accepted: u64,
    pub rejected: u64,
    pub unsure: u64,
    pub undecided: u64,
    /// Pairs exported: automatic links not rejected plus accepted review pairs.
    pub exported: u64,
    /// The model's expected matches among all candidate pairs.
    pub expected_matches: f64,
    /// The band's calibration: accepted / Σ probability of its decided pairs (1 before any).
    pub calibration: f64,
    /// Expected true pairs among the automatic links, the band, and below the band.
    pub true_automatic: f64,
    pub true_review: f64,
    pub true_below: f64,
    /// Precision of the automatic links (decisions where there are, probabilities elsewhere).
    pub precision_automatic: Option<f64>,
    /// Precision and recall of the exported links.
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    /// Recall of the automatic links alone (what the run gives without review).
    pub recall_automatic: Option<f64>,
}

/// Estimates precision and recall from the kept pairs and the model's expected matches.
pub fn estimate(pairs: &[ReviewedPair], expected_matches: f64) -> Estimates {
    let mut e = Estimates {
        automatic: 0,
        automatic_accepted: 0,
        automatic_rejected: 0,
        review: 0,
        accepted: 0,
        rejected: 0,
        unsure: 0,
        undecided: 0,
        exported: 0,
        expected_matches,
        calibration: 1.0,
        true_automatic: 0.0,
        true_review: 0.0,
        true_below: 0.0,
        precision_automatic: None,
        precision: None,
        recall: None,
        recall_automatic: None,
    };
    let (mut decided_probability, mut open_probability, mut kept_probability) = (0.0, 0.0, 0.0);
    let mut true_exported_automatic = 0.0;
    for pair in pairs {
        let p = pair.probability.clamp(0.0, 1.0);
        kept_probability += p;
        match pair.band {
            Band::Automatic => {
                e.automatic += 1;
                let truth = match pair.decision {
                    Some(Decision::Accept) => {
                        e.automatic_accepted += 1;
                        1.0
                    }
                    Some(Decision::Reject) => {
                        e.automatic_rejected += 1;
                        0.0
                    }
                    Some(Decision::Unsure) | None => p,
                };
                e.true_automatic += truth;
                if exported(pair.band, pair.decision) {
                    true_exported_automatic += truth;
                }
            }
            Band::Review => {
                e.review += 1;
                match pair.decision {
                    Some(Decision::Accept) => {
                        e.accepted += 1;
                        decided_probability += p;
                    }
                    Some(Decision::Reject) => {
                        e.rejected += 1;
                        decided_probability += p;
                    }
                    Some(Decision::Unsure) => {
                        e.unsure += 1;
                        open_probability += p;
                    }
                    None => {
                        e.undecided += 1;
                        open_probability += p;
                    }
                }
            }
        }
        if exported(pair.band, pair.decision) {
            e.exported += 1;
        }
    }
    if decided_probability > 0.0 {
        e.calibration = e.accepted as f64 / decided_probability;
    }
    let open = (e.unsure + e.undecided) as f64;
    e.true_review = e.accepted as f64 + (open_probability * e.calibration).min(open);
    e.true_below = (expected_matches - kept_probability).max(0.0);
    let true_exported = true_exported_automatic + e.accepted as f64;
    let ratio = |a: f64, b: f64| (b > 0.0).then(|| (a / b).clamp(0.0, 1.0));
    e.precision_automatic = ratio(e.true_automatic, e.automatic as f64);
    e.precision = ratio(true_exported, e.exported as f64);
    let total = e.true_automatic + e.true_review + e.true_below;
    e.recall = ratio(true_exported, total);
    e.recall_automatic = ratio(e.true_automatic, total);
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(band: Band, probability: f64, decision: Option<Decision>) -> ReviewedPair {
        ReviewedPair { band, probability, decision }
    }

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-9)
    }

    #[test]
    fn before_any_decision_the_model_speaks() {
        // Two automatic links (0.95, 0.99), two band pairs (0.5, 0.3), 4 expected matches overall.
        let pairs = [
            pair(Band::Automatic, 0.95, None),
            pair(Band::Automatic, 0.99, None),
            pair(Band::Review, 0.5, None),
            pair(Band::Review, 0.3, None),
        ];
        let e = estimate(&pairs, 4.0);
        assert_eq!((e.automatic, e.review, e.undecided, e.exported), (2, 2, 2, 2));
        assert!(close(e.precision_automatic, 0.97));
        assert!(close(e.precision, 0.97));
        // True overall: 1.94 automatic + 0.8 band + (4 - 2.74) below = 4.
        assert!((e.true_below - 1.26).abs() < 1e-9);
        assert!(close(e.recall, 1.94 / 4.0));
        assert!(close(e.recall_automatic, 1.94 / 4.0));
    }

    #[test]
    fn decisions_replace_probabilities_and_calibrate_the_band() {
        // Band: accepted 0.6, rejected 0.4 → calibration 1 / 1.0 = 1; open 0.5 (undecided) and
        // 0.3 (unsure) count 0.8. An automatic link rejected leaves the export.
        let pairs = [
            pair(Band::Automatic, 0.9, Some(Decision::Reject)),
            pair(Band::Automatic, 1.0, None),
            pair(Band::Review, 0.6, Some(Decision::Accept)),
            pair(Band::Review, 0.4, Some(Decision::Reject)),
            pair(Band::Review, 0.5, None),
            pair(Band::Review, 0.3, Some(Decision::Unsure)),
        ];
        let e = estimate(&pairs, 3.7);
        assert_eq!((e.accepted, e.rejected, e.unsure, e.undecided), (1, 1, 1, 1));
        assert_eq!((e.automatic_rejected, e.exported), (1, 2));
        assert!((e.calibration - 1.0).abs() < 1e-12);
        assert!(close(e.precision_automatic, 0.5));
        // Exported: the automatic 1.0 and the accepted pair, both true.
        assert!(close(e.precision, 1.0));
        // True: automatic 1, band 1 + 0.8, below 3.7 - 3.7 = 0.
        assert!(close(e.recall, 2.0 / 2.8));
    }

    #[test]
    fn reviewers_who_reject_the_band_lower_its_weight() {
        // Both decided band pairs rejected: calibration 0, the open ones count nothing.
        let pairs = [
            pair(Band::Automatic, 1.0, Some(Decision::Accept)),
            pair(Band::Review, 0.5, Some(Decision::Reject)),
            pair(Band::Review, 0.5, Some(Decision::Reject)),
            pair(Band::Review, 0.8, None),
        ];
        let e = estimate(&pairs, 0.0);
        assert_eq!(e.calibration, 0.0);
        assert_eq!(e.true_review, 0.0);
        assert_eq!(e.true_below, 0.0);
        assert!(close(e.precision, 1.0));
        assert!(close(e.recall, 1.0));
        // A generous band: accepted 1 over 0.25 → calibration 4, capped at one per open pair.
        let pairs = [pair(Band::Review, 0.25, Some(Decision::Accept)), pair(Band::Review, 0.5, None)];
        let e = estimate(&pairs, 0.0);
        assert!((e.calibration - 4.0).abs() < 1e-12);
        assert!((e.true_review - 2.0).abs() < 1e-12);
        assert!(close(e.recall, 0.5));
    }

    #[test]
    fn nothing_kept_has_no_estimate() {
        let e = estimate(&[], 10.0);
        assert_eq!((e.precision, e.precision_automatic), (None, None));
        assert!(close(e.recall, 0.0));
        assert!(exported(Band::Automatic, Some(Decision::Unsure)));
        assert!(!exported(Band::Review, Some(Decision::Unsure)));
        assert!(!exported(Band::Automatic, Some(Decision::Reject)));
    }
}
