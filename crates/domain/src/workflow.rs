//! The quarterly report workflow as a state machine of pure functions.
//!
//! ```text
//! draft ──submit──▶ submitted ──approve──▶ approved (locked)
//!   ▲                  │
//!   └──── edit ◀── returned ◀──return──┘
//! ```
//! A returned report is edited and submitted again. Nothing leaves `approved`:
//! an approved report is the record of the quarter and is locked.

use serde::{Deserialize, Serialize};

/// Where a report is in the workflow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    Draft,
    Submitted,
    Returned,
    Approved,
}

impl ReportStatus {
    pub const ALL: [ReportStatus; 4] =
        [ReportStatus::Draft, ReportStatus::Submitted, ReportStatus::Returned, ReportStatus::Approved];

    pub fn as_str(self) -> &'static str {
        match self {
            ReportStatus::Draft => "draft",
            ReportStatus::Submitted => "submitted",
            ReportStatus::Returned => "returned",
            ReportStatus::Approved => "approved",
        }
    }

    pub fn parse(text: &str) -> Option<ReportStatus> {
        ReportStatus::ALL.into_iter().find(|status| status.as_str() == text)
    }

    /// Whether the report's content may be edited in this state.
    pub fn is_editable(self) -> bool {
        matches!(self, ReportStatus::Draft | ReportStatus::Returned)
    }

    /// Approved reports are locked: no edit, no transition.
    pub fn is_locked(self) -> bool {
        self == ReportStatus::Approved
    }
}

/// A workflow step someone asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Transition {
    Submit,
    Return,
    Approve,
}

impl Transition {
    pub fn as_str(self) -> &'static str {
        match self {
            Transition::Submit => "submit",
            Transition::Return => "return",
            Transition::Approve => "approve",
        }
    }
}

/// Why a transition is not allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("cannot {transition:?} a report that is {from:?}")]
pub struct TransitionError {
    pub from: ReportStatus,
    pub transition: Transition,
}

/// The state after `transition`, or why it is not allowed from `from`.
pub fn next_status(from: ReportStatus, transition: Transition) -> Result<ReportStatus, TransitionError> {
    use ReportStatus::*;
    match (from, transition) {
        (Draft | Returned, Transition::Submit) => Ok(Submitted),
        (Submitted, Transition::Return) => Ok(Returned),
        (Submitted, Transition::Approve) => Ok(Approved),
        _ => Err(TransitionError { from, transition }),
    }
}

/// A return must say why: reviewers' comments are what the owner acts on.
pub fn return_comment_is_valid(comment: &str) -> bool {
    comment.trim().chars().count() >= 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transition_table() {
        use ReportStatus::*;
        let mut allowed = Vec::new();
        for from in ReportStatus::ALL {
            for transition in [Transition::Submit, Transition::Return, Transition::Approve] {
                if let Ok(to) = next_status(from, transition) {
                    allowed.push(format!("{}-{}->{}", from.as_str(), transition.as_str(), to.as_str()));
                }
            }
        }
        assert_eq!(
            allowed,
            [
                "draft-submit->submitted",
                "submitted-return->returned",
                "submitted-approve->approved",
                "returned-submit->submitted"
            ]
        );
        assert!(Approved.is_locked());
        assert!(!Submitted.is_editable());
        assert!(Returned.is_editable());
    }
}
