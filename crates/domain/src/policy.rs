//! Roles, actors and the authorisation policy, as pure functions.
//!
//! `tidtam-service` asks [`can`] before every use case and [`read_scope`] to
//! filter lists; nothing else decides who may do what. Rules:
//!
//! | role | reads | writes |
//! | --- | --- | --- |
//! | admin | everything | everything |
//! | planner | everything in their agency; organisations, strategies | projects (incl. planning fields and owners' proposals), reports (incl. review), strategies, deadlines, imports of their agency; the audit trail of their agency |
//! | project owner | projects and reports of their division | edit and submit reports, edit projects of their division except planning fields, which they propose |
//! | executive | everything, incl. the audit trail | nothing |
//! | public | published projects and their approved reports; organisations, strategies | nothing |
//! | statistician | what the public reads, and every statistical dataset of their agency, drafts included | statistical datasets of their agency: define, load releases, publish; the register entries of their agency |
//! | committee | what the public reads, and the performance agreements and PMQA assessments of the agency they evaluate (any agency when they have none) | the committee's scores of those agreements' rounds, nothing else |
//!
//! Organisation performance ([`ResourceKind::Performance`]: a performance
//! agreement or a PMQA assessment of an organisation unit): planners of the
//! agency set it up, enter results and lock or unlock a round
//! ([`Action::Review`]); an indicator's officer in charge enters its results and
//! evidence ([`may_enter_kpi_result`]); only the committee role scores as the
//! committee ([`Action::ScoreAsCommittee`]), not even an admin, so the
//! committee's column is always the committee's.
//!
//! Statistical datasets ([`ResourceKind::StatDataset`]): the public and every
//! role read published ones; planners and statisticians of the owning agency
//! also read its drafts; only its statisticians (and admins) define, load
//! ([`Action::Import`]) and publish ([`Action::Publish`]) them ([`stat_scope`]).
//!
//! A province's plan ([`ResourceKind::ProvincePlan`]: its strategic issues and
//! the statistics each needs) is public; the province's statistics office keeps
//! it (its project owners), with the planners and statisticians of the agency
//! the office belongs to and admins.
//!
//! The register of official statistics ([`ResourceKind::OfficialStatistic`]):
//! everyone reads it; statisticians of the owner agency (and admins) add,
//! change and remove its entries.
//!
//! A record-linkage review job ([`ResourceKind::LinkageJob`]: two registers'
//! candidate pairs with the people's fields, for clerical review) holds
//! personal data: only the statisticians of its agency (and admins) read it,
//! create it and decide its pairs; not executives, not the public.
//!
//! Users are managed by admins only. Approving a report also passes the
//! four-eyes rule ([`may_approve`]), whatever the role.
//!
//! Planning fields (a project's value and publication, a year's allocation and
//! contracted amount, KPI targets) commit public money or show a project to the
//! public, so only who may [`Action::Plan`] a project sets them; anyone else's
//! change of them becomes a [`PlanningChange`] proposal ([`project_planning_changes`],
//! [`budget_planning_changes`], [`kpi_target_change`]) that a planner accepts or rejects.

use serde::{Deserialize, Serialize};

use crate::model::{BudgetYear, Kpi, KpiTarget, PlanningChange, ProjectInput};

/// A user's role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Planner,
    ProjectOwner,
    Executive,
    Public,
    /// An agency's statistician: keeps the agency's statistical datasets.
    Statistician,
    /// A member of the evaluation committee (คณะกรรมการประเมินผล): scores
    /// performance-agreement rounds beside the agency's own score.
    Committee,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Admin,
        Role::Planner,
        Role::ProjectOwner,
        Role::Executive,
        Role::Public,
        Role::Statistician,
        Role::Committee,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Planner => "planner",
            Role::ProjectOwner => "project_owner",
            Role::Executive => "executive",
            Role::Public => "public",
            Role::Statistician => "statistician",
            Role::Committee => "committee",
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
    /// Set a project's planning fields, or accept or reject a proposal to change them.
    Plan,
    /// Make a statistical dataset public.
    Publish,
    /// Enter the evaluation committee's score of a performance-agreement round.
    ScoreAsCommittee,
}

