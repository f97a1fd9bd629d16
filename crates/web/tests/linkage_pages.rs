//! The clerical review pages on the demo's linkage job, without JavaScript:
//! two statisticians are handed different pairs, decide them through the
//! forms, a stale form answers 409 naming who decided, the job page's
//! estimates and the CSV export follow; an upload of two registers makes a
//! job and a bad one stores nothing; nobody else sees the people.

use axum::http::StatusCode;
use tidtam_service::Actor;
use tidtam_test_support::backend_tests;

use crate::common::{Session, TestApp, multipart};

/// The demo app with the hub's statistician and the linkage demo; the two reviewers' sessions.
async fn demo(db: &tidtam_test_support::TestDb) -> (TestApp, i64, Session, Session) {
    let app = TestApp::demo(db).await;
    let planner = app.login("planner").await;
    let agency_id = app.get("/api/session", Some(&planner)).await.json()["actor"]["agency_id"].as_i64().unwrap();
    app.service.generate_stats_demo(&Actor::system(), agency_id, tidtam_demo::DEMO_PASSWORD).await.unwrap();
    let one = app.login("statistician").await;
    let actor: Actor =
        serde_json::from_value(app.get("/api/session", Some(&one)).await.json()["actor"].clone()).unwrap();
    let demo =
        tidtam_demo::linkage::generate_linkage_demo(&app.service, &Actor::system(), &actor, tidtam_demo::DEMO_PASSWORD)
            .await
            .unwrap();
    let two = app.login("statistician2").await;
    (app, demo.job_id, one, two)
}

use crate::common::post_form_with_csrf as post_form;

/// The value of `name="…" value="…"` in the page's form.
fn hidden(html: &str, name: &str) -> String {
    let at = html.find(&format!("name=\"{name}\" value=\"")).unwrap_or_else(|| panic!("no {name} in {html}"));
    let rest = &html[at + name.len() + 15..];
    rest[..rest.find('"').unwrap()].to_string()
}

/// The decision form's action: `/linkage/{id}/pairs/{pair}`.
fn action(html: &str) -> String {
    let at = html.find("form id=\"decision\" method=\"post\" action=\"").unwrap();
    let rest = &html[at + 41..];
    rest[..rest.find('"').unwrap()].to_string()
}

