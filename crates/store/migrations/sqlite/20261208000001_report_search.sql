-- Full-text search over quarterly reports' own texts (results, problems,
-- recommendations, activity and KPI results): words segmented by tidtam-thai
-- (ICU4X) and joined by spaces, as project_search. rowid = report.id; the
-- service writes the entry whenever it writes the report, and indexes reports
-- stored before this table existed when the server starts.
CREATE VIRTUAL TABLE report_search USING fts5(body, tokenize = 'unicode61');
