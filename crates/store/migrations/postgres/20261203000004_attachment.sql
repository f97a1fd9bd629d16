-- Evidence files of a project (contracts, photos, minutes), kept in the
-- database with the kind read from their bytes; never overwritten (a new file
-- is a new row) and listed on the project page with who attached them.
CREATE TABLE attachment (
    id BIGSERIAL PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES project(id) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('pdf', 'png', 'jpeg', 'docx', 'xlsx', 'text')),
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    bytes BYTEA NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at BIGINT NOT NULL
);
CREATE INDEX attachment_project ON attachment(project_id, id);
