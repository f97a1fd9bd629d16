//! The route table: every API route is registered through [`Api::add`] with
//! its documentation, so the router and the OpenAPI 3.1 document
//! (`/api/openapi.json`) come from one list and cannot drift apart
//! (`tests/web.rs` also checks that nothing bypasses [`Api::add`]).

use axum::Router;
use axum::handler::Handler;
use axum::routing::{MethodFilter, on};
use serde_json::{Value, json};

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
    /// JSON Schema type: `integer`, `string`, `boolean`.
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
    opt("page", "integer", "1-based page number (default 1)"),
    opt("per_page", "integer", "items per page, 1..=200 (default 50)"),
];

/// The documentation of one route.
#[derive(Clone, Debug)]
pub struct Doc {
    pub tag: &'static str,
    pub summary: &'static str,
    pub query: Vec<Param>,
    /// Component schema of the JSON request body (`"bytes"`: a raw file upload).
    pub body: Option<&'static str>,
    /// Component schema of the success response (`"html"`: a page, `"css"`: a stylesheet); `None` for 204.
    pub response: Option<&'static str>,
    /// Error statuses the route can answer with, besides 500.
    pub errors: &'static [u16],
}

impl Doc {
    pub fn new(tag: &'static str, summary: &'static str) -> Doc {
        Doc { tag, summary, query: Vec::new(), body: None, response: None, errors: &[] }
    }
    pub fn query(mut self, params: &[Param]) -> Doc {
        self.query.extend_from_slice(params);
        self
    }
    pub fn paged(self) -> Doc {
        self.query(&PAGING)
    }
    pub fn body(mut self, schema: &'static str) -> Doc {
        self.body = Some(schema);
        self
    }
    pub fn response(mut self, schema: &'static str) -> Doc {
        self.response = Some(schema);
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
pub struct Api {
    router: Router<AppState>,
    routes: Vec<Route>,
}

impl Default for Api {
    fn default() -> Self {
        Api::new()
    }
}

impl Api {
    pub fn new() -> Api {
        Api { router: Router::new(), routes: Vec::new() }
    }

    /// Routes `method path` to `handler` and records its documentation.
    pub fn add<H, T>(mut self, method: Method, path: &'static str, doc: Doc, handler: H) -> Api
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.router = self.router.route(path, on(method.filter(), handler));
        self.routes.push(Route { method, path, doc });
        self
    }

    pub fn into_parts(self) -> (Router<AppState>, Vec<Route>) {
        (self.router, self.routes)
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
        413 => "Upload too large",
        422 => "Invalid input (the body lists the fields)",
        429 => "Too many failed sign-ins (Retry-After header)",
        _ => "Internal error (generic body; the detail is logged)",
    }
}

/// The OpenAPI 3.1 document of `routes`.
pub fn openapi(routes: &[Route]) -> Value {
    let mut paths = serde_json::Map::new();
    for route in routes {
        let mut parameters: Vec<Value> = route
            .path
            .split('/')
            .filter_map(|segment| segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .map(|name| json!({ "name": name, "in": "path", "required": true, "schema": { "type": "integer" } }))
            .collect();
        parameters.extend(route.doc.query.iter().map(|param| {
            json!({ "name": param.name, "in": "query", "required": param.required, "description": param.description, "schema": { "type": param.kind } })
        }));
        let mut responses = serde_json::Map::new();
        let success = match (route.method, route.doc.response) {
            (_, None) => 204,
            (_, Some("html")) => 200,
            (Method::Post, Some(_))
                if route.doc.tag != "auth" && route.doc.tag != "import" && !route.path.ends_with("/submit") =>
            {
                201
            }
            _ => 200,
        };
        responses.insert(
            success.to_string(),
            match route.doc.response {
                Some("html") => json!({ "description": "A page", "content": { "text/html": { "schema": { "type": "string" } } } }),
                Some("css") => json!({ "description": "A stylesheet", "content": { "text/css": { "schema": { "type": "string" } } } }),
                Some(schema) => json!({
                    "description": status_text(success),
                    "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } }
                }),
                None => json!({ "description": status_text(success) }),
            },
        );
        for status in route.doc.errors.iter().copied().chain([500]) {
            responses.insert(
                status.to_string(),
                json!({ "description": status_text(status), "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }),
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
            Some("bytes") => {
                operation["requestBody"] = json!({ "required": true, "content": { "application/octet-stream": { "schema": { "type": "string", "format": "binary" } } } });
            }
            Some(schema) => {
                operation["requestBody"] = json!({ "required": true, "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } } });
            }
            None => {}
        }
        if !matches!(route.method, Method::Get) && route.doc.tag != "auth" {
            operation["description"] =
                json!("Signed-in callers must send the session's CSRF token in the X-CSRF-Token header.");
        }
        paths.entry(route.path.to_string()).or_insert_with(|| json!({}))[route.method.as_str()] = operation;
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "tidtam API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "ติดตาม: plan, monitor and evaluate projects. Sign in with POST /api/session; the session cookie `tidtam_session` is HttpOnly and SameSite=Strict; every write must carry the session's CSRF token in X-CSRF-Token. Money is in baht (JSON numbers, satang exact). Lists take page and per_page and answer {items, total, page, per_page}."
        },
        "paths": paths,
        "components": {
            "securitySchemes": { "session": { "type": "apiKey", "in": "cookie", "name": "tidtam_session" } },
            "schemas": schemas(),
        },
        "security": [ {}, { "session": [] } ],
    })
}

fn object(description: &str, properties: Value, required: &[&str]) -> Value {
    json!({ "type": "object", "description": description, "properties": properties, "required": required })
}

fn page_of(item: &str) -> Value {
    object(
        "One page of a list.",
        json!({
            "items": { "type": "array", "items": { "$ref": format!("#/components/schemas/{item}") } },
            "total": { "type": "integer", "description": "items over all pages" },
            "page": { "type": "integer" },
            "per_page": { "type": "integer" }
        }),
        &["items", "total", "page", "per_page"],
    )
}

/// The component schemas the routes refer to.
fn schemas() -> Value {
    let money = json!({ "type": ["number", "null"], "description": "baht" });
    let int = json!({ "type": "integer" });
    let opt_int = json!({ "type": ["integer", "null"] });
    let text = json!({ "type": "string" });
    let opt_text = json!({ "type": ["string", "null"] });
    let year = json!({ "type": "integer", "description": "fiscal year, Buddhist era (e.g. 2568)" });
    let quarter = json!({ "type": "integer", "minimum": 1, "maximum": 4 });
    let project_fields = json!({
        "code": opt_text, "name": text, "budget_source": opt_text, "value": money, "start_year": year, "end_year": year,
        "objectives": { "type": "array", "items": text }, "summary": opt_text, "area": opt_text, "nationwide": { "type": "boolean" },
        "provinces": { "type": "array", "items": int, "description": "official 2-digit province codes" },
        "responsible": { "type": "array", "items": text }, "strategy_ids": { "type": "array", "items": int }, "published": { "type": "boolean" }
    });
    let with = |base: &Value, extra: Value| {
        let mut merged = base.clone();
        merged.as_object_mut().expect("object").extend(extra.as_object().expect("object").clone());
        merged
    };
    let report_content = json!({
        "progress_percent": { "type": ["number", "null"], "minimum": 0, "maximum": 100 }, "allocated": money, "contracted": money, "disbursed": money,
        "summary": opt_text, "problems_text": opt_text, "recommendations": opt_text,
        "activity_results": { "type": "array", "items": { "type": "object" } }, "kpi_results": { "type": "array", "items": { "type": "object" } },
        "problems": { "type": "array", "items": { "type": "object" } }
    });
    let status = json!({ "type": "string", "enum": ["draft", "submitted", "returned", "approved"] });
    let role = json!({ "type": "string", "enum": ["admin", "planner", "project_owner", "executive", "public"] });
    json!({
        "Error": object("Every error.", json!({ "error": object("What went wrong.", json!({
            "code": { "type": "string", "description": "stable machine-readable code" },
            "message_th": text, "message_en": text,
            "fields": { "type": "array", "items": object("A field problem.", json!({ "field": text, "message_th": text, "message_en": text }), &["field"]) },
            "current_version": { "type": "integer", "description": "on 409 conflict: the record's version now" }
        }), &["code", "message_th", "message_en"]) }), &["error"]),
        "Health": object("Liveness and database round trip.", json!({ "status": text, "database": text, "version": text }), &["status"]),
        "Login": object("Credentials.", json!({ "username": text, "password": text }), &["username", "password"]),
        "SignedIn": object("A new session; the token itself is only in the HttpOnly cookie.", json!({ "csrf_token": text, "expires_at": text, "user": { "$ref": "#/components/schemas/User" } }), &["csrf_token", "user"]),
        "Session": object("The caller.", json!({ "signed_in": { "type": "boolean" }, "actor": object("Who is asking.", json!({ "user_id": opt_int, "username": text, "role": role, "agency_id": opt_int, "division_id": opt_int }), &[]), "csrf_token": opt_text, "expires_at": opt_text }), &["signed_in", "actor"]),
        "User": object("A user (never the password hash).", json!({ "id": int, "username": text, "display_name": text, "role": role, "agency_id": opt_int, "division_id": opt_int, "active": { "type": "boolean" }, "version": int }), &["id", "username", "role"]),
        "NewUser": object("A user to create.", json!({ "username": text, "display_name": text, "password": { "type": "string", "minLength": 10 }, "role": role, "agency_id": opt_int, "division_id": opt_int }), &["username", "password", "role"]),
        "UserPage": page_of("User"),
        "PasswordChange": object("Own password: give the current one; admins may omit it for others.", json!({ "current_password": opt_text, "new_password": text }), &["new_password"]),
        "OrgUnit": object("A node of the organisation tree.", json!({ "id": int, "parent_id": opt_int, "kind": { "type": "string", "enum": ["ministry", "agency", "division", "provincial_office"] }, "code": text, "name": text, "province_code": opt_int, "version": int }), &["id", "kind", "name"]),
        "OrgUnitInput": object("An organisation unit to create.", json!({ "parent_id": opt_int, "kind": text, "code": text, "name": text, "province_code": opt_int }), &["kind", "code", "name"]),
        "OrgUnitPage": page_of("OrgUnit"),
        "Strategy": object("A strategy, plan or goal.", json!({ "id": int, "parent_id": opt_int, "level": text, "agency_id": opt_int, "code": text, "name": text, "version": int }), &["id", "level", "name"]),
        "StrategyInput": object("A strategy to create.", json!({ "parent_id": opt_int, "level": text, "agency_id": opt_int, "code": text, "name": text }), &["level", "code", "name"]),
        "StrategyPage": page_of("Strategy"),
        "Deadline": object("A quarter's reporting deadline.", json!({ "fiscal_year": year, "quarter": quarter, "due": { "type": "string", "format": "date" }, "explicit": { "type": "boolean" } }), &["fiscal_year", "quarter", "due"]),
        "DeadlineInput": object("A new deadline.", json!({ "due": { "type": "string", "format": "date" } }), &["due"]),
        "Project": object("A project.", with(&project_fields, json!({ "id": int, "agency_id": int, "owner_division_id": opt_int, "version": int })), &["id", "agency_id", "name", "version"]),
        "NewProject": object("A project to create.", with(&project_fields, json!({ "agency_id": int, "owner_division_id": opt_int })), &["agency_id", "name", "start_year", "end_year"]),
        "ProjectUpdate": object("A project's new fields, with the version they were read at.", with(&project_fields, json!({ "version": int, "owner_division_id": opt_int })), &["version", "name", "start_year", "end_year"]),
        "ProjectSummary": object("A project as listed.", json!({ "id": int, "agency_id": int, "owner_division_id": opt_int, "code": opt_text, "name": text, "start_year": int, "end_year": int, "published": { "type": "boolean" }, "version": int }), &["id", "name"]),
        "ProjectPage": page_of("ProjectSummary"),
        "ProjectDetail": object("A project page's data: the project with its activities, KPIs, budgets and reports.", with(&project_fields, json!({
            "id": int, "agency_id": int, "owner_division_id": opt_int, "version": int,
            "activities": { "type": "array", "items": { "type": "object" } }, "kpis": { "type": "array", "items": { "type": "object" } },
            "budgets": { "type": "array", "items": { "$ref": "#/components/schemas/Budget" } }, "reports": { "type": "array", "items": { "$ref": "#/components/schemas/ReportSummary" } }
        })), &["id", "name", "activities", "kpis", "budgets", "reports"]),
        "Budget": object("A project's budget for a fiscal year.", json!({ "project_id": int, "fiscal_year": year, "allocated": money, "contracted": money, "carried_over": money }), &["fiscal_year", "allocated"]),
        "BudgetInput": object("A budget year's amounts.", json!({ "allocated": money, "contracted": money, "carried_over": money }), &["allocated", "contracted", "carried_over"]),
        "ActivityInput": object("An activity (matched by name).", json!({ "seq": int, "name": text, "period_text": opt_text, "planned_start": opt_text, "planned_end": opt_text, "instalments": { "type": "array", "items": { "type": "object" } } }), &["seq", "name", "instalments"]),
        "ActivityList": { "type": "array", "items": { "type": "object" } },
        "KpiInput": object("A KPI (matched by name) with an optional target.", json!({ "name": text, "kind": { "type": "string", "enum": ["quantitative", "qualitative"] }, "unit": opt_text, "target": { "type": ["object", "null"] } }), &["name", "kind"]),
        "KpiList": { "type": "array", "items": { "type": "object" } },
        "Report": object("A quarterly report.", with(&report_content, json!({
            "id": int, "project_id": int, "fiscal_year": year, "quarter": quarter, "status": status, "review_comment": opt_text, "source_file": opt_text,
            "content_hash": opt_text, "findings": { "type": "array", "items": { "$ref": "#/components/schemas/Finding" } },
            "submitted_at": opt_text, "approved_at": opt_text, "updated_at": text, "version": int
        })), &["id", "project_id", "fiscal_year", "quarter", "status", "version"]),
        "NewReport": object("A quarter's report to start.", with(&report_content, json!({ "project_id": int, "fiscal_year": year, "quarter": quarter })), &["project_id", "fiscal_year", "quarter"]),
        "ReportUpdate": object("A report's new content, with the version it was read at.", with(&report_content, json!({ "version": int })), &["version"]),
        "ReportSummary": object("A report as listed.", json!({ "id": int, "project_id": int, "project_name": text, "agency_id": int, "owner_division_id": opt_int, "fiscal_year": year, "quarter": quarter, "status": status, "progress_percent": { "type": ["number", "null"] }, "disbursed": money, "finding_count": int, "version": int }), &["id", "project_id", "status"]),
        "ReportPage": page_of("ReportSummary"),
        "Transition": object("A workflow step on the version it was read at (return needs a comment).", json!({ "version": int, "comment": opt_text }), &["version"]),
        "Revision": object("A saved state of a report.", json!({ "version": int, "status": status, "snapshot": { "type": "object" }, "at": text, "actor": text }), &["version", "status"]),
        "RevisionPage": page_of("Revision"),
        "LateEntry": object("A project whose report is missing or late.", json!({ "project_id": int, "project_name": text, "agency_id": int, "owner_division_id": opt_int, "report_id": opt_int, "status": { "type": ["string", "null"] }, "submitted_at": opt_text }), &["project_id"]),
        "Lateness": object("Who is late for a quarter (the list is paged).", json!({ "fiscal_year": year, "quarter": quarter, "deadline": { "type": "string", "format": "date" }, "late": { "$ref": "#/components/schemas/LateEntryPage" } }), &["fiscal_year", "quarter", "deadline", "late"]),
        "LateEntryPage": page_of("LateEntry"),
        "Finding": object("A checker finding.", json!({ "rule": text, "severity": text, "line": int, "message_th": text, "message_en": text }), &["rule", "severity"]),
        "PortfolioGroup": object("One group's totals.", json!({
            "group_id": { "type": ["integer", "null"], "description": "strategy id, division id, province code (0: none given) or quarter" },
            "label": opt_text, "projects": int, "reports": int, "allocated": money, "contracted": money, "disbursed": money,
            "disbursement_rate": { "type": ["number", "null"], "description": "disbursed / allocated" },
            "average_progress": { "type": ["number", "null"] }, "kpi_measured": int, "kpi_achieved": int,
            "kpi_achievement": { "type": ["number", "null"], "description": "kpi_achieved / kpi_measured" }, "findings": int
        }), &["projects", "allocated", "contracted", "disbursed"]),
        "Portfolio": object("The portfolio aggregate.", json!({ "fiscal_year": year, "quarter": { "type": ["integer", "null"] }, "group_by": text, "groups": { "type": "array", "items": { "$ref": "#/components/schemas/PortfolioGroup" } } }), &["fiscal_year", "group_by", "groups"]),
        "AuditEntry": object("One recorded change.", json!({ "id": int, "at": text, "actor_user_id": opt_int, "actor_name": text, "entity": text, "entity_id": int, "action": text, "field": opt_text, "old_value": {}, "new_value": {} }), &["id", "at", "entity", "action"]),
        "AuditPage": page_of("AuditEntry"),
        "ImportResult": object("What happened to each report of an uploaded file.", json!({ "file_name": text, "reports": { "type": "array", "items": object("One report of the file.", json!({
            "source_file": text, "source_line": int, "project_name": opt_text, "agency": opt_text, "fiscal_year": opt_int, "quarter": quarter,
            "outcome": { "type": "string", "enum": ["created", "updated", "unchanged", "locked", "skipped"] }, "project_id": opt_int, "report_id": opt_int, "note": opt_text,
            "findings": { "type": "array", "items": { "$ref": "#/components/schemas/Finding" } }
        }), &["outcome"]) } }), &["file_name", "reports"]),
        "OpenApi": { "type": "object", "description": "This document." },
    })
}
