//! Shared fixtures: an organisation with two agencies, divisions, users of every role and three projects.

use tidtam_domain::Baht;
use tidtam_domain::model::{OrgKind, OrgUnitInput, ProjectInput, ReportContent};
use tidtam_domain::period::{FiscalYear, Quarter};
use tidtam_service::auth::NewUser;
use tidtam_service::projects::NewProject;
use tidtam_service::reports::NewReport;
use tidtam_service::{Actor, Role, Service};

pub fn fy(year: i32) -> FiscalYear {
    FiscalYear::checked(year).unwrap()
}

pub fn q(number: u8) -> Quarter {
    Quarter::try_from(number).unwrap()
}

#[allow(dead_code)]
pub struct Fixture {
    pub agency_a: i64,
    pub agency_b: i64,
    pub division_a1: i64,
    pub division_a2: i64,
    pub division_b1: i64,
    pub admin: Actor,
    pub planner: Actor,
    pub owner: Actor,
    pub executive: Actor,
    pub public: Actor,
    /// Agency A, division A1, not published.
    pub p1: i64,
    /// Agency A, division A2, published.
    pub p2: i64,
    /// Agency B, division B1, published.
    pub p3: i64,
}

pub fn project_input(name: &str, published: bool) -> ProjectInput {
    ProjectInput {
        code: None,
        name: name.into(),
        budget_source: Some("แผนปฏิบัติการประจำปี".into()),
        value: Some(Baht::from_baht(1_000_000)),
        start_year: fy(2567),
        end_year: fy(2569),
        objectives: vec!["เพื่อทดสอบ".into()],
        summary: None,
        area: None,
        nationwide: true,
        provinces: vec![],
        responsible: vec![],
        strategy_ids: vec![],
        published,
    }
}

pub fn content(progress: f64, disbursed_baht: i64) -> ReportContent {
    ReportContent {
        progress_percent: Some(progress),
        allocated: Some(Baht::from_baht(1_000_000)),
        contracted: Some(Baht::from_baht(900_000)),
        disbursed: Some(Baht::from_baht(disbursed_baht)),
        summary: Some(format!("ความก้าวหน้า {progress}")),
        ..ReportContent::default()
    }
}

async fn unit(service: &Service, parent: Option<i64>, kind: OrgKind, code: &str, name: &str) -> i64 {
    let input = OrgUnitInput { parent_id: parent, kind, code: code.into(), name: name.into(), province_code: None };
    service.create_org_unit(&Actor::system(), input).await.unwrap().id
}

/// A user of `role` in `agency` and `division`, as the actor who signs in as them.
pub async fn user(service: &Service, username: &str, role: Role, agency: Option<i64>, division: Option<i64>) -> Actor {
    let input = NewUser {
        username: username.into(),
        display_name: username.into(),
        password: "correct horse battery".into(),
        role,
        agency_id: agency,
        division_id: division,
    };
    let view = service.create_user(&Actor::system(), input).await.unwrap();
    Actor { user_id: Some(view.id), username: view.username, role, agency_id: agency, division_id: division }
}

pub async fn fixture(service: &Service) -> Fixture {
    let ministry = unit(service, None, OrgKind::Ministry, "MIN", "กระทรวงทดสอบ").await;
    let agency_a = unit(service, Some(ministry), OrgKind::Agency, "A", "สำนักงานสถิติแห่งชาติ").await;
    let agency_b = unit(service, Some(ministry), OrgKind::Agency, "B", "หน่วยงานอื่น").await;
    let division_a1 = unit(service, Some(agency_a), OrgKind::Division, "A1", "กองสถิติเศรษฐกิจ").await;
    let division_a2 = unit(service, Some(agency_a), OrgKind::Division, "A2", "กองสถิติสังคม").await;
    let division_b1 = unit(service, Some(agency_b), OrgKind::Division, "B1", "กองอื่น").await;
    let admin = user(service, "admin", Role::Admin, None, None).await;
    let planner = user(service, "planner", Role::Planner, Some(agency_a), None).await;
    let owner = user(service, "owner", Role::ProjectOwner, Some(agency_a), Some(division_a1)).await;
    let executive = user(service, "executive", Role::Executive, None, None).await;
    let new_project = |agency_id, division, name: &str, published| NewProject {
        agency_id,
        owner_division_id: Some(division),
        fields: project_input(name, published),
    };
    let p1 = service
        .create_project(&admin, new_project(agency_a, division_a1, "โครงการสำรวจภาวะการทำงานของประชากร", false))
        .await
        .unwrap()
        .id;
    let p2 = service
        .create_project(&admin, new_project(agency_a, division_a2, "โครงการจัดหาครุภัณฑ์คอมพิวเตอร์", true))
        .await
        .unwrap()
        .id;
    let p3 = service
        .create_project(&admin, new_project(agency_b, division_b1, "โครงการพัฒนาระบบบัญชีข้อมูล", true))
        .await
        .unwrap()
        .id;
    Fixture {
        agency_a,
        agency_b,
        division_a1,
        division_a2,
        division_b1,
        admin,
        planner,
        owner,
        executive,
        public: Actor::public(),
        p1,
        p2,
        p3,
    }
}

/// Creates a report as admin and returns its id and version.
pub async fn report(
    service: &Service,
    admin: &Actor,
    project_id: i64,
    year: i32,
    quarter: u8,
    progress: f64,
) -> (i64, i64) {
    let report = service
        .create_report(
            admin,
            NewReport { project_id, fiscal_year: fy(year), quarter: q(quarter), content: content(progress, 100_000) },
        )
        .await
        .unwrap();
    (report.id, report.version)
}
