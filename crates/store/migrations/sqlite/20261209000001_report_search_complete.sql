-- One row once the server's start-up pass has found every report in
-- report_search. From then on each write keeps the index complete in the
-- report's own transaction (the use cases and the bulk path), so the pass is
-- one primary-key read instead of a scan of 400,000 reports on every start.
-- A database migrated from before report_search has no row: the pass indexes
-- what is missing, then sets it.
CREATE TABLE report_search_complete (
    id INTEGER PRIMARY KEY CHECK (id = 1)
);
