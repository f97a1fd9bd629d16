-- The monitoring core (SQLite). Kept column-for-column equal to the PostgreSQL
-- migration of the same name. Amounts are satang (INTEGER), times are Unix
-- microseconds (INTEGER), dates are ISO text, lists are JSON text.

CREATE TABLE org_unit (
    id INTEGER PRIMARY KEY,
    parent_id INTEGER REFERENCES org_unit(id),
    kind TEXT NOT NULL,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    province_code INTEGER,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX org_unit_parent ON org_unit(parent_id);
CREATE INDEX org_unit_name_key ON org_unit(kind, name_key);

CREATE TABLE strategy (
    id INTEGER PRIMARY KEY,
    parent_id INTEGER REFERENCES strategy(id),
    level TEXT NOT NULL,
    agency_id INTEGER REFERENCES org_unit(id),
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE project (
    id INTEGER PRIMARY KEY,
    agency_id INTEGER NOT NULL REFERENCES org_unit(id),
    owner_division_id INTEGER REFERENCES org_unit(id),
    code TEXT,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    budget_source TEXT,
    value_satang INTEGER,
    start_year INTEGER NOT NULL,
    end_year INTEGER NOT NULL,
    objectives TEXT NOT NULL DEFAULT '[]',
    summary TEXT,
    area TEXT,
    nationwide BOOLEAN NOT NULL DEFAULT FALSE,
    responsible TEXT NOT NULL DEFAULT '[]',
    published BOOLEAN NOT NULL DEFAULT FALSE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (agency_id, name_key)
);
CREATE INDEX project_division ON project(owner_division_id);
CREATE INDEX project_years ON project(start_year, end_year);

CREATE TABLE project_province (
    project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
    province_code INTEGER NOT NULL,
    PRIMARY KEY (project_id, province_code)
);
CREATE INDEX project_province_code ON project_province(province_code);

CREATE TABLE project_strategy (
    project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
    strategy_id INTEGER NOT NULL REFERENCES strategy(id),
    PRIMARY KEY (project_id, strategy_id)
);
CREATE INDEX project_strategy_strategy ON project_strategy(strategy_id);

CREATE TABLE activity (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    period_text TEXT,
    planned_start TEXT,
    planned_end TEXT,
    UNIQUE (project_id, name_key)
);

CREATE TABLE instalment (
    activity_id INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    description TEXT NOT NULL,
    due TEXT,
    amount_satang INTEGER,
    PRIMARY KEY (activity_id, number)
);

CREATE TABLE budget_year (
    project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
    fiscal_year INTEGER NOT NULL,
    allocated INTEGER NOT NULL DEFAULT 0,
    contracted INTEGER NOT NULL DEFAULT 0,
    carried_over INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (project_id, fiscal_year)
);
CREATE INDEX budget_year_year ON budget_year(fiscal_year, project_id);

CREATE TABLE kpi (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    unit TEXT,
    UNIQUE (project_id, name_key)
);

CREATE TABLE kpi_target (
    kpi_id INTEGER NOT NULL REFERENCES kpi(id) ON DELETE CASCADE,
    fiscal_year INTEGER NOT NULL,
    text TEXT NOT NULL,
    value DOUBLE PRECISION,
    PRIMARY KEY (kpi_id, fiscal_year)
);

CREATE TABLE report (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
    fiscal_year INTEGER NOT NULL,
    quarter INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
    status TEXT NOT NULL,
    progress_percent DOUBLE PRECISION,
    allocated INTEGER,
    contracted INTEGER,
    disbursed INTEGER,
    summary TEXT,
    problems_text TEXT,
    recommendations TEXT,
    review_comment TEXT,
    source_file TEXT,
    content_hash TEXT,
    kpi_total INTEGER NOT NULL DEFAULT 0,
    kpi_achieved INTEGER NOT NULL DEFAULT 0,
    finding_count INTEGER NOT NULL DEFAULT 0,
    submitted_at INTEGER,
    approved_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (project_id, fiscal_year, quarter)
);
CREATE INDEX report_period ON report(fiscal_year, quarter, project_id);
CREATE INDEX report_status ON report(status);

CREATE TABLE report_activity (
    report_id INTEGER NOT NULL REFERENCES report(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    activity_name TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (report_id, seq)
);

CREATE TABLE report_kpi (
    report_id INTEGER NOT NULL REFERENCES report(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    kpi_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    target_text TEXT,
    result_text TEXT,
    achieved BOOLEAN,
    PRIMARY KEY (report_id, seq)
);

CREATE TABLE report_problem (
    report_id INTEGER NOT NULL REFERENCES report(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    cause TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (report_id, seq)
);
CREATE INDEX report_problem_cause ON report_problem(cause);

CREATE TABLE report_finding (
    report_id INTEGER NOT NULL REFERENCES report(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    rule TEXT NOT NULL,
    severity TEXT NOT NULL,
    line INTEGER NOT NULL,
    message_th TEXT NOT NULL,
    message_en TEXT NOT NULL,
    PRIMARY KEY (report_id, seq)
);

-- Every saved state of a report, for "keeps history": one row per version.
CREATE TABLE report_revision (
    report_id INTEGER NOT NULL REFERENCES report(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    status TEXT NOT NULL,
    snapshot TEXT NOT NULL,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    PRIMARY KEY (report_id, version)
);

CREATE TABLE quarter_deadline (
    fiscal_year INTEGER NOT NULL,
    quarter INTEGER NOT NULL,
    due_date TEXT NOT NULL,
    PRIMARY KEY (fiscal_year, quarter)
);

CREATE TABLE app_user (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    agency_id INTEGER REFERENCES org_unit(id),
    division_id INTEGER REFERENCES org_unit(id),
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE user_session (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX user_session_user ON user_session(user_id);

CREATE TABLE login_attempt (
    id INTEGER PRIMARY KEY,
    attempt_key TEXT NOT NULL,
    at INTEGER NOT NULL,
    success BOOLEAN NOT NULL
);
CREATE INDEX login_attempt_key ON login_attempt(attempt_key, at);

-- Which file contents were imported into which report (idempotent import).
CREATE TABLE import_record (
    content_hash TEXT NOT NULL,
    report_id INTEGER NOT NULL REFERENCES report(id) ON DELETE CASCADE,
    source_file TEXT NOT NULL,
    at INTEGER NOT NULL,
    PRIMARY KEY (content_hash, report_id)
);

CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    actor_user_id INTEGER,
    actor_name TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    action TEXT NOT NULL,
    field TEXT,
    old_value TEXT,
    new_value TEXT
);
CREATE INDEX audit_entity ON audit(entity, entity_id);
CREATE INDEX audit_at ON audit(at);

-- The audit trail is append-only: the database itself refuses edits.
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END;

-- Full-text search: words segmented by tidtam-thai (ICU4X), joined by spaces.
CREATE VIRTUAL TABLE project_search USING fts5(body, tokenize = 'unicode61');
