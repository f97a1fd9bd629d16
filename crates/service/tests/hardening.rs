//! Issue 15: what a hostile or careless user does, reproduced and refused.

use std::time::Duration;

use tidtam_domain::Baht;
use tidtam_domain::model::BudgetYear;
use tidtam_service::auth::NewUser;
use tidtam_service::projects::ProjectUpdate;
use tidtam_service::{Actor, PageRequest, Role, Service, ServiceConfig, ServiceError};
use tidtam_test_support::{TestDb, backend_tests};

use crate::common::{content, fixture, fy, report};

const PASSWORD: &str = "correct horse battery";

async fn service_with(db: &TestDb, config: ServiceConfig) -> Service {
    Service::new(tidtam_store::Store::connect(&db.url).await.unwrap(), config)
}

async fn add_user(service: &Service, username: &str, role: Role, agency: Option<i64>) -> Actor {
    let input = NewUser {
        username: username.into(),
        display_name: username.into(),
        password: PASSWORD.into(),
        role,
        agency_id: agency,
        division_id: None,
    };
    let view = service.create_user(&Actor::system(), input).await.unwrap();
    Actor { user_id: Some(view.id), username: view.username, role, agency_id: agency, division_id: None }
}

/// The stored throttle of a key (its lock taken and released in a rolled-back transaction).
async fn throttle(service: &Service, key: &str) -> tidtam_store::Throttle {
    let mut tx = service.store().begin().await.unwrap();
    let state = tx.lock_throttle(key).await.unwrap();
    tx.rollback().await.unwrap();
    state
}

fn no_database_text(error: &ServiceError) {
    let body = serde_json::to_string(&error.body()).unwrap();
    for leak in ["UNIQUE", "unique", "constraint", "duplicate key", "report.project_id", "app_user"] {
        assert!(!body.contains(leak), "database text {leak:?} in {body}");
    }
}

