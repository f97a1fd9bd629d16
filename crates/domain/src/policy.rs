//! Roles, actors and the authorisation policy, as pure functions.
//!
//! `tidtam-service` asks [`can`] before every use case and [`read_scope`] to
//! filter lists; nothing else decides who may do what. Rules:
//!
//! | role | reads | writes |
//! | --- | --- | --- |
//! | admin | everything | everything |
//! | planner | everything in their agency; organisations, strategies | projects, reports (incl. review), strategies, deadlines, imports of their agency; the audit trail of their agency |
//! | project owner | projects and reports of their division | edit and submit reports, edit projects of their division |
//! | executive | everything, incl. the audit trail | nothing |
//! | public | published projects and their approved reports; organisations, strategies | nothing |
//!
//! Users are managed by admins only. Approving a report also passes the
//! four-eyes rule ([`may_approve`]), whatever the role.

use serde::{Deserialize, Serialize};

/// A user's role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Planner,
    ProjectOwner,
    Executive,
    Public,
}

impl Role {
    pub const ALL: [Role; 5] = [Role::Admin, Role::Planner, Role::ProjectOwner, Role::Executive, Role::Public];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Planner => "planner",
            Role::ProjectOwner => "project_owner",
            Role::Executive => "executive",
            Role::Public => "public",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == text)
    }
}

/// Who is asking: a signed-in user, or the anonymous public.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// `None` for the anonymous public and for the system itself.
    pub user_id: Option<i64>,
    pub username: String,
    pub role: Role,
    /// The agency (organisation unit) a planner or project owner works for.
    pub agency_id: Option<i64>,
    /// The division a project owner works in.
    pub division_id: Option<i64>,
}

impl Actor {
    /// The anonymous visitor.
    pub fn public() -> Actor {
        Actor { user_id: None, username: "public".into(), role: Role::Public, agency_id: None, division_id: None }
    }

    /// The system itself (command-line import, demo generator): an admin with no user row.
    pub fn system() -> Actor {
        Actor { user_id: None, username: "system".into(), role: Role::Admin, agency_id: None, division_id: None }
    }
}

/// What someone wants to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Read,
    Create,
    Update,
    Delete,
    /// Submit a report for review.
    Submit,
    /// Return or approve a submitted report.
    Review,
    /// Import report files.
    Import,
    /// Read a record's history (every saved version of a report): drafts and
    /// returned versions are internal working papers, so the public may not.
    ReadHistory,
}

impl Action {
    pub const ALL: [Action; 8] = [
        Action::Read,
        Action::Create,
        Action::Update,
        Action::Delete,
        Action::Submit,
        Action::Review,
        Action::Import,
        Action::ReadHistory,
    ];
}

/// The kind of thing acted on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResourceKind {
    Organisation,
    Strategy,
    Project,
    Report,
    User,
    Audit,
    Deadline,
}

impl ResourceKind {
    pub const ALL: [ResourceKind; 7] = [
        ResourceKind::Organisation,
        ResourceKind::Strategy,
        ResourceKind::Project,
        ResourceKind::Report,
        ResourceKind::User,
        ResourceKind::Audit,
        ResourceKind::Deadline,
    ];
}

/// The thing acted on, with what the policy needs to know about where it belongs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Resource {
    pub kind: ResourceKind,
    /// The agency that owns it (`None` for global things such as users or deadlines).
    pub agency_id: Option<i64>,
    /// The division that owns it (a project's owner division).
    pub division_id: Option<i64>,
    /// Published to the public (a project flag; a report also needs to be approved).
    pub published: bool,
}

impl Resource {
    pub fn global(kind: ResourceKind) -> Resource {
        Resource { kind, agency_id: None, division_id: None, published: false }
    }

    pub fn owned(kind: ResourceKind, agency_id: Option<i64>, division_id: Option<i64>, published: bool) -> Resource {
        Resource { kind, agency_id, division_id, published }
    }
}

