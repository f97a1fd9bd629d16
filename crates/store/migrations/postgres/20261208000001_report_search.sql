-- Full-text search over quarterly reports' own texts (results, problems,
-- recommendations, activity and KPI results): words segmented by tidtam-thai
-- (ICU4X) and joined by spaces, as project_search. The service writes the
-- entry whenever it writes the report, and indexes reports stored before this
-- table existed when the server starts.
CREATE TABLE report_search (
    report_id BIGINT PRIMARY KEY REFERENCES report(id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    document tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED
);
CREATE INDEX report_search_document ON report_search USING GIN (document);