backend_tests! {
    async fn two_reviewers_decide_through_the_forms_and_export(db) {
        let (app, id, one, two) = demo(db).await;
        let jobs = app.get("/linkage", Some(&one)).await;
        assert_eq!(jobs.status, StatusCode::OK, "{}", jobs.text);
        assert!(jobs.text.contains(&format!("href=\"/linkage/{id}\"")) && jobs.text.contains("ตรวจการเชื่อมโยงระเบียน"));
        assert!(jobs.header("cache-control").is_some_and(|c| c.contains("no-store")), "personal data is never cached");
        let job = app.get(&format!("/linkage/{id}"), Some(&one)).await;
        assert!(job.text.contains("id=\"estimates\"") && job.text.contains("id=\"start-review\""), "{}", job.text);

        // Each reviewer is handed a pair of their own: both records, the comparisons, the form.
        let first = app.get(&format!("/linkage/{id}/review"), Some(&one)).await;
        assert_eq!(first.status, StatusCode::OK, "{}", first.text);
        for part in ["id=\"records\"", "id=\"comparisons\"", "id=\"total-weight\"", "value=\"accept\"", "value=\"reject\"", "value=\"unsure\"", "/assets/review.js"] {
            assert!(first.text.contains(part), "{part}");
        }
        let second = app.get(&format!("/linkage/{id}/review"), Some(&two)).await;
        let (first_pair, second_pair) = (action(&first.text), action(&second.text));
        assert_ne!(first_pair, second_pair, "two reviewers never hold the same pair");
        let first_version = hidden(&first.text, "version");

        let accepted = post_form(&app, &first_pair, &one, &[("decision", "accept"), ("note", "ชื่อเล่นตรงกัน"), ("version", &first_version), ("back", "review")]).await;
        assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.text);
        assert_eq!(accepted.header("location").as_deref(), Some(format!("/linkage/{id}/review").as_str()));
        let rejected = post_form(&app, &second_pair, &two, &[("decision", "reject"), ("version", &hidden(&second.text, "version")), ("back", "review")]).await;
        assert_eq!(rejected.status, StatusCode::SEE_OTHER, "{}", rejected.text);

        // The second reviewer's stale form for the first pair: refused, saying who decided what.
        let stale = post_form(&app, &first_pair, &two, &[("decision", "reject"), ("note", "ไม่ใช่"), ("version", &first_version), ("back", "review")]).await;
        assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.text);
        assert!(stale.text.contains("id=\"conflict\"") && stale.text.contains("statistician") && stale.text.contains("ยอมรับ"), "{}", stale.text);
        assert!(stale.text.contains("ไม่ใช่"), "the reader's note is kept");

        // The job page and the export follow the decisions.
        let api = app.get(&format!("/api/linkage/{id}"), Some(&two)).await.json();
        let estimates = &api["estimates"];
        assert_eq!((estimates["accepted"].as_u64(), estimates["rejected"].as_u64()), (Some(2), Some(2)), "the demo's two and ours");
        let csv = app.get(&format!("/linkage/{id}/links.csv"), Some(&two)).await;
        assert_eq!(csv.status, StatusCode::OK);
        assert!(csv.header("content-disposition").is_some_and(|d| d.contains("attachment")));
        let rows: Vec<&str> = csv.text.lines().skip(1).collect();
        assert_eq!(rows.len() as u64, estimates["exported"].as_u64().unwrap());
        assert!(rows.iter().any(|r| r.contains(",review,accept,statistician,ชื่อเล่นตรงกัน")), "{}", csv.text);
        assert!(!rows.iter().any(|r| r.contains(",reject,")));

        // Nobody else sees the people.
        let planner = app.login("planner").await;
        assert_eq!(app.get("/linkage", Some(&planner)).await.status, StatusCode::FORBIDDEN);
        assert_eq!(app.get(&format!("/linkage/{id}"), Some(&planner)).await.status, StatusCode::NOT_FOUND);
        assert_eq!(app.get(&format!("/linkage/{id}/links.csv"), Some(&planner)).await.status, StatusCode::NOT_FOUND);
        let public = app.get(&format!("/linkage/{id}/review"), None).await;
        assert_eq!(public.status, StatusCode::SEE_OTHER);
        assert!(public.header("location").is_some_and(|l| l.starts_with("/login?next=")));
    }

    async fn an_upload_of_two_registers_makes_a_job_and_a_bad_one_stores_nothing(db) {
        let (app, id, one, _) = demo(db).await;
        let (a, b) = tidtam_demo::linkage::registers(11);
        let request = multipart("/linkage", &one, &[
            ("csrf", None, one.csrf.as_bytes()), ("name", None, "อัปโหลด".as_bytes()),
            ("left", Some("a.csv"), &a), ("right", Some("b.csv"), &b), ("threshold", None, b"0.9"), ("review_from", None, b"0.2"),
        ]);
        let created = app.send(request).await;
        assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.text);
        let location = created.header("location").unwrap();
        assert_ne!(location, format!("/linkage/{id}"));
        assert!(app.get(&location, Some(&one)).await.text.contains("อัปโหลด"));

        // A register whose ids repeat: the page says so, in Thai, and no job is added.
        let mut repeated = b.clone();
        let first_record = b.split(|&c| c == b'\n').nth(1).unwrap().to_vec();
        repeated.extend_from_slice(&first_record);
        repeated.push(b'\n');
        let before = app.get("/api/linkage", Some(&one)).await.json()["total"].as_i64().unwrap();
        let request = multipart("/linkage", &one, &[
            ("csrf", None, one.csrf.as_bytes()), ("name", None, "ซ้ำ".as_bytes()), ("left", Some("a.csv"), &a), ("right", Some("b.csv"), &repeated),
        ]);
        let refused = app.send(request).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);
        assert!(refused.text.contains("id=\"linkage-error\"") && refused.text.contains("ซ้ำใน"), "{}", refused.text);
        assert_eq!(app.get("/api/linkage", Some(&one)).await.json()["total"].as_i64().unwrap(), before);
        // Without the CSRF token nothing is read.
        let request = multipart("/linkage", &one, &[("name", None, b"x"), ("left", Some("a.csv"), &a), ("right", Some("b.csv"), &b)]);
        assert_eq!(app.send(request).await.status, StatusCode::FORBIDDEN);
    }
}