/// Whether `actor` may perform `action` on `resource`.
pub fn can(actor: &Actor, action: Action, resource: &Resource) -> bool {
    use Action::*;
    use ResourceKind::*;
    if action == ReadHistory {
        return actor.role != Role::Public && can(actor, Read, resource);
    }
    let own_agency = actor.agency_id.is_some() && actor.agency_id == resource.agency_id;
    let own_division = own_agency && actor.division_id.is_some() && actor.division_id == resource.division_id;
    match actor.role {
        Role::Admin => true,
        Role::Executive => action == Read && resource.kind != User,
        Role::Public => {
            action == Read
                && match resource.kind {
                    Organisation | Strategy | Deadline => true,
                    Project | Report => resource.published,
                    User | Audit => false,
                }
        }
        Role::Planner => match (resource.kind, action) {
            (Organisation | Strategy | Deadline, Read) => true,
            (Strategy, Create | Update | Delete) => own_agency,
            (Deadline, Create | Update) => true,
            (Project, Read | Create | Update | Delete | Import) => own_agency,
            (Report, Read | Create | Update | Submit | Review | Import) => own_agency,
            (Audit, Read) => own_agency,
            _ => false,
        },
        Role::ProjectOwner => match (resource.kind, action) {
            (Organisation | Strategy | Deadline, Read) => true,
            (Project, Read | Update) => own_division,
            (Report, Read | Create | Update | Submit) => own_division,
            _ => false,
        },
    }
}

/// Whether an actor may import report files for some agency at all: checked
/// before an upload is read, so a caller who may not import never makes the
/// server read or parse a file. Which agency a report may go to is still
/// decided per report by [`can`] with [`Action::Import`].
pub fn may_import_files(actor: &Actor) -> bool {
    match actor.role {
        Role::Admin => true,
        Role::Planner => actor.agency_id.is_some(),
        Role::Executive | Role::Public | Role::ProjectOwner => false,
    }
}

/// Who last touched a report, as recorded: the facts the four-eyes rule needs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReviewFacts {
    /// The user who last created, edited or imported the report's content (`None`: the system).
    pub last_editor: Option<i64>,
    /// The user who last submitted it (`None`: the system, or never submitted).
    pub last_submitter: Option<i64>,
}

/// The four-eyes rule (segregation of duties): when `enabled`, the approver may
/// not be the person who last edited or submitted the report, whatever their role,
/// so no single person can both write and sign off a quarter's record. The system
/// (no user) is never that person.
pub fn may_approve(approver: &Actor, facts: &ReviewFacts, enabled: bool) -> bool {
    let Some(approver) = approver.user_id else { return true };
    !enabled || (facts.last_editor != Some(approver) && facts.last_submitter != Some(approver))
}

/// Which projects (and their reports) an actor may see in lists and aggregates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "id")]
pub enum ReadScope {
    All,
    Agency(i64),
    Division(i64),
    /// Published projects and approved reports only.
    Published,
    Nothing,
}

/// Which reports of the projects in scope a reader sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportVisibility {
    /// Every report, whatever its status.
    Any,
    /// Approved reports only: drafts and reports under review are not yet the
    /// agency's word.
    ApprovedOnly,
}

impl ReadScope {
    /// The reports this scope sees (the public: approved only). The store
    /// receives this, and never decides it.
    pub fn reports(self) -> ReportVisibility {
        match self {
            ReadScope::Published => ReportVisibility::ApprovedOnly,
            ReadScope::All | ReadScope::Agency(_) | ReadScope::Division(_) | ReadScope::Nothing => {
                ReportVisibility::Any
            }
        }
    }
}

