-- Organisation performance: performance agreements (คำรับรองการปฏิบัติราชการ)
-- with their indicators, 6/9/12-month rounds and evidence, and PMQA 4.0
-- self-assessments. Weights, scores, points and totals are exact decimals kept
-- as text ("2", "3.4", "256.43"), never floating point; criteria, scoring
-- configuration and results are JSON of tidtam-score's types. Scores are
-- computed on read from the result and the criteria, never stored.
CREATE TABLE kpi_agreement (
    id INTEGER PRIMARY KEY,
    org_unit_id INTEGER NOT NULL REFERENCES org_unit(id),
    fiscal_year INTEGER NOT NULL,
    title TEXT NOT NULL,
    -- JSON of tidtam_score::ScoringConfig.
    config TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (org_unit_id, fiscal_year)
);
CREATE INDEX kpi_agreement_year ON kpi_agreement(fiscal_year, org_unit_id);

CREATE TABLE kpi_indicator (
    id INTEGER PRIMARY KEY,
    agreement_id INTEGER NOT NULL REFERENCES kpi_agreement(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    officer_user_id INTEGER REFERENCES app_user(id),
    officer_name TEXT NOT NULL DEFAULT '',
    data_collector TEXT NOT NULL DEFAULT '',
    weight TEXT NOT NULL,
    -- JSON of tidtam_score::Criteria.
    criteria TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT 'entered'
        CHECK (source IN ('entered', 'disbursement_rate', 'reports_on_time', 'kpis_met')),
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (agreement_id, code)
);

CREATE TABLE kpi_round (
    indicator_id INTEGER NOT NULL REFERENCES kpi_indicator(id) ON DELETE CASCADE,
    months INTEGER NOT NULL CHECK (months IN (6, 9, 12)),
    -- JSON of tidtam_score::Achievement; NULL: not reported.
    result TEXT,
    own_level INTEGER,
    own_score TEXT,
    own_weighted TEXT,
    committee_score TEXT,
    committee_by TEXT,
    explanation TEXT NOT NULL DEFAULT '',
    supporting_factors TEXT NOT NULL DEFAULT '',
    obstacles TEXT NOT NULL DEFAULT '',
    suggestions TEXT NOT NULL DEFAULT '',
    locked BOOLEAN NOT NULL DEFAULT FALSE,
    locked_by TEXT,
    locked_at INTEGER,
    unlock_reason TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (indicator_id, months)
);

CREATE TABLE kpi_evidence (
    id INTEGER PRIMARY KEY,
    indicator_id INTEGER NOT NULL,
    months INTEGER NOT NULL,
    number INTEGER NOT NULL,
    title TEXT NOT NULL,
    evidence_date TEXT,
    pages INTEGER,
    file_name TEXT,
    added_by TEXT NOT NULL,
    added_at INTEGER NOT NULL,
    FOREIGN KEY (indicator_id, months) REFERENCES kpi_round(indicator_id, months) ON DELETE CASCADE,
    UNIQUE (indicator_id, months, number)
);

CREATE TABLE pmqa_assessment (
    id INTEGER PRIMARY KEY,
    org_unit_id INTEGER NOT NULL REFERENCES org_unit(id),
    fiscal_year INTEGER NOT NULL,
    criteria_version TEXT NOT NULL,
    -- JSON of tidtam_score::pmqa::PmqaCriteria (the criteria as versioned data).
    criteria TEXT NOT NULL,
    stated_total TEXT,
    -- JSON array of tidtam_score::pmqa::ItemAssessment (own and assessor side by side).
    items TEXT NOT NULL DEFAULT '[]',
    -- JSON array of tidtam_score::pmqa::results::ResultIndicator (category 7).
    results TEXT NOT NULL DEFAULT '[]',
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (org_unit_id, fiscal_year)
);
