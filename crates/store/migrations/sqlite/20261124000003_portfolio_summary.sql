-- The portfolio summary: for every project, each fiscal year it runs, each
-- "as of" quarter (1-4) and each visibility (approved_only 0: every report
-- counts; 1: approved reports only, what the public sees), the figures of the
-- project's latest report up to that quarter and its budget for the year, with
-- the scope keys (agency, owner division, published) copied from the project.
-- Each such row is stored once per grouping it belongs to: dimension 0 (the
-- project itself, group_id 0: totals and quarters), 1 (its owner division, 0
-- when none), 2 (each of its strategies) and 3 (each of its provinces, 0 when
-- none). The portfolio aggregate is then one GROUP BY over one contiguous
-- primary-key range (fiscal_year, approved_only, dimension, as_of_quarter),
-- already in group_id order, with no join.
--
-- Invariant: maintained by the store in the transaction of every write that
-- changes its inputs (project and its strategies and provinces, budget_year,
-- report), equal to the SELECT below run from scratch (tidtam-store's
-- summary_select, the same text); checked by Tx::portfolio_summary_check in
-- crates/service/tests/storage.rs on both back-ends.
CREATE TABLE portfolio_summary (
    fiscal_year INTEGER NOT NULL,
    approved_only INTEGER NOT NULL CHECK (approved_only IN (0, 1)),
    dimension INTEGER NOT NULL CHECK (dimension BETWEEN 0 AND 3),
    as_of_quarter INTEGER NOT NULL CHECK (as_of_quarter BETWEEN 1 AND 4),
    group_id INTEGER NOT NULL,
    project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
    agency_id INTEGER NOT NULL,
    owner_division_id INTEGER,
    published BOOLEAN NOT NULL,
    allocated INTEGER,
    contracted INTEGER,
    report_id INTEGER,
    report_quarter INTEGER,
    progress_percent DOUBLE PRECISION,
    disbursed INTEGER,
    kpi_total INTEGER,
    kpi_achieved INTEGER,
    finding_count INTEGER,
    PRIMARY KEY (fiscal_year, approved_only, dimension, as_of_quarter, group_id, project_id)
) WITHOUT ROWID;
CREATE INDEX portfolio_summary_project ON portfolio_summary(project_id);

INSERT INTO portfolio_summary (fiscal_year, approved_only, dimension, as_of_quarter, group_id, project_id, agency_id, owner_division_id, published, allocated, contracted, report_id, report_quarter, progress_percent, disbursed, kpi_total, kpi_achieved, finding_count)
WITH RECURSIVE years(project_id, fiscal_year) AS (
    SELECT id, start_year FROM project WHERE start_year <= end_year AND TRUE
    UNION ALL
    SELECT y.project_id, y.fiscal_year + 1 FROM years y JOIN project pe ON pe.id = y.project_id WHERE y.fiscal_year < pe.end_year),
base AS (
    SELECT y.fiscal_year, v.approved_only, q.as_of_quarter, p.id AS project_id, p.agency_id, p.owner_division_id, p.published,
        b.allocated, b.contracted, r.id AS report_id, r.quarter AS report_quarter, r.progress_percent, r.disbursed, r.kpi_total, r.kpi_achieved, r.finding_count
    FROM years y
    JOIN project p ON p.id = y.project_id
    CROSS JOIN (SELECT CAST(0 AS BIGINT) AS approved_only UNION ALL SELECT CAST(1 AS BIGINT)) v
    CROSS JOIN (SELECT CAST(1 AS BIGINT) AS as_of_quarter UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4) q
    LEFT JOIN budget_year b ON b.project_id = p.id AND b.fiscal_year = y.fiscal_year
    LEFT JOIN report r ON r.project_id = p.id AND r.fiscal_year = y.fiscal_year AND r.quarter = (
        SELECT MAX(r2.quarter) FROM report r2
        WHERE r2.project_id = p.id AND r2.fiscal_year = y.fiscal_year AND r2.quarter <= q.as_of_quarter
        AND (v.approved_only = 0 OR r2.status = 'approved')))
SELECT base.fiscal_year, base.approved_only, CAST(0 AS BIGINT) AS dimension, base.as_of_quarter, CAST(0 AS BIGINT) AS group_id, base.project_id, base.agency_id, base.owner_division_id, base.published, base.allocated, base.contracted, base.report_id, base.report_quarter, base.progress_percent, base.disbursed, base.kpi_total, base.kpi_achieved, base.finding_count FROM base
UNION ALL
SELECT base.fiscal_year, base.approved_only, CAST(1 AS BIGINT), base.as_of_quarter, CAST(COALESCE(base.owner_division_id, 0) AS BIGINT), base.project_id, base.agency_id, base.owner_division_id, base.published, base.allocated, base.contracted, base.report_id, base.report_quarter, base.progress_percent, base.disbursed, base.kpi_total, base.kpi_achieved, base.finding_count FROM base
UNION ALL
SELECT base.fiscal_year, base.approved_only, CAST(2 AS BIGINT), base.as_of_quarter, CAST(ps.strategy_id AS BIGINT), base.project_id, base.agency_id, base.owner_division_id, base.published, base.allocated, base.contracted, base.report_id, base.report_quarter, base.progress_percent, base.disbursed, base.kpi_total, base.kpi_achieved, base.finding_count
FROM base JOIN project_strategy ps ON ps.project_id = base.project_id
UNION ALL
SELECT base.fiscal_year, base.approved_only, CAST(3 AS BIGINT), base.as_of_quarter, CAST(COALESCE(pp.province_code, 0) AS BIGINT), base.project_id, base.agency_id, base.owner_division_id, base.published, base.allocated, base.contracted, base.report_id, base.report_quarter, base.progress_percent, base.disbursed, base.kpi_total, base.kpi_achieved, base.finding_count
FROM base LEFT JOIN project_province pp ON pp.project_id = base.project_id;

-- Planner statistics for the new table (the backfill wrote every row at once).
ANALYZE portfolio_summary;
