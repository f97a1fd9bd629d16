//! The route table: every API route is registered through [`Api::add`] with
//! its documentation, so the router and the OpenAPI 3.1 document
//! (`/api/openapi.json`) come from one list and cannot drift apart
//! (`tests/web.rs` also checks that nothing bypasses [`Api::add`]).

use axum::Router;
use axum::extract::{Request, State};
use axum::handler::Handler;
use axum::response::IntoResponse;
use axum::routing::{MethodFilter, MethodRouter, any, on};
use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, SchemaGenerator};
use serde_json::{Value, json};
use tidtam_domain::FiscalYear;

use crate::AppState;

/// An HTTP method of a documented route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Post => "post",
            Method::Put => "put",
            Method::Delete => "delete",
        }
    }

    fn filter(self) -> MethodFilter {
        match self {
            Method::Get => MethodFilter::GET,
            Method::Post => MethodFilter::POST,
            Method::Put => MethodFilter::PUT,
            Method::Delete => MethodFilter::DELETE,
        }
    }
}

/// A query parameter of a route.
#[derive(Clone, Copy, Debug)]
pub struct Param {
    pub name: &'static str,
    /// `integer`, `string`, `boolean`, or one of the bounded kinds of [`param_schema`]:
    /// `id`, `version`, `fiscal_year`, `quarter`, `province_code`, `page`, `per_page`,
    /// `group_by`, `status`.
    pub kind: &'static str,
    pub required: bool,
    pub description: &'static str,
}

/// Shorthand for an optional query parameter.
pub const fn opt(name: &'static str, kind: &'static str, description: &'static str) -> Param {
    Param { name, kind, required: false, description }
}

/// Shorthand for a required query parameter.
pub const fn req(name: &'static str, kind: &'static str, description: &'static str) -> Param {
    Param { name, kind, required: true, description }
}

/// `page` and `per_page`, on every list.
pub const PAGING: [Param; 2] = [
    opt("page", "page", "1-based page number (default 1)"),
    opt("per_page", "per_page", "items per page (default 50, at most 200)"),
];

/// The JSON Schema of a parameter kind: every integer states the range the
/// server accepts (what it does with values it tolerates is in the description).
pub fn param_schema(kind: &str) -> Value {
    let years = FiscalYear::STORED;
    match kind {
        "id" | "version" | "integer" => {
            json!({ "type": "integer", "format": "int64", "minimum": i64::MIN, "maximum": i64::MAX })
        }
        "fiscal_year" => json!({ "type": "integer", "minimum": years.start(), "maximum": years.end() }),
        "quarter" => json!({ "type": "integer", "minimum": 1, "maximum": 4 }),
        "province_code" => {
            json!({ "type": "integer", "minimum": 0, "maximum": 255, "description": "official code (10–96); others match nothing" })
        }
        "page" => {
            json!({ "type": "integer", "minimum": 0, "maximum": u32::MAX, "description": "1-based; 0 is read as 1" })
        }
        "per_page" => {
            json!({ "type": "integer", "minimum": 0, "maximum": u32::MAX, "description": format!("items per page, clamped to 1..={}", crate::extract::MAX_PER_PAGE) })
        }
        "group_by" => {
            json!({ "type": "string", "enum": ["total", "strategy", "division", "province", "quarter", "source"] })
        }
        "status" => json!({ "type": "string", "enum": ["draft", "submitted", "returned", "approved"] }),
        "report_state" => {
            json!({ "type": "string", "enum": ["missing", "draft", "submitted", "returned", "approved"] })
        }
        "risk" => {
            json!({ "type": "string", "enum": ["late_procurement", "low_disbursement", "missing_report", "checker_findings"] })
        }
        "proposal_status" => json!({ "type": "string", "enum": ["pending", "accepted", "rejected"] }),
        "boolean" => json!({ "type": "boolean" }),
        "pair_list" => json!({ "type": "string", "enum": ["all", "automatic", "review", "unsure", "decided"] }),
        "months" => json!({ "type": "integer", "enum": [6, 9, 12], "description": "the 6-, 9- or 12-month round" }),
        _ => json!({ "type": "string" }),
    }
}

