//! Sign-in, cookies, CSRF and rate limiting over HTTP.

use axum::http::StatusCode;
use serde_json::json;
use tidtam_test_support::backend_tests;
use tidtam_web::WebConfig;

use crate::common::{Session, TestApp};

backend_tests! {
    async fn login_sets_a_strict_http_only_cookie_and_logout_ends_the_session(db) {
        let app = TestApp::demo(db).await;
        let reply = app.login_reply("admin", tidtam_demo::DEMO_PASSWORD).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        let cookie = reply.header("set-cookie").unwrap();
        for flag in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age="] {
            assert!(cookie.contains(flag), "{flag} missing: {cookie}");
        }
        assert!(cookie.contains("; Secure"), "Secure by default: {cookie}");
        let body = reply.json();
        let session = crate::common::session_from(&cookie, &body);
        assert!(!reply.text.contains(session.cookie.trim_start_matches("tidtam_session=")), "the session token is never in the body");
        assert_eq!(body["user"]["username"], "admin");

        let me = app.get("/api/session", Some(&session)).await.json();
        assert_eq!(me["signed_in"], true);
        assert_eq!(me["actor"]["role"], "admin");
        assert_eq!(me["csrf_token"], body["csrf_token"]);
        let anonymous = app.get("/api/session", None).await.json();
        assert_eq!(anonymous["signed_in"], false);
        assert_eq!(anonymous["actor"]["role"], "public");

        // Logging out is a write: it needs the CSRF token too.
        let without = Session { csrf: String::new(), ..session.clone() };
        let refused = app.call("DELETE", "/api/session", None, Some(&without)).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        assert_eq!(refused.code(), "csrf");
        let out = app.call("DELETE", "/api/session", None, Some(&session)).await;
        assert_eq!(out.status, StatusCode::NO_CONTENT);
        assert!(out.header("set-cookie").unwrap().contains("Max-Age=0"));
        assert_eq!(app.get("/api/session", Some(&session)).await.json()["signed_in"], false);
        let write = app.call("POST", "/api/org-units", Some(json!({ "parent_id": null, "kind": "ministry", "code": "X", "name": "X" })), Some(&session)).await;
        assert_eq!(write.status, StatusCode::UNAUTHORIZED, "an ended session cannot write: {}", write.text);
        assert_eq!(write.code(), "unauthenticated");
    }

    async fn cookies_lose_secure_only_when_told_to(db) {
        let app = TestApp::with_config(db, WebConfig { insecure_cookies: true, ..WebConfig::default() }).await;
        let reply = app.login_reply("planner", tidtam_demo::DEMO_PASSWORD).await;
        assert!(!reply.header("set-cookie").unwrap().contains("Secure"));
    }

    async fn writes_without_the_sessions_csrf_token_are_refused(db) {
        let app = TestApp::demo(db).await;
        let session = app.login("admin").await;
        let unit = json!({ "parent_id": null, "kind": "ministry", "code": "MOF", "name": "กระทรวงการคลัง" });
        for csrf in ["", "not-the-token"] {
            let forged = Session { csrf: csrf.to_string(), ..session.clone() };
            let reply = app.call("POST", "/api/org-units", Some(unit.clone()), Some(&forged)).await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.text);
            assert_eq!(reply.code(), "csrf");
        }
        let other = app.login("admin").await;
        let crossed = Session { csrf: other.csrf.clone(), ..session.clone() };
        assert_eq!(app.call("POST", "/api/org-units", Some(unit.clone()), Some(&crossed)).await.code(), "csrf", "another session's token does not do");
        let reply = app.call("POST", "/api/org-units", Some(unit), Some(&session)).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
        // Reads need no token.
        let read = app.get("/api/org-units", Some(&Session { csrf: String::new(), ..session })).await;
        assert_eq!(read.status, StatusCode::OK);
    }

    async fn failed_sign_ins_are_rate_limited(db) {
        let app = TestApp::demo(db).await;
        let limit = app.service.config().login_max_failures;
        for _ in 0..limit {
            let reply = app.login_reply("planner", "wrong password").await;
            assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
            assert_eq!(reply.code(), "unauthenticated");
        }
        let limited = app.login_reply("planner", tidtam_demo::DEMO_PASSWORD).await;
        assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS, "even the right password waits: {}", limited.text);
        assert_eq!(limited.code(), "rate_limited");
        assert!(limited.header("retry-after").unwrap().parse::<u64>().unwrap() > 0);
        // The client address is counted too, with a larger allowance (in-process requests all come from `unknown`).
        assert_eq!(app.login_reply("admin", tidtam_demo::DEMO_PASSWORD).await.status, StatusCode::OK);
        let per_address = app.service.config().login_max_failures_per_address;
        for index in 0..per_address - limit {
            assert_eq!(app.login_reply(&format!("nobody{index}"), "wrong password").await.status, StatusCode::UNAUTHORIZED);
        }
        assert_eq!(app.login_reply("admin", tidtam_demo::DEMO_PASSWORD).await.status, StatusCode::TOO_MANY_REQUESTS);
    }
}
