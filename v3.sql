.timer on
SELECT COUNT(*), COUNT(p.report_id), SUM(p.allocated), SUM(p.disbursed), AVG(p.progress_percent), SUM(p.kpi_total), SUM(p.finding_count)
FROM portfolio_summary p JOIN project_strategy ps ON ps.project_id = p.project_id WHERE p.fiscal_year = 2568 AND p.approved_only = 0 AND p.as_of_quarter = 3;
SELECT ps.strategy_id, COUNT(*), COUNT(p.report_id), SUM(p.allocated), SUM(p.disbursed), AVG(p.progress_percent), SUM(p.kpi_total), SUM(p.finding_count)
FROM project_strategy ps CROSS JOIN portfolio_summary p ON p.fiscal_year = 2568 AND p.approved_only = 0 AND p.as_of_quarter = 3 AND p.project_id = ps.project_id GROUP BY ps.strategy_id;