/// The read scope that matches [`can`] for projects and reports.
pub fn read_scope(actor: &Actor) -> ReadScope {
    match (actor.role, actor.agency_id, actor.division_id) {
        (Role::Admin | Role::Executive, _, _) => ReadScope::All,
        (Role::Planner, Some(agency), _) => ReadScope::Agency(agency),
        (Role::ProjectOwner, Some(_), Some(division)) => ReadScope::Division(division),
        (Role::Public, _, _) => ReadScope::Published,
        _ => ReadScope::Nothing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role) -> Actor {
        Actor { user_id: Some(1), username: "u".into(), role, agency_id: Some(10), division_id: Some(100) }
    }

    #[test]
    fn the_public_reads_approved_reports_and_no_history() {
        let public = Actor::public();
        let published = Resource::owned(ResourceKind::Report, Some(10), Some(100), true);
        assert!(can(&public, Action::Read, &published));
        assert!(!can(&public, Action::ReadHistory, &published));
        assert_eq!(read_scope(&public).reports(), ReportVisibility::ApprovedOnly);
        for role in [Role::Admin, Role::Executive, Role::Planner, Role::ProjectOwner] {
            let reader = actor(role);
            assert_eq!(read_scope(&reader).reports(), ReportVisibility::Any, "{role:?}");
            assert_eq!(
                can(&reader, Action::ReadHistory, &published),
                can(&reader, Action::Read, &published),
                "{role:?}"
            );
        }
    }

    #[test]
    fn owners_stay_in_their_division() {
        let owner = actor(Role::ProjectOwner);
        let mine = Resource::owned(ResourceKind::Report, Some(10), Some(100), false);
        let neighbours = Resource::owned(ResourceKind::Report, Some(10), Some(101), false);
        assert!(can(&owner, Action::Submit, &mine));
        assert!(!can(&owner, Action::Review, &mine));
        assert!(!can(&owner, Action::Read, &neighbours));
        assert_eq!(read_scope(&owner), ReadScope::Division(100));
    }

    #[test]
    fn planners_stay_in_their_agency_and_never_manage_users() {
        let planner = actor(Role::Planner);
        assert!(can(&planner, Action::Review, &Resource::owned(ResourceKind::Report, Some(10), Some(101), false)));
        assert!(!can(&planner, Action::Read, &Resource::owned(ResourceKind::Report, Some(11), None, true)));
        assert!(!can(&planner, Action::Create, &Resource::global(ResourceKind::User)));
    }

    #[test]
    fn four_eyes_table() {
        let planner = actor(Role::Planner);
        let admin = actor(Role::Admin);
        let other = |id| Some(id);
        let cases = [
            (ReviewFacts { last_editor: other(2), last_submitter: other(3) }, true, true),
            (ReviewFacts { last_editor: Some(1), last_submitter: other(3) }, true, false),
            (ReviewFacts { last_editor: other(2), last_submitter: Some(1) }, true, false),
            (ReviewFacts { last_editor: Some(1), last_submitter: Some(1) }, false, true),
            (ReviewFacts { last_editor: None, last_submitter: None }, true, true),
        ];
        for (facts, enabled, expected) in cases {
            assert_eq!(may_approve(&planner, &facts, enabled), expected, "{facts:?} enabled={enabled}");
            assert_eq!(may_approve(&admin, &facts, enabled), expected, "admins too: {facts:?}");
        }
        let own = ReviewFacts { last_editor: Some(1), last_submitter: Some(1) };
        assert!(may_approve(&Actor::system(), &own, true), "the system has no second pair of eyes to ask");
    }

    #[test]
    fn readers_never_write() {
        for role in [Role::Executive, Role::Public] {
            for kind in ResourceKind::ALL {
                for action in Action::ALL.into_iter().filter(|a| !matches!(a, Action::Read | Action::ReadHistory)) {
                    assert!(
                        !can(&actor(role), action, &Resource::owned(kind, Some(10), Some(100), true)),
                        "{role:?} {action:?} {kind:?}"
                    );
                }
            }
        }
        assert!(!can(&Actor::public(), Action::Read, &Resource::owned(ResourceKind::Project, Some(10), None, false)));
        assert!(can(&Actor::public(), Action::Read, &Resource::owned(ResourceKind::Project, Some(10), None, true)));
    }
}