backend_tests! {
    // Item 2: one person cannot edit, submit and approve the same report.
    async fn the_approver_is_never_who_last_edited_or_submitted(db) {
        let service = db.service().await;
        let f = fixture(&service).await;
        let planner2 = add_user(&service, "planner2", Role::Planner, Some(f.agency_a)).await;
        // Edited and submitted by the planner: the planner may not approve it, another planner may.
        let (id, version) = report(&service, &f.owner, f.p1, 2567, 1, 10.0).await;
        let edited = service.update_report(&f.planner, id, version, content(20.0, 1)).await.unwrap();
        let submitted = service.submit_report(&f.planner, id, edited.version).await.unwrap();
        let refused = service.approve_report(&f.planner, id, submitted.version).await.unwrap_err();
        assert_eq!(refused, ServiceError::FourEyes);
        assert!(refused.message_th().contains("ผู้อนุมัติ") && refused.message_en().contains("approver"));
        assert_eq!(service.get_report(&f.admin, id).await.unwrap().status.as_str(), "submitted", "nothing changed");
        service.approve_report(&planner2, id, submitted.version).await.unwrap();
        // Edited by the planner, submitted by the owner: still the planner's own edit.
        let (id, version) = report(&service, &f.owner, f.p1, 2567, 2, 10.0).await;
        let edited = service.update_report(&f.planner, id, version, content(30.0, 1)).await.unwrap();
        let submitted = service.submit_report(&f.owner, id, edited.version).await.unwrap();
        assert_eq!(service.approve_report(&f.planner, id, submitted.version).await.unwrap_err(), ServiceError::FourEyes);
        // Written and submitted by the owner alone: the planner approves.
        let (id, version) = report(&service, &f.owner, f.p1, 2567, 3, 10.0).await;
        let submitted = service.submit_report(&f.owner, id, version).await.unwrap();
        service.approve_report(&f.planner, id, submitted.version).await.unwrap();
        // Admins are no exception.
        let (id, version) = report(&service, &f.admin, f.p1, 2567, 4, 10.0).await;
        let submitted = service.submit_report(&f.admin, id, version).await.unwrap();
        assert_eq!(service.approve_report(&f.admin, id, submitted.version).await.unwrap_err(), ServiceError::FourEyes);
        // The rule can be turned off (a one-person office).
        let lax = service_with(db, ServiceConfig { four_eyes: false, ..ServiceConfig::for_tests() }).await;
        lax.approve_report(&f.admin, id, submitted.version).await.unwrap();
    }

    // Item 4: failures are counted before the password is checked, atomically.
    async fn forty_parallel_wrong_passwords_are_evaluated_at_most_up_to_the_limit(db) {
        let service = db.service().await;
        add_user(&service, "somchai", Role::Executive, None).await;
        let attempts: Vec<_> = (0..40)
            .map(|i| {
                let service = service.clone();
                // Every attempt from its own address: only the per-user limit applies.
                tokio::spawn(async move { service.login("somchai", "wrong password", &format!("10.40.0.{i}")).await })
            })
            .collect();
        let (mut evaluated, mut limited) = (0, 0);
        for attempt in attempts {
            match attempt.await.unwrap() {
                Err(ServiceError::Unauthenticated) => evaluated += 1,
                Err(ServiceError::RateLimited { .. }) => limited += 1,
                other => panic!("unexpected {other:?}"),
            }
        }
        let limit = service.config().login_max_failures;
        assert_eq!((evaluated, limited), (limit, 40 - limit), "{evaluated} passwords evaluated (limit {limit})");
    }

    // Item 5: a short wait that doubles, not a 15-minute lockout for anyone to trigger.
    async fn failed_sign_ins_cost_a_growing_wait_not_a_lockout(db) {
        let service = service_with(db, ServiceConfig { argon2_memory_kib: 256, argon2_iterations: 1, ..ServiceConfig::default() }).await;
        add_user(&service, "somchai", Role::Executive, None).await;
        for _ in 0..5 {
            assert_eq!(service.login("somchai", "wrong password", "10.5.0.1").await.unwrap_err(), ServiceError::Unauthenticated);
        }
        match service.login("somchai", PASSWORD, "10.5.0.2").await {
            Err(ServiceError::RateLimited { retry_after_seconds }) => assert!(retry_after_seconds <= 1, "waits {retry_after_seconds} s"),
            other => panic!("expected a short wait, got {other:?}"),
        }
        // The wait doubles with each further failure (checked on a fast clock).
        let fast = service_with(db, ServiceConfig { login_base_delay: jiff::SignedDuration::from_millis(200), ..ServiceConfig::for_tests() }).await;
        add_user(&fast, "malee", Role::Executive, None).await;
        for _ in 0..5 {
            let _ = fast.login("malee", "wrong password", "10.5.1.1").await;
        }
        let first = throttle(&fast, "user:malee").await;
        assert_eq!(first.failures, 5);
        assert_eq!(first.blocked_until.duration_since(first.last_failure_at), jiff::SignedDuration::from_millis(200));
        tokio::time::sleep(Duration::from_millis(250)).await;
        assert_eq!(fast.login("malee", "wrong password", "10.5.1.1").await.unwrap_err(), ServiceError::Unauthenticated);
        let second = throttle(&fast, "user:malee").await;
        assert_eq!(second.blocked_until.duration_since(second.last_failure_at), jiff::SignedDuration::from_millis(400));
        assert!(matches!(fast.login("malee", PASSWORD, "10.5.1.2").await, Err(ServiceError::RateLimited { .. })));
        // Once the wait is over, the owner of the account signs in, and the streak is cleared.
        tokio::time::sleep(Duration::from_millis(450)).await;
        fast.login("malee", PASSWORD, "10.5.1.2").await.unwrap();
        assert_eq!(throttle(&fast, "user:malee").await.failures, 0);
    }

    // Item 5: signing in to one's own account does not wipe out an address's failures on other names.
    async fn a_successful_sign_in_keeps_the_address_failures_on_other_names(db) {
        let service = db.service().await;
        add_user(&service, "somchai", Role::Executive, None).await;
        let (mut evaluated, mut limited) = (0, 0);
        for round in 0..4 {
            service.login("somchai", PASSWORD, "10.12.0.1").await.unwrap();
            for victim in ["alice", "bob", "carol"] {
                match service.login(victim, &format!("guess {round}"), "10.12.0.1").await {
                    Err(ServiceError::Unauthenticated) => evaluated += 1,
                    Err(ServiceError::RateLimited { .. }) => limited += 1,
                    other => panic!("unexpected {other:?}"),
                }
            }
        }
        let limit = service.config().login_max_failures_per_address;
        assert_eq!(evaluated, limit, "{evaluated} guesses from one address evaluated (limit {limit})");
        assert_eq!(limited, 12 - limit, "the spraying address was slowed down");
        assert_eq!(throttle(&service, "ip:10.12.0.1").await.failures, evaluated, "successes took back only themselves");
    }

    // Item 7: a password change or reset ends every session of the user.
    async fn a_password_change_or_reset_ends_every_session(db) {
        let service = db.service().await;
        let user = add_user(&service, "somchai", Role::Executive, None).await;
        let id = user.user_id.unwrap();
        let (laptop, phone) = (service.login("somchai", PASSWORD, "10.7.0.1").await.unwrap(), service.login("somchai", PASSWORD, "10.7.0.2").await.unwrap());
        // An admin resets it: both sessions end, and the admin gets no session of theirs.
        assert!(service.change_password(&Actor::system(), id, None, "a reset password 1").await.unwrap().is_none());
        for session in [&laptop, &phone] {
            assert_eq!(service.session(&session.token).await.unwrap_err(), ServiceError::Unauthenticated);
        }
        // The user changes it: every session ends; the one making the change is renewed.
        let (laptop, phone) = (service.login("somchai", "a reset password 1", "10.7.0.1").await.unwrap(), service.login("somchai", "a reset password 1", "10.7.0.2").await.unwrap());
        let actor = service.session(&laptop.token).await.unwrap().actor;
        let renewed = service.change_password(&actor, id, Some("a reset password 1"), "my own new password").await.unwrap().expect("a new session");
        for session in [&laptop, &phone] {
            assert_eq!(service.session(&session.token).await.unwrap_err(), ServiceError::Unauthenticated);
        }
        assert_eq!(service.session(&renewed.token).await.unwrap().actor.user_id, Some(id));
        assert_ne!(renewed.token, laptop.token);
    }

    // Item 13: a password policy, for admins too.
    async fn short_and_common_passwords_are_refused(db) {
        let service = db.service().await;
        for password in ["0123456789", "Password1234", "qwerty123456", "aaaaaaaaaaaaaaaa", "admin-root-2024!"] {
            let input = NewUser { username: "admin".into(), display_name: String::new(), password: password.into(), role: Role::Admin, agency_id: None, division_id: None };
            match service.create_user(&Actor::system(), input).await {
                Err(ServiceError::Invalid(fields)) => {
                    assert_eq!(fields[0].field, "password", "{password}");
                    assert!(fields[0].message_th.contains("รหัสผ่าน") && !fields[0].message_en.is_empty());
                }
                other => panic!("{password}: expected refusal, got {other:?}"),
            }
        }
        let user = add_user(&service, "somchai", Role::Admin, None).await;
        assert!(matches!(service.change_password(&Actor::system(), user.user_id.unwrap(), None, "iloveyou1234").await, Err(ServiceError::Invalid(_))));
    }

    // Item 8: history is read a page at a time.
    async fn report_history_is_read_a_page_at_a_time(db) {
        let service = db.service().await;
        let f = fixture(&service).await;
        let (id, mut version) = report(&service, &f.owner, f.p1, 2567, 1, 10.0).await;
        for progress in [20.0, 30.0, 40.0, 50.0] {
            version = service.update_report(&f.owner, id, version, content(progress, 1)).await.unwrap().version;
        }
        let first = service.report_history(&f.owner, id, PageRequest::new(1, 2)).await.unwrap();
        assert_eq!((first.items.len(), first.total), (2, 5));
        let last = service.report_history(&f.owner, id, PageRequest::new(3, 2)).await.unwrap();
        assert_eq!(last.items.len(), 1);
        assert_eq!(last.items[0].version, version);
        assert!(first.items[0].version < first.items[1].version, "oldest first");
        let bounded = service.report_history(&f.owner, id, PageRequest::new(1, 1_000_000)).await.unwrap();
        assert_eq!(bounded.per_page, tidtam_service::reports::MAX_HISTORY_PAGE, "a page is bounded");
    }

    // Item 12: a duplicate is a conflict with our own words, never the database's.
    async fn duplicates_are_a_conflict_without_database_text(db) {
        let service = db.service().await;
        let f = fixture(&service).await;
        report(&service, &f.owner, f.p1, 2567, 1, 10.0).await;
        let again = service
            .create_report(&f.owner, tidtam_service::reports::NewReport { project_id: f.p1, fiscal_year: fy(2567), quarter: crate::common::q(1), content: content(1.0, 1) })
            .await
            .unwrap_err();
        assert_eq!(again, ServiceError::Duplicate);
        assert_eq!(again.code(), "duplicate");
        no_database_text(&again);
        let twin = NewUser { username: "owner".into(), display_name: String::new(), password: PASSWORD.into(), role: Role::Executive, agency_id: None, division_id: None };
        let error = service.create_user(&Actor::system(), twin).await.unwrap_err();
        assert_eq!(error, ServiceError::Duplicate);
        no_database_text(&error);
    }

    // Item 12: a budget only for the project's own years.
    async fn a_budget_outside_the_project_years_is_refused(db) {
        let service = db.service().await;
        let f = fixture(&service).await;
        let budget = |year| BudgetYear { project_id: f.p1, fiscal_year: fy(year), allocated: Baht::from_baht(1), contracted: Baht::from_baht(0), carried_over: Baht::from_baht(0) };
        for year in [2566, 2570] {
            match service.set_budget(&f.admin, budget(year)).await {
                Err(ServiceError::Invalid(fields)) => assert_eq!(fields[0].field, "fiscal_year"),
                other => panic!("{year}: expected refusal, got {other:?}"),
            }
        }
        service.set_budget(&f.admin, budget(2569)).await.unwrap();
        assert_eq!(service.get_project(&f.admin, f.p1).await.unwrap().budgets.len(), 1);
    }

    // Item 12: "not yours" and "does not exist" get the same answer on writes.
    async fn writes_answer_not_found_alike_for_hidden_and_missing_records(db) {
        let service = db.service().await;
        let f = fixture(&service).await;
        let detail = service.get_project(&f.admin, f.p2).await.unwrap().project;
        let update = ProjectUpdate { owner_division_id: detail.owner_division_id, fields: detail.fields.clone() };
        for id in [f.p2, 999_999] {
            assert_eq!(service.update_project(&f.owner, id, 1, update.clone()).await.unwrap_err(), ServiceError::NotFound, "project {id}");
            assert_eq!(service.delete_project(&f.owner, id, 1).await.unwrap_err(), ServiceError::NotFound, "project {id}");
        }
        let (other_report, version) = report(&service, &f.admin, f.p3, 2567, 1, 10.0).await;
        for id in [other_report, 999_999] {
            assert_eq!(service.update_report(&f.planner, id, version, content(1.0, 1)).await.unwrap_err(), ServiceError::NotFound, "report {id}");
            assert_eq!(service.submit_report(&f.planner, id, version).await.unwrap_err(), ServiceError::NotFound, "report {id}");
        }
        let budget = BudgetYear { project_id: f.p3, fiscal_year: fy(2567), allocated: Baht::from_baht(1), contracted: Baht::from_baht(0), carried_over: Baht::from_baht(0) };
        assert_eq!(service.set_budget(&f.planner, budget).await.unwrap_err(), ServiceError::NotFound);
        for user_id in [f.planner.user_id.unwrap(), 999_999] {
            assert_eq!(service.change_password(&f.owner, user_id, None, "taking over the account").await.unwrap_err(), ServiceError::NotFound, "user {user_id}");
        }
        // The anonymous public is asked to sign in, whether the id exists or not.
        for id in [f.p1, f.p2, 999_999] {
            assert_eq!(service.delete_project(&f.public, id, 1).await.unwrap_err(), ServiceError::Unauthenticated, "project {id}");
        }
        assert_eq!(service.update_report(&f.public, 999_999, 1, content(1.0, 1)).await.unwrap_err(), ServiceError::Unauthenticated);
        // Who may see a record but not change it is told so.
        assert_eq!(service.update_project(&f.executive, f.p2, 1, update).await.unwrap_err(), ServiceError::Forbidden);
    }

    // Item 13: backups carry no sessions; a failed restore leaves nothing behind.
    async fn backups_carry_no_sessions_and_failed_restores_leave_nothing(db) {
        let service = db.service().await;
        let _ = fixture(&service).await;
        let session = service.login("admin", PASSWORD, "10.13.0.1").await.unwrap();
        let dir = db.scratch_dir();
        let file = dir.join(if db.is_postgres() { "backup.sql" } else { "backup.db" });
        tidtam_store::backup(service.store(), &file).await.unwrap();
        let target = db.sibling().await;
        tidtam_store::restore(&target.url, &file).await.unwrap();
        let restored = target.service().await;
        assert_eq!(restored.session(&session.token).await.unwrap_err(), ServiceError::Unauthenticated, "an old token is no good on the restored server");
        assert!(service.session(&session.token).await.is_ok(), "the source keeps its sessions");
        assert!(restored.login("admin", PASSWORD, "10.13.0.1").await.is_ok(), "users and passwords came along");

        let broken = dir.join("broken");
        let empty = db.sibling().await;
        if db.is_postgres() {
            std::fs::write(&broken, "CREATE TABLE half_written (id BIGINT);\nTHIS IS NOT SQL;\n").unwrap();
            assert!(tidtam_store::restore(&empty.url, &broken).await.is_err());
            let pool = sqlx::PgPool::connect(&empty.url).await.unwrap();
            let tables: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'").fetch_one(&pool).await.unwrap();
            assert_eq!(tables, 0, "nothing of the failed restore is left");
        } else {
            let bytes = std::fs::read(&file).unwrap();
            for (name, content) in [("garbage", b"not a database at all".to_vec()), ("truncated", bytes[..bytes.len() / 2].to_vec())] {
                std::fs::write(&broken, &content).unwrap();
                let path = empty.url.trim_start_matches("sqlite:").to_string();
                assert!(tidtam_store::restore(&empty.url, &broken).await.is_err(), "{name}");
                for suffix in ["", "-wal", "-shm", "-journal", ".partial", ".partial-wal", ".partial-shm"] {
                    assert!(!std::path::Path::new(&format!("{path}{suffix}")).exists(), "{name}: {path}{suffix} left behind");
                }
            }
        }
        let _ = std::fs::remove_dir_all(dir);
    }
}
