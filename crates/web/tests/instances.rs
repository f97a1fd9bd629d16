//! Scale-out: two servers (real listeners on 127.0.0.1, port 0) on one database
//! share sessions, the sign-in rate limit and data.

use serde_json::json;
use tidtam_demo::DEMO_PASSWORD;
use tidtam_service::Actor;
use tidtam_test_support::backend_tests;
use tidtam_web::{AppState, WebConfig};

use crate::common::{http, session_from};

async fn start(db: &tidtam_test_support::TestDb) -> std::net::SocketAddr {
    // Each instance has its own service and pool, as separate processes would.
    let service = db.service().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(tidtam_web::serve(listener, AppState::new(service, WebConfig::default())));
    address
}

backend_tests! {
    async fn two_instances_on_one_database_share_sessions_limits_and_data(db) {
        tidtam_demo::generate_demo(&db.service().await, &Actor::system(), 11).await.unwrap();
        let (a, b) = (start(db).await, start(db).await);
        assert_ne!(a, b);

        // Sign in on A, use the session on B.
        let (status, head, body) = http(a, "POST", "/api/session", Some(json!({ "username": "admin", "password": DEMO_PASSWORD })), None).await;
        assert_eq!(status, 200, "{body}");
        let cookie = head.lines().find_map(|line| line.strip_prefix("set-cookie: ").or_else(|| line.strip_prefix("Set-Cookie: "))).expect("cookie");
        let admin = session_from(cookie, &body);
        let (status, _, me) = http(b, "GET", "/api/session", None, Some(&admin)).await;
        assert_eq!((status, me["signed_in"].clone(), me["actor"]["username"].clone()), (200, json!(true), json!("admin")));

        // A write on A is visible on B, and B's optimistic lock sees A's version.
        let (_, _, list) = http(a, "GET", "/api/projects?per_page=1", None, Some(&admin)).await;
        let id = list["items"][0]["id"].as_i64().unwrap();
        let (_, _, detail) = http(a, "GET", &format!("/api/projects/{id}"), None, Some(&admin)).await;
        let version = detail["version"].as_i64().unwrap();
        let mut update = json!({ "version": version, "name": "แก้ไขบนเครื่อง A" });
        for key in ["owner_division_id", "code", "budget_source", "value", "start_year", "end_year", "objectives", "summary", "area", "nationwide", "provinces", "responsible", "strategy_ids", "published"] {
            update[key] = detail[key].clone();
        }
        let (status, _, updated) = http(a, "PUT", &format!("/api/projects/{id}"), Some(update.clone()), Some(&admin)).await;
        assert_eq!(status, 200, "{updated}");
        let (_, _, seen) = http(b, "GET", &format!("/api/projects/{id}"), None, Some(&admin)).await;
        assert_eq!(seen["name"], "แก้ไขบนเครื่อง A");
        assert_eq!(seen["version"], version + 1);
        let (status, _, conflict) = http(b, "PUT", &format!("/api/projects/{id}"), Some(update), Some(&admin)).await;
        assert_eq!((status, conflict["error"]["current_version"].clone()), (409, json!(version + 1)));

        // The sign-in limit counts failures on both instances together.
        let limit = db.service().await.config().login_max_failures;
        for attempt in 0..limit {
            let server = if attempt % 2 == 0 { a } else { b };
            let (status, _, _) = http(server, "POST", "/api/session", Some(json!({ "username": "planner", "password": "wrong" })), None).await;
            assert_eq!(status, 401);
        }
        for server in [a, b] {
            let (status, head, body) = http(server, "POST", "/api/session", Some(json!({ "username": "planner", "password": DEMO_PASSWORD })), None).await;
            assert_eq!(status, 429, "{body}");
            assert!(head.to_ascii_lowercase().contains("retry-after:"));
        }

        // Signing out on B ends the session on A.
        let (status, _, _) = http(b, "DELETE", "/api/session", None, Some(&admin)).await;
        assert_eq!(status, 204);
        let (_, _, me) = http(a, "GET", "/api/session", None, Some(&admin)).await;
        assert_eq!(me["signed_in"], false);
    }
}