/// A JSON payload's schema: the wire type's, from `tidtam_api` (generated, never written by hand).
#[derive(Clone, Copy, Debug)]
pub struct Payload {
    schema: fn(&mut SchemaGenerator) -> schemars::Schema,
}

impl Payload {
    pub fn of<T: JsonSchema>() -> Payload {
        fn schema_of<T: JsonSchema>(generator: &mut SchemaGenerator) -> schemars::Schema {
            generator.subschema_for::<T>()
        }
        Payload { schema: schema_of::<T> }
    }
}

/// What a route answers on success.
#[derive(Clone, Copy, Debug)]
pub enum Success {
    /// 200 with a JSON body.
    Ok(Payload),
    /// 201 with a JSON body (something was created).
    Created(Payload),
    /// 204, no body.
    NoContent,
    /// 200 with an HTML page.
    Html,
    /// 200 with a stylesheet (served from the binary).
    Stylesheet,
    /// 200 with this very document.
    Document,
    /// 200 with a file download of this media type (`Content-Disposition: attachment`).
    File(&'static str),
    /// 200 with a body in one of these media types, chosen by content
    /// negotiation (SDMX-ML, SDMX-CSV, Turtle…); documented as text.
    Media(&'static [&'static str]),
}

/// What a route's error answers are.
#[derive(Clone, Copy, Debug)]
pub enum ErrorContent {
    /// The API's `ErrorBody` (every route of tidtam's own API).
    Json,
    /// A text body of this media type (an SDMX-ML error message).
    Media(&'static str),
    /// Another JSON shape (CKAN's envelope).
    Payload(Payload),
}

/// What a route accepts as its body.
#[derive(Clone, Copy, Debug)]
pub enum RequestBody {
    Json(Payload),
    /// The raw bytes of a file upload.
    Bytes,
}

/// The documentation of one route.
#[derive(Clone, Debug)]
pub struct Doc {
    pub tag: &'static str,
    pub summary: &'static str,
    pub query: Vec<Param>,
    pub body: Option<RequestBody>,
    pub success: Success,
    /// Error statuses the route can answer with, besides 500.
    pub errors: &'static [u16],
    pub error_content: ErrorContent,
}

impl Doc {
    pub fn new(tag: &'static str, summary: &'static str) -> Doc {
        Doc {
            tag,
            summary,
            query: Vec::new(),
            body: None,
            success: Success::NoContent,
            errors: &[],
            error_content: ErrorContent::Json,
        }
    }
    pub fn query(mut self, params: &[Param]) -> Doc {
        self.query.extend_from_slice(params);
        self
    }
    pub fn paged(self) -> Doc {
        self.query(&PAGING)
    }
    /// A JSON body of wire type `T`.
    pub fn body<T: JsonSchema>(mut self) -> Doc {
        self.body = Some(RequestBody::Json(Payload::of::<T>()));
        self
    }
    /// A raw file upload.
    pub fn bytes(mut self) -> Doc {
        self.body = Some(RequestBody::Bytes);
        self
    }
    /// 200 with wire type `T`.
    pub fn response<T: JsonSchema>(mut self) -> Doc {
        self.success = Success::Ok(Payload::of::<T>());
        self
    }
    /// 201 with wire type `T`.
    pub fn created<T: JsonSchema>(mut self) -> Doc {
        self.success = Success::Created(Payload::of::<T>());
        self
    }
    pub fn html(mut self) -> Doc {
        self.success = Success::Html;
        self
    }
    pub fn stylesheet(mut self) -> Doc {
        self.success = Success::Stylesheet;
        self
    }
    pub fn document(mut self) -> Doc {
        self.success = Success::Document;
        self
    }
    /// 200 with a file of media type `content_type`, sent as an attachment.
    pub fn file(mut self, content_type: &'static str) -> Doc {
        self.success = Success::File(content_type);
        self
    }
    /// 200 with a body in one of `types` (the first is the default).
    pub fn media(mut self, types: &'static [&'static str]) -> Doc {
        self.success = Success::Media(types);
        self
    }
    /// Errors answered as a text body of `media_type` instead of the API's `ErrorBody`.
    pub fn error_media(mut self, media_type: &'static str) -> Doc {
        self.error_content = ErrorContent::Media(media_type);
        self
    }
    /// 200 and errors both answered as wire type `T` (an envelope such as CKAN's).
    pub fn envelope<T: JsonSchema>(mut self) -> Doc {
        self.success = Success::Ok(Payload::of::<T>());
        self.error_content = ErrorContent::Payload(Payload::of::<T>());
        self
    }
    pub fn errors(mut self, statuses: &'static [u16]) -> Doc {
        self.errors = statuses;
        self
    }
}

