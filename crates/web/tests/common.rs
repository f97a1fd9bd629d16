//! Helpers: an app on a fresh database with the demo agency, requests through
//! `oneshot`, sign-in, and a minimal HTTP/1.1 client for real servers.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::Value;
use tidtam_demo::DEMO_PASSWORD;
use tidtam_service::{Actor, Service};
use tidtam_test_support::TestDb;
use tidtam_web::{AppState, WebConfig};
use tower::ServiceExt;

pub struct TestApp {
    pub router: Router,
    pub service: Service,
}

/// A response, read whole.
#[derive(Clone, Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub text: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|error| panic!("not JSON ({error}): {}", self.text))
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name).map(|value| value.to_str().unwrap().to_string())
    }

    /// The `error.code` of an error body.
    pub fn code(&self) -> String {
        self.json()["error"]["code"].as_str().unwrap_or_default().to_string()
    }
}

/// A signed-in client: the cookie to send and the CSRF token.
#[derive(Clone, Debug)]
pub struct Session {
    pub cookie: String,
    pub csrf: String,
}

impl TestApp {
    /// An app on `db` with the demo agency (users for every role, password `DEMO_PASSWORD`).
    pub async fn demo(db: &TestDb) -> TestApp {
        TestApp::with_config(db, WebConfig::default()).await
    }

    pub async fn with_config(db: &TestDb, config: WebConfig) -> TestApp {
        let service = db.service().await;
        tidtam_demo::generate_demo(&service, &Actor::system(), 7).await.expect("demo data");
        TestApp { router: tidtam_web::app(AppState::new(service.clone(), config)), service }
    }

    /// An app on an empty database.
    pub async fn empty(db: &TestDb) -> TestApp {
        let service = db.service().await;
        TestApp { router: tidtam_web::app(AppState::new(service.clone(), WebConfig::default())), service }
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.expect("infallible");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.expect("body");
        Reply { status, headers, text: String::from_utf8_lossy(&bytes).into_owned() }
    }

    /// `method path` with an optional JSON body, as `session` (cookie and CSRF header) or anonymously.
    pub async fn call(&self, method: &str, path: &str, body: Option<Value>, session: Option<&Session>) -> Reply {
        let mut builder = Request::builder().method(method).uri(path);
        if let Some(session) = session {
            builder = builder.header("cookie", &session.cookie).header("x-csrf-token", &session.csrf);
        }
        let request = match body {
            Some(body) => builder.header("content-type", "application/json").body(Body::from(body.to_string())),
            None => builder.body(Body::empty()),
        };
        self.send(request.unwrap()).await
    }

    pub async fn get(&self, path: &str, session: Option<&Session>) -> Reply {
        self.call("GET", path, None, session).await
    }

    pub async fn login_reply(&self, username: &str, password: &str) -> Reply {
        self.call("POST", "/api/session", Some(serde_json::json!({ "username": username, "password": password })), None)
            .await
    }

    /// Signs in a demo user.
    pub async fn login(&self, username: &str) -> Session {
        let reply = self.login_reply(username, DEMO_PASSWORD).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        session_from(&reply.header("set-cookie").expect("cookie"), &reply.json())
    }
}

/// The session of a sign-in answer (`Set-Cookie` header and JSON body).
pub fn session_from(set_cookie: &str, body: &Value) -> Session {
    let pair = set_cookie.split(';').next().unwrap().trim().to_string();
    assert!(pair.starts_with("tidtam_session="), "{set_cookie}");
    Session { cookie: pair, csrf: body["csrf_token"].as_str().expect("csrf_token").to_string() }
}

/// A minimal HTTP/1.1 client for tests against real listeners (`Connection: close`).
pub async fn http(
    address: std::net::SocketAddr,
    method: &str,
    path: &str,
    body: Option<Value>,
    session: Option<&Session>,
) -> (u16, String, Value) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(address).await.expect("connect");
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    if !body.is_empty() {
        request.push_str("Content-Type: application/json\r\n");
    }
    if let Some(session) = session {
        request.push_str(&format!("Cookie: {}\r\nX-CSRF-Token: {}\r\n", session.cookie, session.csrf));
    }
    request.push_str("\r\n");
    request.push_str(&body);
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("read");
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").expect("a response head");
    let status: u16 = head.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("status");
    let json = if body.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(body).unwrap_or(Value::String(body.to_string()))
    };
    (status, head.to_string(), json)
}

/// A multipart form POST to `path` with `session`'s cookie: each part is a
/// field name, a file name for a file (its declared type is never read: the
/// server judges files by their bytes), and the bytes.
pub fn multipart(path: &str, session: &Session, parts: &[(&str, Option<&str>, &[u8])]) -> Request<Body> {
    let boundary = "tidtam-test-boundary-7MA4YWxk";
    let mut body = Vec::new();
    for (name, file, bytes) in parts {
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"").as_bytes());
        if let Some(file) = file {
            body.extend_from_slice(
                format!("; filename=\"{file}\"\r\nContent-Type: application/octet-stream").as_bytes(),
            );
        }
        body.extend_from_slice(b"\r\n\r\n");
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    Request::builder()
        .method("POST")
        .uri(path)
        .header("cookie", &session.cookie)
        .header("content-type", format!("multipart/form-data; boundary={boundary}"))
        .body(Body::from(body))
        .unwrap()
}

/// A urlencoded form POST to `path` with `session`'s cookie; `fields` as given.
pub async fn post_form(app: &TestApp, path: &str, session: &Session, fields: &[(&str, &str)]) -> Reply {
    let request = Request::builder()
        .method("POST")
        .uri(path)
        .header("cookie", &session.cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(serde_urlencoded::to_string(fields).unwrap()))
        .unwrap();
    app.send(request).await
}

/// [`post_form`] with the session's CSRF token added as the `csrf` field.
pub async fn post_form_with_csrf(app: &TestApp, path: &str, session: &Session, fields: &[(&str, &str)]) -> Reply {
    let mut fields = fields.to_vec();
    fields.push(("csrf", &session.csrf));
    post_form(app, path, session, &fields).await
}
