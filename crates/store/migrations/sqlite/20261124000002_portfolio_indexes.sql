-- Covering indexes for the portfolio aggregate: the latest report of each
-- project and its figures are read from the index alone, without touching the
-- wide report rows.
CREATE INDEX report_figures ON report(project_id, fiscal_year, quarter, status, progress_percent, disbursed, kpi_total, kpi_achieved, finding_count);
CREATE INDEX project_year_cover ON project(start_year, end_year, id, owner_division_id, agency_id, published);