/// One registered route.
#[derive(Clone, Debug)]
pub struct Route {
    pub method: Method,
    pub path: &'static str,
    pub doc: Doc,
}

/// A router that records what it routes.
///
/// A documented path may end in a parameter with a fixed suffix
/// (`/projects/{id}.pdf`): the router (matchit) cannot match a suffix, so the
/// route is served at the bare parameter (`/projects/{id}`), and every route
/// sharing that bare path is reached through one dispatcher that looks at the
/// last segment's suffix. Handlers of such a route receive the whole segment
/// ("12.pdf") as the parameter and read it themselves.
pub struct Api {
    routes: Vec<Route>,
    /// (router path, suffix of the last segment, method router), in registration order.
    handlers: Vec<(String, Option<&'static str>, MethodRouter<AppState>)>,
}

impl Default for Api {
    fn default() -> Self {
        Api::new()
    }
}

/// The router path of a documented path, and the suffix of its last segment:
/// `/projects/{id}.pdf` → (`/projects/{id}`, `.pdf`). A suffix anywhere but on
/// the last segment is a programming error, refused at start-up.
fn router_path(path: &'static str) -> (String, Option<&'static str>) {
    let Some((head, last)) = path.rsplit_once('/') else { return (path.to_string(), None) };
    let Some(close) = last.strip_prefix('{').and_then(|rest| rest.find('}')) else {
        assert!(!path.contains("}."), "{path}: a parameter with a suffix must be the last segment");
        return (path.to_string(), None);
    };
    let suffix = &last[close + 2..];
    assert!(!head.contains("}."), "{path}: a parameter with a suffix must be the last segment");
    if suffix.is_empty() { (path.to_string(), None) } else { (format!("{head}/{}", &last[..close + 2]), Some(suffix)) }
}

impl Api {
    pub fn new() -> Api {
        Api { routes: Vec::new(), handlers: Vec::new() }
    }

    /// Routes `method path` to `handler` and records its documentation.
    pub fn add<H, T>(mut self, method: Method, path: &'static str, doc: Doc, handler: H) -> Api
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let (router_path, suffix) = router_path(path);
        self.handlers.push((router_path, suffix, on(method.filter(), handler)));
        self.routes.push(Route { method, path, doc });
        self
    }

    /// Serves `path` with `handler` without documenting it: a page for people
    /// (pages are not the API) whose bare path a suffixed route shares, such as
    /// `/projects/{id}` beside `/projects/{id}.pdf`. The router cannot hold both
    /// paths, so the page must go through the same dispatcher (same parameter names).
    pub fn page(mut self, path: &'static str, handler: MethodRouter<AppState>) -> Api {
        self.handlers.push((path.to_string(), None, handler));
        self
    }

