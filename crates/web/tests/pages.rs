//! The HTML pages: sign-in through the form, CSRF on every form, escaping,
//! headers, and the quarterly report form's save, stale-version and live check.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::json;
use tidtam_test_support::backend_tests;

use crate::common::{Reply, Session, TestApp};

use crate::common::post_form;

/// A multipart upload of one file as `session`.
async fn upload(app: &TestApp, path: &str, session: &Session, csrf: &str, name: &str, bytes: &[u8]) -> Reply {
    app.send(crate::common::multipart(path, session, &[("csrf", None, csrf.as_bytes()), ("file", Some(name), bytes)]))
        .await
}

/// The `csrf` hidden field of a page.
fn hidden_csrf(html: &str) -> String {
    let at = html.find("name=\"csrf\" value=\"").expect("a csrf field") + "name=\"csrf\" value=\"".len();
    html[at..].split('"').next().unwrap().to_string()
}

backend_tests! {
    async fn sign_in_through_the_form_needs_its_double_submit_token(db) {
        let app = TestApp::demo(db).await;
        let page = app.get("/login?next=/reviews", None).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.text.contains("<form method=\"post\" action=\"/login\""), "{}", page.text);
        let cookie = page.header("set-cookie").expect("login token cookie");
        let pair = cookie.split(';').next().unwrap().to_string();
        let token = hidden_csrf(&page.text);
        assert!(pair.ends_with(&token), "cookie and field carry the same token");

        let post = |csrf: String, cookie: Option<String>| {
            let body = serde_urlencoded::to_string([
                ("csrf", csrf.as_str()), ("username", "planner"), ("password", tidtam_demo::DEMO_PASSWORD), ("next", "/reviews"),
            ]).unwrap();
            let mut builder = Request::builder().method("POST").uri("/login").header("content-type", "application/x-www-form-urlencoded");
            if let Some(cookie) = cookie { builder = builder.header("cookie", cookie); }
            builder.body(Body::from(body)).unwrap()
        };
        let forged = app.send(post("forged".into(), Some(pair.clone()))).await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN);
        let no_cookie = app.send(post(token.clone(), None)).await;
        assert_eq!(no_cookie.status, StatusCode::FORBIDDEN);
        let signed_in = app.send(post(token, Some(pair))).await;
        assert_eq!(signed_in.status, StatusCode::SEE_OTHER, "{}", signed_in.text);
        assert_eq!(signed_in.header("location").as_deref(), Some("/reviews"));
        assert!(signed_in.header("set-cookie").unwrap().starts_with("tidtam_session="));
    }

    async fn pages_escape_what_users_typed_and_carry_the_security_headers(db) {
        let app = TestApp::demo(db).await;
        let admin = app.login("admin").await;
        let units = app.get("/api/org-units?per_page=200", Some(&admin)).await.json();
        let agency = units["items"].as_array().unwrap().iter().find(|u| u["kind"] == "agency").unwrap()["id"].as_i64().unwrap();
        let project = app.call("POST", "/api/projects", Some(json!({
            "agency_id": agency, "name": "<script>alert(1)</script> โครงการ", "start_year": 2568, "end_year": 2568, "published": true,
        })), Some(&admin)).await;
        assert_eq!(project.status, StatusCode::CREATED, "{}", project.text);
        let id = project.json()["id"].as_i64().unwrap();
        let page = app.get(&format!("/projects/{id}"), Some(&admin)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text);
        assert!(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "shown as text");
        assert!(!page.text.contains("<script>alert(1)"), "never as markup");
        let csp = page.header("content-security-policy").unwrap();
        assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{csp}");
        assert_eq!(page.header("x-content-type-options").as_deref(), Some("nosniff"));
        assert_eq!(page.header("x-frame-options").as_deref(), Some("DENY"));
        assert_eq!(page.header("cache-control").as_deref(), Some("no-store"), "a signed-in page is never cached");
        let search = app.get("/search?q=%3Cscript%3E", Some(&admin)).await;
        assert!(!search.text.contains("<script>alert"), "search results escape too");
    }

    async fn the_public_is_sent_to_sign_in_and_forms_refuse_a_missing_token(db) {
        let app = TestApp::demo(db).await;
        let reviews = app.get("/reviews", None).await;
        assert_eq!(reviews.status, StatusCode::SEE_OTHER);
        assert_eq!(reviews.header("location").as_deref(), Some("/login?next=%2Freviews"));
        let owner = app.login("owner1").await;
        let forged = post_form(&app, "/admin/targets", &owner, &[("fy", "2568"), ("q1", "30")]).await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN, "no csrf field: {}", forged.text);
        assert!(forged.text.contains("CSRF"), "{}", forged.text);
        // With the token, the service still decides: an owner may not set targets.
        let refused = post_form(&app, "/admin/targets", &owner, &[("csrf", &owner.csrf), ("fy", "2568"), ("q1", "30")]).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);
        let planner = app.login("planner").await;
        let set = post_form(&app, "/admin/targets", &planner, &[("csrf", &planner.csrf), ("fy", "2568"), ("q1", "30"), ("q2", "55"), ("q3", "80"), ("q4", "100")]).await;
        assert_eq!(set.status, StatusCode::SEE_OTHER, "{}", set.text);
        let dashboard = app.get("/dashboard?fy=2568", Some(&planner)).await;
        assert!(dashboard.text.contains("class=\"target\""), "the dashboard draws the targets");
        let backwards = post_form(&app, "/admin/targets", &planner, &[("csrf", &planner.csrf), ("fy", "2568"), ("q1", "60"), ("q2", "50")]).await;
        assert_eq!(backwards.status, StatusCode::UNPROCESSABLE_ENTITY, "a cumulative target cannot fall");
    }

    async fn the_report_form_saves_keeps_typed_text_on_a_stale_version_and_checks_live(db) {
        let app = TestApp::demo(db).await;
        let owner = app.login("owner1").await;
        let late = app.get("/api/late-reports?fiscal_year=2568&quarter=4&per_page=200", Some(&owner)).await.json();
        let entry = late["late"]["items"].as_array().unwrap().iter().find(|e| e["report_id"].is_null()).expect("a quarter not started").clone();
        let project = entry["project_id"].as_i64().unwrap();
        let path = format!("/projects/{project}/reports/2568/4");

        let form = app.get(&path, Some(&owner)).await;
        assert_eq!(form.status, StatusCode::OK, "{}", form.text);
        assert!(form.text.contains("data-live-check"), "the form asks for live checks");

        // Live check: the same rule id the checker gives on save, and the amount in words.
        let live = post_form(&app, &format!("{path}/check"), &owner, &[("csrf", &owner.csrf), ("allocated", "1,000,000"), ("disbursed", "๒,๐๐๐,๐๐๐")]).await;
        assert_eq!(live.status, StatusCode::OK, "{}", live.text);
        let live = live.json();
        assert!(live["findings_html"].as_str().unwrap().contains("disbursed-exceeds-allocated"), "{live}");
        assert_eq!(live["words"]["allocated"], "หนึ่งล้านบาทถ้วน");
        let nothing_saved = app.get(&format!("/api/reports?project_id={project}&fiscal_year=2568&quarter=4"), Some(&owner)).await.json();
        assert_eq!(nothing_saved["total"], 0, "a live check stores nothing");

        // Unreadable amounts are named, and the typed text comes back.
        let bad = post_form(&app, &path, &owner, &[("csrf", &owner.csrf), ("action", "save"), ("allocated", "หนึ่งล้าน"), ("summary", "ข้อความที่พิมพ์ไว้")]).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.text.contains("ข้อความที่พิมพ์ไว้") && bad.text.contains("field-error"), "{}", bad.text);

        let saved = post_form(&app, &path, &owner, &[("csrf", &owner.csrf), ("action", "save"), ("allocated", "1,000,000"), ("disbursed", "250,000"), ("progress", "๒๐")]).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
        let report = app.get(&format!("/api/reports?project_id={project}&fiscal_year=2568&quarter=4"), Some(&owner)).await.json()["items"][0].clone();
        assert_eq!(report["progress_percent"], 20.0);
        let version = report["version"].as_i64().unwrap().to_string();

        // Someone else saves first: the second save is refused with the user's text kept.
        let first = post_form(&app, &path, &owner, &[("csrf", &owner.csrf), ("action", "save"), ("version", &version), ("allocated", "1,000,000"), ("summary", "ฉบับแรก")]).await;
        assert_eq!(first.status, StatusCode::SEE_OTHER);
        let stale = post_form(&app, &path, &owner, &[("csrf", &owner.csrf), ("action", "save"), ("version", &version), ("allocated", "1,000,000"), ("summary", "ข้อความของฉันต้องไม่หาย")]).await;
        assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.text);
        assert!(stale.text.contains("ข้อความของฉันต้องไม่หาย"), "the user's text is still in the form");
        assert!(stale.text.contains("มีผู้อื่นบันทึก"), "and the page says why");
        let after = app.get(&path, Some(&owner)).await;
        assert!(after.text.contains("ฉบับแรก"), "the newer version was not overwritten");
    }

    async fn evidence_files_are_checked_by_content_and_only_ever_downloaded(db) {
        let app = TestApp::demo(db).await;
        let owner = app.login("owner1").await;
        let project = app.get("/api/projects?per_page=1", Some(&owner)).await.json()["items"][0]["id"].as_i64().unwrap();
        let path = format!("/projects/{project}/attachments");
        let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
        let forged = upload(&app, &path, &owner, "wrong", "สัญญา.pdf", pdf).await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN, "the CSRF token is checked on uploads too");
        let stored = upload(&app, &path, &owner, &owner.csrf, "สัญญาจ้าง.pdf", pdf).await;
        assert_eq!(stored.status, StatusCode::SEE_OTHER, "{}", stored.text);
        // An HTML page named .pdf (and sent as text/html) is refused by its content.
        let active = upload(&app, &path, &owner, &owner.csrf, "invoice.pdf", b"<!DOCTYPE html><script>alert(1)</script>").await;
        assert_eq!(active.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", active.text);
        let page = app.get(&format!("/projects/{project}"), Some(&owner)).await.text;
        assert!(page.contains("สัญญาจ้าง.pdf") && !page.contains("invoice.pdf"), "only the PDF is listed");
        let at = page.find("href=\"/attachments/").expect("a download link") + "href=\"".len();
        let link = page[at..].split('"').next().unwrap().to_string();
        let file = app.get(&link, Some(&owner)).await;
        assert_eq!(file.status, StatusCode::OK);
        assert_eq!(file.header("content-type").as_deref(), Some("application/pdf"));
        let disposition = file.header("content-disposition").unwrap();
        assert!(disposition.starts_with("attachment;") && disposition.contains("filename*=UTF-8''%E0%B8%AA"), "{disposition}");
        assert_eq!(file.text.as_bytes(), pdf);
        let public = app.get(&link, None).await;
        assert_eq!(public.status, StatusCode::NOT_FOUND, "evidence is not public");
        let audit = app.get("/api/audit?entity=attachment", Some(&app.login("admin").await)).await.json();
        assert_eq!(audit["total"], 1, "the attachment is in the audit trail: {audit}");
    }

    async fn the_dashboard_groups_by_budget_source_and_each_group_leads_to_its_projects(db) {
        let app = TestApp::demo(db).await;
        let planner = app.login("planner").await;
        let total = app.get("/api/portfolio?fiscal_year=2568", Some(&planner)).await.json()["groups"][0]["projects"].as_i64().unwrap();
        let by_source = app.get("/api/portfolio?fiscal_year=2568&group_by=source", Some(&planner)).await.json();
        let groups = by_source["groups"].as_array().unwrap();
        assert!(!groups.is_empty());
        assert_eq!(groups.iter().map(|g| g["projects"].as_i64().unwrap()).sum::<i64>(), total, "every project in exactly one source");
        for group in groups {
            let source = group["label"].as_str().expect("demo projects name their source");
            let listed = app.get(&format!("/api/projects?fiscal_year=2568&per_page=1&budget_source={}", tidtam_web::pages::shell::urlencode(source)), Some(&planner)).await;
            let page = app.get(&format!("/projects?fy=2568&source={}", tidtam_web::pages::shell::urlencode(source)), Some(&planner)).await.text;
            let count: String = page.split("id=\"result-count\">").nth(1).unwrap().split('<').next().unwrap().chars().filter(char::is_ascii_digit).collect();
            assert_eq!(count.parse::<i64>().unwrap(), group["projects"].as_i64().unwrap(), "{source}: {}", listed.text);
        }
        let dashboard = app.get("/dashboard?fy=2568&by=source", Some(&planner)).await;
        assert_eq!(dashboard.status, StatusCode::OK);
        assert!(dashboard.text.contains("&amp;source="), "groups link to their projects");
    }

    async fn the_dashboard_says_when_its_figures_lag_a_write_by_someone_else(db) {
        let app = TestApp::demo(db).await;
        let executive = app.login("executive").await;
        let admin = app.login("admin").await;
        let dashboard = "/dashboard?fy=2568&q=3";
        let first = app.get(dashboard, Some(&executive)).await;
        assert_eq!(first.status, StatusCode::OK);
        assert!(!first.text.contains("figures-as-of"), "computed now: no note");
        let project = app.get("/api/projects?fiscal_year=2568&per_page=1", Some(&admin)).await.json()["items"][0]["id"].as_i64().unwrap();
        let write = app
            .call("PUT", &format!("/api/projects/{project}/budgets/2568"), Some(serde_json::json!({"allocated": 98_765_432, "contracted": 0, "carried_over": 0})), Some(&admin))
            .await;
        assert_eq!(write.status, StatusCode::OK, "{}", write.text);
        // The executive is answered at once from the sums before the write, and told so.
        let lagging = app.get(dashboard, Some(&executive)).await;
        assert_eq!(lagging.status, StatusCode::OK);
        assert!(lagging.text.contains("id=\"figures-as-of\"") && lagging.text.contains("ยังไม่รวมการบันทึกข้อมูลครั้งล่าสุด"), "the page says the figures lag");
        // The writer sees their own write: no note.
        assert!(!app.get(dashboard, Some(&admin)).await.text.contains("figures-as-of"), "one's own write is always in");
        // The recomputation started in the background: soon the note is gone.
        let mut current = false;
        for _ in 0..500 {
            if !app.get(dashboard, Some(&executive)).await.text.contains("figures-as-of") {
                current = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        assert!(current, "the executive's figures caught up within 5 s");
    }

    async fn problems_by_cause_lead_to_the_reports_that_name_them(db) {
        let app = TestApp::demo(db).await;
        let planner = app.login("planner").await;
        let dashboard = app.get("/dashboard?fy=2568&q=4", Some(&planner)).await.text;
        assert!(dashboard.contains("ปัญหาตามสาเหตุ"), "the section is there");
        // Each cause bar links to the reports behind it, and its figure is their number.
        let mut checked = 0;
        for part in dashboard.split("<a href=\"/reviews?fy=2568&amp;q=4&amp;status=all&amp;cause=").skip(1) {
            let cause = part.split('"').next().unwrap();
            let figure: String = part.split("class=\"value\">").nth(1).unwrap().split('<').next().unwrap().chars().filter(char::is_ascii_digit).collect();
            let listed = app.get(&format!("/reviews?fy=2568&q=4&status=all&cause={cause}"), Some(&planner)).await.text;
            let total: String = listed.split("</form><p>").nth(1).unwrap().split(' ').next().unwrap().chars().filter(char::is_ascii_digit).collect();
            assert_eq!(figure, total, "{cause}");
            checked += 1;
        }
        assert!(checked > 0, "the demo's reports name problems");
    }

    async fn each_role_is_offered_only_what_it_may_use(db) {
        let app = TestApp::demo(db).await;
        let nav = |html: &str| -> Vec<String> {
            let nav = html.split("<nav aria-label=").nth(1).unwrap().split("</nav>").next().unwrap();
            nav.split("<a href=\"").skip(1).map(|a| a.split('"').next().unwrap().to_string()).collect()
        };
        let owner = nav(&app.get("/dashboard", Some(&app.login("owner1").await)).await.text);
        assert!(!owner.iter().any(|h| h == "/import" || h == "/audit" || h.starts_with("/admin")), "{owner:?}");
        let planner_session = app.login("planner").await;
        let planner = nav(&app.get("/dashboard", Some(&planner_session)).await.text);
        assert!(planner.contains(&"/import".to_string()) && planner.contains(&"/admin/deadlines".to_string()), "{planner:?}");
        assert!(!planner.contains(&"/admin/users".to_string()) && !planner.contains(&"/audit".to_string()), "{planner:?}");
        // Every link offered opens for that role.
        for href in planner {
            let reply = app.get(&href, Some(&planner_session)).await;
            assert_eq!(reply.status, StatusCode::OK, "{href}");
        }
        let settings = app.get("/admin/deadlines", Some(&planner_session)).await.text;
        assert!(!settings.contains("href=\"/admin/users\""), "the planner's settings tabs leave out users");
        let admin = nav(&app.get("/dashboard", Some(&app.login("admin").await)).await.text);
        assert!(admin.contains(&"/audit".to_string()) && admin.contains(&"/admin/users".to_string()), "{admin:?}");
    }

    async fn each_risk_figure_leads_to_exactly_its_projects(db) {
        let app = TestApp::demo(db).await;
        let planner = app.login("planner").await;
        let dashboard = app.get("/dashboard?fy=2568&q=3", Some(&planner)).await.text;
        let risks = dashboard.split("id=\"risks\"").nth(1).expect("the at-risk section").split("</div>").next().unwrap().to_string();
        let mut checked = 0;
        let mut any = 0;
        for part in risks.split("href=\"").skip(1) {
            let href = part.split('"').next().unwrap().replace("&amp;", "&");
            assert!(href.starts_with("/projects?fy=2568&q=3&risk="), "{href}");
            let figure: String = part.split("class=\"v\">").nth(1).unwrap().split('<').next().unwrap().chars().filter(char::is_ascii_digit).collect();
            let listed = app.get(&href, Some(&planner)).await.text;
            let count: String = listed.split("id=\"result-count\">").nth(1).unwrap().split('<').next().unwrap().chars().filter(char::is_ascii_digit).collect();
            assert_eq!(figure, count, "{href}");
            let risk = href.rsplit('=').next().unwrap();
            let api = app.get(&format!("/api/projects?fiscal_year=2568&quarter=3&risk={risk}&per_page=1"), Some(&planner)).await.json();
            assert_eq!(api["total"].to_string(), count, "the API lists the same projects: {risk}");
            any += figure.parse::<i64>().unwrap();
            checked += 1;
        }
        assert_eq!(checked, 4, "four reasons: {risks}");
        assert!(any > 0, "the demo portfolio has projects at risk");
        // By the quarter's report status, the list and the API agree, and the statuses partition the projects.
        let mut sum = 0;
        for status in ["missing", "draft", "submitted", "returned", "approved"] {
            let page = app.get(&format!("/projects?fy=2568&q=3&status={status}"), Some(&planner)).await.text;
            let count: i64 = page.split("id=\"result-count\">").nth(1).unwrap().split('<').next().unwrap().chars().filter(char::is_ascii_digit).collect::<String>().parse().unwrap();
            let api = app.get(&format!("/api/projects?fiscal_year=2568&quarter=3&report_status={status}&per_page=1"), Some(&planner)).await.json();
            assert_eq!(api["total"].as_i64().unwrap(), count, "{status}");
            sum += count;
        }
        let all = app.get("/api/projects?fiscal_year=2568&per_page=1", Some(&planner)).await.json();
        assert_eq!(all["total"].as_i64().unwrap(), sum, "every project has one state in a quarter");
        let refused = app.get("/api/projects?risk=late_procurement", Some(&planner)).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);
        assert!(refused.text.contains("ไตรมาส"), "{}", refused.text);
    }

    async fn search_finds_reports_by_their_texts(db) {
        let app = TestApp::demo(db).await;
        let planner = app.login("planner").await;
        let api = app.get("/api/search/reports?q=%E0%B8%A5%E0%B9%88%E0%B8%B2%E0%B8%8A%E0%B9%89%E0%B8%B2", Some(&planner)).await;
        assert_eq!(api.status, StatusCode::OK, "{}", api.text);
        let hits = api.json();
        assert!(hits["total"].as_i64().unwrap() > 0, "the demo's reports say ล่าช้า: {}", api.text);
        let excerpt = hits["items"][0]["excerpt"].as_str().unwrap_or_default().to_string();
        assert!(excerpt.contains("ล่าช้า"), "{excerpt}");
        let page = app.get("/search?q=%E0%B8%A5%E0%B9%88%E0%B8%B2%E0%B8%8A%E0%B9%89%E0%B8%B2", Some(&planner)).await.text;
        let results = page.split("id=\"report-results\"").nth(1).expect("a list of reports");
        assert!(results.contains("<mark>ล่าช้า</mark>"), "matched words are marked");
    }

    async fn the_import_page_previews_a_report_file_and_stores_it_on_confirm(db) {
        let Some(bytes) = tidtam_test_support::corpus_file("project-reports/01.txt") else { return eprintln!("skipped: no corpus") };
        let app = TestApp::demo(db).await;
        let planner = app.login("planner").await;
        let preview = upload(&app, "/import", &planner, &planner.csrf, "01.txt", &bytes).await;
        assert_eq!(preview.status, StatusCode::OK, "{}", preview.text);
        let at = preview.text.find("name=\"token\" value=\"").expect("a confirm form") + "name=\"token\" value=\"".len();
        let token = preview.text[at..].split('"').next().unwrap().to_string();
        // Confirming stores exactly the previewed bytes, once (the token is spent).
        let stored = post_form(&app, "/import/confirm", &planner, &[("csrf", &planner.csrf), ("token", &token)]).await;
        assert_eq!(stored.status, StatusCode::OK, "{}", stored.text);
        assert!(stored.text.contains("id=\"import-result\"") && stored.text.contains("/projects/"), "{}", stored.text);
        let again = post_form(&app, "/import/confirm", &planner, &[("csrf", &planner.csrf), ("token", &token)]).await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", again.text);
    }
}
