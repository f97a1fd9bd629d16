-- A piece of evidence of an indicator's round may carry its file (kept in the
-- database like a project's attachments, its kind read from the bytes), and a
-- previewed upload may be an indicator report bound for an agreement rather
-- than a quarter's project reports.
ALTER TABLE kpi_evidence ADD COLUMN file_kind TEXT CHECK (file_kind IN ('pdf', 'png', 'jpeg', 'docx', 'xlsx', 'text'));
ALTER TABLE kpi_evidence ADD COLUMN file_size BIGINT;
ALTER TABLE kpi_evidence ADD COLUMN file_sha256 TEXT;
ALTER TABLE kpi_evidence ADD COLUMN file_bytes BYTEA;
ALTER TABLE pending_upload ADD COLUMN agreement_id BIGINT REFERENCES kpi_agreement(id) ON DELETE CASCADE;