    pub fn into_parts(self) -> (Router<AppState>, Vec<Route>) {
        let mut paths: Vec<String> = Vec::new();
        for (path, ..) in &self.handlers {
            if !paths.contains(path) {
                paths.push(path.clone());
            }
        }
        let mut router = Router::new();
        for path in paths {
            let mut plain: Option<MethodRouter<AppState>> = None;
            let mut suffixed: Vec<(&'static str, MethodRouter<AppState>)> = Vec::new();
            for (_, suffix, handler) in self.handlers.iter().filter(|(p, ..)| *p == path) {
                match suffix {
                    Some(suffix) => suffixed.push((suffix, handler.clone())),
                    None => plain = Some(plain.map_or_else(|| handler.clone(), |p| p.merge(handler.clone()))),
                }
            }
            if suffixed.is_empty() {
                router = router.route(&path, plain.unwrap_or_default());
                continue;
            }
            // Longest suffix first, so `.tar.gz` would win over `.gz`.
            suffixed.sort_by_key(|(suffix, _)| std::cmp::Reverse(suffix.len()));
            let dispatch = move |State(state): State<AppState>, request: Request| {
                let last = request.uri().path().rsplit('/').next().unwrap_or("");
                let chosen = suffixed
                    .iter()
                    .find(|(suffix, _)| last.len() > suffix.len() && last.ends_with(suffix))
                    .map(|(_, handler)| handler.clone())
                    .or_else(|| plain.clone());
                async move {
                    match chosen {
                        Some(handler) => Handler::call(
                            handler.fallback(|| async { crate::error::AppError::method_not_allowed() }),
                            request,
                            state,
                        )
                        .await
                        .into_response(),
                        None => crate::error::AppError::no_route().into_response(),
                    }
                }
            };
            router = router.route(&path, any(dispatch));
        }
        (router, self.routes)
    }
}

fn status_text(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No content",
        400 => "Malformed request",
        401 => "Not signed in",
        403 => "Forbidden (role, or missing CSRF token)",
        404 => "Not found",
        409 => {
            "Conflict: stale version (the body carries current_version), a workflow state that does not allow it, or a duplicate"
        }
        406 => "None of the accepted media types can be served",
        413 => "Upload too large",
        415 => "Unsupported content type",
        422 => "Invalid input (the body lists the fields)",
        429 => "Too many failed sign-ins (Retry-After header)",
        501 => "Not implemented (a part of the standard this server does not offer)",
        _ => "Internal error (generic body; the detail is logged)",
    }
}

/// The OpenAPI 3.1 document of `routes`. Component schemas come from the wire
/// types the routes name (`tidtam_api`), generated by schemars.
pub fn openapi(routes: &[Route]) -> Value {
    let mut generator = SchemaSettings::draft2020_12()
        .with(|settings| settings.definitions_path = "#/components/schemas/".into())
        .into_generator();
    let error = generator.subschema_for::<tidtam_api::ErrorBody>();
    let mut json_content =
        |payload: Payload| json!({ "application/json": { "schema": (payload.schema)(&mut generator) } });
    let mut paths = serde_json::Map::new();
    for route in routes {
        // A parameter is a whole segment (`{id}`) or a segment's start (`{id}.pdf`).
        let mut parameters: Vec<Value> = route
            .path
            .split('/')
            .filter_map(|segment| segment.strip_prefix('{').and_then(|s| s.split_once('}')).map(|(name, _)| name))
            .map(|name| {
                // The pages' short names (`/projects/{id}/reports/{fy}/{q}`) have the API's kinds.
                let kind = match name {
                    "fy" => "fiscal_year",
                    "q" => "quarter",
                    other => other,
                };
                json!({ "name": name, "in": "path", "required": true, "schema": param_schema(kind) })
            })
            .collect();
        parameters.extend(route.doc.query.iter().map(|param| {
            json!({ "name": param.name, "in": "query", "required": param.required, "description": param.description, "schema": param_schema(param.kind) })
        }));
        let mut responses = serde_json::Map::new();
        let (status, success) = match route.doc.success {
            Success::Ok(payload) => (200, json!({ "description": status_text(200), "content": json_content(payload) })),
            Success::Created(payload) => {
                (201, json!({ "description": status_text(201), "content": json_content(payload) }))
            }
            Success::NoContent => (204, json!({ "description": status_text(204) })),
            Success::Html => (
                200,
                json!({ "description": "A page", "content": { "text/html": { "schema": { "type": "string" } } } }),
            ),
            Success::Stylesheet => (
                200,
                json!({ "description": "A stylesheet", "content": { "text/css": { "schema": { "type": "string" } } } }),
            ),
            Success::Document => (
                200,
                json!({ "description": "This document", "content": { "application/json": { "schema": { "type": "object" } } } }),
            ),
            Success::File(content_type) => (
                200,
                json!({ "description": "A file, sent as an attachment", "content": { content_type: { "schema": { "type": "string", "format": "binary" } } } }),
            ),
            Success::Media(types) => {
                // A `+json` type is a JSON document of its own format; anything else is text.
                let content: serde_json::Map<String, Value> = types
                    .iter()
                    .map(|t| {
                        let schema =
                            if t.ends_with("json") { json!({ "type": "object" }) } else { json!({ "type": "string" }) };
                        (t.to_string(), json!({ "schema": schema }))
                    })
                    .collect();
                (200, json!({ "description": status_text(200), "content": content }))
            }
        };
        responses.insert(status.to_string(), success);
        // What the HTTP layer itself can answer, whatever the use case: a malformed or
        // refused query or path (400, 422 for the text rule), a JSON body it cannot
        // read, too large or of another type (400, 413, 415, 422).
        let mut statuses: Vec<u16> = route.doc.errors.to_vec();
        if !route.doc.query.is_empty() || route.path.contains('{') {
            statuses.extend([400, 422]);
        }
        match route.doc.body {
            Some(RequestBody::Json(_)) => statuses.extend([400, 413, 415, 422]),
            Some(RequestBody::Bytes) => statuses.extend([413, 422]),
            None => {}
        }
        statuses.push(500);
        statuses.sort_unstable();
        statuses.dedup();
        let error_body = match route.doc.error_content {
            ErrorContent::Json => json!({ "application/json": { "schema": error.clone() } }),
            ErrorContent::Media(media_type) => json!({ media_type: { "schema": { "type": "string" } } }),
            ErrorContent::Payload(payload) => json_content(payload),
        };
        for status in statuses {
            responses.insert(
                status.to_string(),
                json!({ "description": status_text(status), "content": error_body.clone() }),
            );
        }
        let mut operation = json!({
            "operationId": format!("{}_{}", route.method.as_str(), route.path.trim_start_matches("/api/").replace(['/', '{', '}', '.', '-'], "_")),
            "tags": [route.doc.tag],
            "summary": route.doc.summary,
            "parameters": parameters,
            "responses": responses,
        });
        match route.doc.body {
            Some(RequestBody::Bytes) => {
                operation["requestBody"] = json!({ "required": true, "content": { "application/octet-stream": { "schema": { "type": "string", "format": "binary" } } } });
            }
            Some(RequestBody::Json(payload)) => {
                operation["requestBody"] = json!({ "required": true, "content": json_content(payload) });
            }
            None => {}
        }
        if !matches!(route.method, Method::Get) && route.doc.tag != "auth" {
            operation["description"] =
                json!("Signed-in callers must send the session's CSRF token in the X-CSRF-Token header.");
        }
        paths.entry(route.path.to_string()).or_insert_with(|| json!({}))[route.method.as_str()] = operation;
    }
    let schemas: serde_json::Map<String, Value> = generator.take_definitions(true).into_iter().collect();
    json!({
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "tidtam API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "ติดตาม: plan, monitor and evaluate projects. Sign in with POST /api/session; the session cookie `tidtam_session` is HttpOnly and SameSite=Strict; every write must carry the session's CSRF token in X-CSRF-Token. Amounts are in baht (JSON numbers, exact to the satang). Lists take page and per_page and answer {items, total, page, per_page}."
        },
        "paths": paths,
        "components": {
            "securitySchemes": { "session": { "type": "apiKey", "in": "cookie", "name": "tidtam_session" } },
            "schemas": schemas,
        },
        "security": [ {}, { "session": [] } ],
    })
}
