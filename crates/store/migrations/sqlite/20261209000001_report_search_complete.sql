-- One row once every report is known to have its entry in report_search.
-- From then on each write keeps the index complete in the report's own
-- transaction (the use cases and the bulk path), so the server's start-up pass
-- is one primary-key read instead of a scan of 400,000 reports on every start.
-- A database with no report yet is complete now; one with reports stored
-- before report_search existed gets the row from the pass, once it has
-- indexed them.
CREATE TABLE report_search_complete (
    id INTEGER PRIMARY KEY CHECK (id = 1)
);
INSERT INTO report_search_complete (id) SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM report);