impl Action {
    pub const ALL: [Action; 11] = [
        Action::Read,
        Action::Create,
        Action::Update,
        Action::Delete,
        Action::Submit,
        Action::Review,
        Action::Import,
        Action::ReadHistory,
        Action::Plan,
        Action::Publish,
        Action::ScoreAsCommittee,
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
    /// A dataset of the Statistics Sharing Hub (`published`: public).
    StatDataset,
    /// A performance agreement or a PMQA assessment of an organisation unit
    /// (never public: the agency's working papers until it publishes them elsewhere).
    Performance,
    /// A province's strategic issues and the statistics each needs (the
    /// provincial statistics chart): public to read; kept by the province's
    /// statistics office (`division_id`: the office, `agency_id`: its agency).
    ProvincePlan,
    /// An entry of the register of official statistics (public to read; kept
    /// by the statisticians of its owner agency).
    OfficialStatistic,
    /// A record-linkage job under clerical review (personal data: never
    /// public; read and reviewed by the statisticians of its agency).
    LinkageJob,
}

impl ResourceKind {
    pub const ALL: [ResourceKind; 12] = [
        ResourceKind::Organisation,
        ResourceKind::Strategy,
        ResourceKind::Project,
        ResourceKind::Report,
        ResourceKind::User,
        ResourceKind::Audit,
        ResourceKind::Deadline,
        ResourceKind::StatDataset,
        ResourceKind::Performance,
        ResourceKind::ProvincePlan,
        ResourceKind::OfficialStatistic,
        ResourceKind::LinkageJob,
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
        Role::Admin => action != ScoreAsCommittee,
        // Executives read everything but users and the people in linkage jobs.
        Role::Executive => action == Read && !matches!(resource.kind, User | LinkageJob),
        // The register is public; only its owner's statisticians (and admins) keep an entry.
        _ if resource.kind == OfficialStatistic => {
            action == Read
                || (actor.role == Role::Statistician && matches!(action, Create | Update | Delete) && own_agency)
        }
        Role::Public => {
            action == Read
                && match resource.kind {
                    Organisation | Strategy | Deadline | ProvincePlan | OfficialStatistic => true,
                    Project | Report | StatDataset => resource.published,
                    User | Audit | Performance | LinkageJob => false,
                }
        }
        Role::Statistician => match (resource.kind, action) {
            (Organisation | Strategy | Deadline | ProvincePlan, Read) => true,
            (ProvincePlan, Update) => own_agency,
            (Project | Report, Read) => resource.published,
            (StatDataset, Read) => resource.published || own_agency,
            (StatDataset, Create | Update | Import | Publish) => own_agency,
            (LinkageJob, Read | Create | Update) => own_agency,
            _ => false,
        },
        Role::Planner => match (resource.kind, action) {
            (Organisation | Strategy | Deadline | ProvincePlan, Read) => true,
            (ProvincePlan, Update) => own_agency,
            (StatDataset, Read) => resource.published || own_agency,
            (Strategy, Create | Update | Delete) => own_agency,
            (Deadline, Create | Update) => true,
            (Project, Read | Create | Update | Delete | Import | Plan) => own_agency,
            (Report, Read | Create | Update | Submit | Review | Import) => own_agency,
            (Audit, Read) => own_agency,
            (Performance, Read | Create | Update | Review | Plan) => own_agency,
            _ => false,
        },
        Role::ProjectOwner => match (resource.kind, action) {
            (Organisation | Strategy | Deadline | ProvincePlan, Read) => true,
            // The provincial statistics office's own staff keep its chart.
            (ProvincePlan, Update) => own_division,
            (StatDataset, Read) => resource.published,
            (Project, Read | Update) => own_division,
            (Report, Read | Create | Update | Submit) => own_division,
            // Officers in charge of indicators are project owners of the agency;
            // which indicators they may fill in is `may_enter_kpi_result`'s question.
            (Performance, Read) => own_agency,
            _ => false,
        },
        Role::Committee => match (resource.kind, action) {
            (Organisation | Strategy | Deadline | ProvincePlan, Read) => true,
            (Project | Report | StatDataset, Read) => resource.published,
            (Performance, Read | ScoreAsCommittee) => actor.agency_id.is_none() || own_agency,
            _ => false,
        },
    }
}

/// Whether `actor` may enter a performance-agreement round's result, narrative
/// and evidence: who may update the agreement (its agency's planners, admins),
/// and the indicator's officer in charge (`officer_user_id`) if they may read it.
/// The committee's score is not part of this ([`Action::ScoreAsCommittee`]).
pub fn may_enter_kpi_result(actor: &Actor, agreement: &Resource, officer_user_id: Option<i64>) -> bool {
    can(actor, Action::Update, agreement)
        || (actor.user_id.is_some() && actor.user_id == officer_user_id && can(actor, Action::Read, agreement))
}

/// Whether an actor may import report files for some agency at all: checked
/// before an upload is read, so a caller who may not import never makes the
/// server read or parse a file. Which agency a report may go to is still
/// decided per report by [`can`] with [`Action::Import`].
pub fn may_import_files(actor: &Actor) -> bool {
    match actor.role {
        Role::Admin => true,
        Role::Planner => actor.agency_id.is_some(),
        Role::Executive | Role::Public | Role::ProjectOwner | Role::Statistician | Role::Committee => false,
    }
}

/// Which statistical datasets an actor may see in lists and through the
/// statistics APIs (the store turns it into SQL; it decides nothing).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "id")]
pub enum StatScope {
    /// Every dataset, drafts included.
    All,
    /// Published datasets, and every dataset of this agency.
    PublishedAndAgency(i64),
    Published,
}

/// The dataset scope that matches [`can`] with [`ResourceKind::StatDataset`].
pub fn stat_scope(actor: &Actor) -> StatScope {
    match (actor.role, actor.agency_id) {
        (Role::Admin | Role::Executive, _) => StatScope::All,
        (Role::Planner | Role::Statistician, Some(agency)) => StatScope::PublishedAndAgency(agency),
        _ => StatScope::Published,
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

/// The planning fields changed from `old` to `new` (see the module doc).
pub fn project_planning_changes(old: &ProjectInput, new: &ProjectInput) -> Vec<PlanningChange> {
    let mut changes = Vec::new();
    if old.value != new.value {
        changes.push(PlanningChange::Value { old: old.value, new: new.value });
    }
    if old.published != new.published {
        changes.push(PlanningChange::Published { old: old.published, new: new.published });
    }
    changes
}

/// `new` with its planning fields kept as in `old`: what a proposer's update applies at once.
pub fn without_planning_changes(old: &ProjectInput, new: &ProjectInput) -> ProjectInput {
    ProjectInput { value: old.value, published: old.published, ..new.clone() }
}

/// The planning amounts of a budget year changed from `old` (`None`: no budget yet, zero) to `new`.
pub fn budget_planning_changes(old: Option<&BudgetYear>, new: &BudgetYear) -> Vec<PlanningChange> {
    let (old_allocated, old_contracted) =
        old.map_or((crate::Baht::ZERO, crate::Baht::ZERO), |b| (b.allocated, b.contracted));
    let mut changes = Vec::new();
    if old_allocated != new.allocated {
        changes.push(PlanningChange::Allocated {
            fiscal_year: new.fiscal_year,
            old: old_allocated,
            new: new.allocated,
        });
    }
    if old_contracted != new.contracted {
        changes.push(PlanningChange::Contracted {
            fiscal_year: new.fiscal_year,
            old: old_contracted,
            new: new.contracted,
        });
    }
    changes
}

/// The change of `kpi`'s target for `new`'s year, if `new` differs from the stored one.
pub fn kpi_target_change(kpi: &Kpi, new: &KpiTarget) -> Option<PlanningChange> {
    let old = kpi.targets.iter().find(|t| t.fiscal_year == new.fiscal_year);
    (old != Some(new)).then(|| PlanningChange::KpiTarget {
        kpi_id: kpi.id,
        kpi_name: kpi.name.clone(),
        old: old.cloned(),
        new: new.clone(),
    })
}

/// Whether `actor` may see proposals on `project`: who may read it, except the
/// public (a proposal is not yet a decision, so it is never published).
pub fn may_read_proposals(actor: &Actor, project: &Resource) -> bool {
    actor.role != Role::Public && can(actor, Action::Read, project)
}

/// Whether `actor` may accept or reject a proposal made by `proposed_by` on
/// `project`: who may plan it, and never the proposer (the same two pairs of
/// eyes as [`may_approve`]).
pub fn may_decide_proposal(actor: &Actor, project: &Resource, proposed_by: Option<i64>) -> bool {
    can(actor, Action::Plan, project) && (actor.user_id.is_none() || actor.user_id != proposed_by)
}

/// The projects whose proposals an actor may list: [`read_scope`] without the public.
pub fn proposal_scope(actor: &Actor) -> ReadScope {
    match read_scope(actor) {
        ReadScope::Published => ReadScope::Nothing,
        scope => scope,
    }
}

/// Which projects (and their reports) an actor may see in lists and aggregates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
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
        (Role::Public | Role::Statistician | Role::Committee, _, _) => ReadScope::Published,
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

    /// Who may do what on an agency's performance agreement, as a table: the
    /// agency is 10; the committee member evaluates agency 10.
    #[test]
    fn performance_agreements_by_role() {
        use Action::*;
        let own = Resource::owned(ResourceKind::Performance, Some(10), None, false);
        let other = Resource::owned(ResourceKind::Performance, Some(11), None, false);
        // (role, action, on its own agency, on another agency)
        let table = [
            (Role::Admin, Read, true, true),
            (Role::Admin, Review, true, true),
            (Role::Admin, ScoreAsCommittee, false, false),
            (Role::Planner, Read, true, false),
            (Role::Planner, Create, true, false),
            (Role::Planner, Update, true, false),
            (Role::Planner, Review, true, false),
            (Role::Planner, ScoreAsCommittee, false, false),
            (Role::ProjectOwner, Read, true, false),
            (Role::ProjectOwner, Update, false, false),
            (Role::ProjectOwner, Review, false, false),
            (Role::Executive, Read, true, true),
            (Role::Executive, Update, false, false),
            (Role::Public, Read, false, false),
            (Role::Statistician, Read, false, false),
            (Role::Committee, Read, true, false),
            (Role::Committee, ScoreAsCommittee, true, false),
            (Role::Committee, Update, false, false),
            (Role::Committee, Review, false, false),
        ];
        for (role, action, on_own, on_other) in table {
            assert_eq!(can(&actor(role), action, &own), on_own, "{role:?} {action:?} own agency");
            assert_eq!(can(&actor(role), action, &other), on_other, "{role:?} {action:?} other agency");
        }
        let national = Actor { agency_id: None, division_id: None, ..actor(Role::Committee) };
        assert!(can(&national, ScoreAsCommittee, &other), "a committee member of no agency scores any");
        // The officer in charge (user 1) enters results; another owner of the agency does not.
        let officer = actor(Role::ProjectOwner);
        assert!(may_enter_kpi_result(&officer, &own, Some(1)));
        assert!(!may_enter_kpi_result(&officer, &own, Some(2)));
        assert!(!may_enter_kpi_result(&officer, &other, Some(1)), "not outside their agency");
        assert!(may_enter_kpi_result(&actor(Role::Planner), &own, None));
        assert!(!may_enter_kpi_result(&actor(Role::Committee), &own, Some(2)));
        assert!(!may_enter_kpi_result(&Actor::public(), &own, None));
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
    fn statisticians_keep_their_agencys_datasets_and_drafts_stay_inside_it() {
        let statistician = actor(Role::Statistician);
        let draft = |agency| Resource::owned(ResourceKind::StatDataset, Some(agency), None, false);
        let published = |agency| Resource::owned(ResourceKind::StatDataset, Some(agency), None, true);
        for action in [Action::Read, Action::Create, Action::Update, Action::Import, Action::Publish] {
            assert!(can(&statistician, action, &draft(10)), "{action:?} own");
            assert!(!can(&statistician, action, &draft(11)), "{action:?} other agency's draft");
        }
        assert!(can(&statistician, Action::Read, &published(11)));
        assert!(!can(&statistician, Action::Import, &published(11)));
        assert!(!can(&statistician, Action::Delete, &draft(10)), "releases are never removed");
        assert!(!can(&statistician, Action::Import, &Resource::owned(ResourceKind::Report, Some(10), None, false)));
        assert_eq!(read_scope(&statistician), ReadScope::Published);
        for role in [Role::Public, Role::ProjectOwner] {
            assert!(can(&actor(role), Action::Read, &published(10)), "{role:?}");
            assert!(!can(&actor(role), Action::Read, &draft(10)), "{role:?} must not see drafts");
        }
        let planner = actor(Role::Planner);
        assert!(can(&planner, Action::Read, &draft(10)) && !can(&planner, Action::Read, &draft(11)));
        assert!(!can(&planner, Action::Import, &draft(10)) && !can(&planner, Action::Publish, &draft(10)));
        assert_eq!(stat_scope(&statistician), StatScope::PublishedAndAgency(10));
        assert_eq!(stat_scope(&Actor::public()), StatScope::Published);
        assert_eq!(stat_scope(&actor(Role::Executive)), StatScope::All);
        assert!(!can(&actor(Role::Executive), Action::Publish, &draft(10)));
    }

    #[test]
    fn the_register_is_read_by_all_and_kept_by_the_owners_statisticians() {
        let entry = |agency| Resource::owned(ResourceKind::OfficialStatistic, Some(agency), None, false);
        for role in Role::ALL {
            assert!(can(&actor(role), Action::Read, &entry(11)), "{role:?} reads");
        }
        assert!(can(&Actor::public(), Action::Read, &entry(10)));
        for action in [Action::Create, Action::Update, Action::Delete] {
            assert!(can(&actor(Role::Statistician), action, &entry(10)), "{action:?} own");
            assert!(!can(&actor(Role::Statistician), action, &entry(11)), "{action:?} other agency");
            assert!(can(&actor(Role::Admin), action, &entry(11)), "{action:?} admin");
            for role in [Role::Planner, Role::ProjectOwner, Role::Executive, Role::Committee, Role::Public] {
                assert!(!can(&actor(role), action, &entry(10)), "{role:?} {action:?}");
            }
        }
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
    fn only_planners_of_the_agency_and_admins_plan() {
        let project = |agency, division| Resource::owned(ResourceKind::Project, Some(agency), Some(division), true);
        let mut other_planner = actor(Role::Planner);
        other_planner.agency_id = Some(11);
        let cases = [
            (actor(Role::Admin), project(10, 100), true),
            (actor(Role::Planner), project(10, 100), true),
            (actor(Role::Planner), project(10, 101), true),
            (other_planner.clone(), project(10, 100), false),
            (actor(Role::ProjectOwner), project(10, 100), false),
            (actor(Role::Executive), project(10, 100), false),
            (Actor::public(), project(10, 100), false),
        ];
        for (who, resource, expected) in cases {
            assert_eq!(can(&who, Action::Plan, &resource), expected, "{:?} {resource:?}", who.role);
            assert_eq!(may_decide_proposal(&who, &resource, Some(7)), expected, "{:?}", who.role);
        }
        // Owners still edit their project (the other fields); they propose the planning ones.
        assert!(can(&actor(Role::ProjectOwner), Action::Update, &project(10, 100)));
        // Nobody decides their own proposal, admins included.
        assert!(!may_decide_proposal(&actor(Role::Admin), &project(10, 100), Some(1)));
        assert!(!may_decide_proposal(&actor(Role::Planner), &project(10, 100), Some(1)));
    }

    #[test]
    fn proposals_are_never_public() {
        let published = Resource::owned(ResourceKind::Project, Some(10), Some(100), true);
        let mut other_planner = actor(Role::Planner);
        other_planner.agency_id = Some(11);
        let cases = [
            (actor(Role::Admin), true),
            (actor(Role::Planner), true),
            (actor(Role::ProjectOwner), true),
            (actor(Role::Executive), true),
            (other_planner.clone(), false),
            (Actor::public(), false),
        ];
        for (who, expected) in cases {
            assert_eq!(may_read_proposals(&who, &published), expected, "{:?}", who.role);
        }
        assert_eq!(proposal_scope(&Actor::public()), ReadScope::Nothing);
        assert_eq!(proposal_scope(&other_planner), ReadScope::Agency(11));
    }

    #[test]
    fn planning_fields_table() {
        use crate::Baht;
        use crate::period::FiscalYear;
        let year = FiscalYear::checked(2568).unwrap();
        let base = ProjectInput {
            code: None,
            name: "โครงการ".into(),
            budget_source: None,
            value: Some(Baht::from_baht(100)),
            start_year: year,
            end_year: year,
            objectives: vec![],
            summary: None,
            area: None,
            nationwide: false,
            provinces: vec![],
            responsible: vec![],
            strategy_ids: vec![],
            published: false,
        };
        let renamed = ProjectInput {
            name: "โครงการใหม่".into(), summary: Some("สรุป".into()), ..base.clone()
        };
        let valued = ProjectInput { value: Some(Baht::from_baht(900)), ..renamed.clone() };
        let published = ProjectInput { published: true, ..base.clone() };
        let cases: [(&ProjectInput, Vec<&str>); 4] = [
            (&base, vec![]),
            (&renamed, vec![]),
            (&valued, vec!["value"]),
            (&ProjectInput { value: None, ..published.clone() }, vec!["value", "published"]),
        ];
        for (new, fields) in cases {
            let changes = project_planning_changes(&base, new);
            let names: Vec<String> = changes
                .iter()
                .map(|c| serde_json::to_value(c).unwrap()["field"].as_str().unwrap().to_string())
                .collect();
            assert_eq!(names, fields, "{new:?}");
            // What applies at once keeps the planning fields and takes every other one.
            let applied = without_planning_changes(&base, new);
            assert_eq!((applied.value, applied.published), (base.value, base.published));
            assert_eq!((&applied.name, &applied.summary), (&new.name, &new.summary));
            // Applying the changes to what applied gives back what was asked for.
            let mut accepted = applied.clone();
            changes.iter().for_each(|c| c.apply_to_project(&mut accepted));
            assert_eq!(&accepted, new);
        }

        let budget = |allocated, contracted, carried_over| BudgetYear {
            project_id: 1,
            fiscal_year: year,
            allocated: Baht::from_baht(allocated),
            contracted: Baht::from_baht(contracted),
            carried_over: Baht::from_baht(carried_over),
        };
        assert_eq!(
            budget_planning_changes(Some(&budget(10, 5, 0)), &budget(10, 5, 7)),
            vec![],
            "carried over is not planning"
        );
        assert_eq!(budget_planning_changes(None, &budget(0, 0, 7)), vec![]);
        let changes = budget_planning_changes(None, &budget(10, 5, 0));
        assert_eq!(changes.len(), 2);
        let mut accepted = budget(0, 0, 3);
        changes.iter().for_each(|c| c.apply_to_budget(&mut accepted));
        assert_eq!(accepted, budget(10, 5, 3));

        let target = |text: &str| KpiTarget { fiscal_year: year, text: text.into(), value: None };
        let kpi = Kpi {
            id: 3,
            project_id: 1,
            name: "ตัวชี้วัด".into(),
            kind: crate::model::KpiKind::Qualitative,
            unit: None,
            targets: vec![target("ร้อยละ 80")],
        };
        assert_eq!(kpi_target_change(&kpi, &target("ร้อยละ 80")), None);
        assert!(matches!(
            kpi_target_change(&kpi, &target("ร้อยละ 95")),
            Some(PlanningChange::KpiTarget { kpi_id: 3, old: Some(_), .. })
        ));
    }

    #[test]
    fn a_province_plan_is_kept_by_its_office_and_its_agency() {
        let plan = Resource::owned(ResourceKind::ProvincePlan, Some(10), Some(100), true);
        let mut staff = actor(Role::ProjectOwner);
        staff.agency_id = Some(10);
        staff.division_id = Some(100);
        assert!(can(&staff, Action::Update, &plan));
        staff.division_id = Some(101);
        assert!(!can(&staff, Action::Update, &plan), "another office's staff");
        for role in [Role::Planner, Role::Statistician] {
            let mut a = actor(role);
            a.agency_id = Some(10);
            assert!(can(&a, Action::Update, &plan), "{role:?} of the agency");
            a.agency_id = Some(11);
            assert!(!can(&a, Action::Update, &plan), "{role:?} of another agency");
        }
        assert!(can(&Actor::system(), Action::Update, &plan));
        assert!(can(&Actor::public(), Action::Read, &plan));
        assert!(!can(&actor(Role::Committee), Action::Update, &plan));
    }

    #[test]
    fn linkage_jobs_are_for_their_agencys_statisticians_only() {
        let job = Resource::owned(ResourceKind::LinkageJob, Some(10), None, false);
        let mut statistician = actor(Role::Statistician);
        statistician.agency_id = Some(10);
        for action in [Action::Read, Action::Create, Action::Update] {
            assert!(can(&statistician, action, &job), "{action:?}");
        }
        assert!(!can(&statistician, Action::Delete, &job));
        statistician.agency_id = Some(11);
        assert!(!can(&statistician, Action::Read, &job), "another agency's statistician");
        for role in [Role::Planner, Role::ProjectOwner, Role::Executive, Role::Public, Role::Committee] {
            let mut a = actor(role);
            a.agency_id = Some(10);
            assert!(!can(&a, Action::Read, &job), "{role:?}");
        }
        assert!(can(&Actor::system(), Action::Update, &job));
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
