-- The Statistics Sharing Hub: datasets (catalog entries with their structure
-- and GD Catalog metadata, as JSON of tidtam_stats::model::Dataset), their
-- releases (vintages) and the revisions each release made. Releases and
-- revisions are append-only: a load adds a release and one revision row per
-- observation it added, revised or deleted; nothing is ever updated or removed,
-- so every past release can be read back.
CREATE TABLE stat_dataset (
    id INTEGER PRIMARY KEY,
    -- The SDMX dataflow id; the CKAN package name is its lower-case form.
    code TEXT NOT NULL UNIQUE,
    agency_id INTEGER NOT NULL REFERENCES org_unit(id),
    definition TEXT NOT NULL,
    -- The saved column mapping (JSON of tidtam_stats::load::Mapping), reused by the next load.
    mapping TEXT,
    published BOOLEAN NOT NULL DEFAULT FALSE,
    -- Normalised words of titles, indicators, tags and agency, for package_search.
    search_text TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    modified_at INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX stat_dataset_agency ON stat_dataset(agency_id, code);
CREATE INDEX stat_dataset_modified ON stat_dataset(modified_at, code);

CREATE TABLE stat_release (
    dataset_id INTEGER NOT NULL REFERENCES stat_dataset(id),
    number INTEGER NOT NULL,
    published_at INTEGER NOT NULL,
    note TEXT NOT NULL,
    -- The file it was loaded from.
    source_name TEXT NOT NULL,
    loaded_by INTEGER REFERENCES app_user(id),
    loaded_by_name TEXT NOT NULL,
    added INTEGER NOT NULL,
    revised INTEGER NOT NULL,
    deleted INTEGER NOT NULL,
    PRIMARY KEY (dataset_id, number)
);

CREATE TABLE stat_revision (
    dataset_id INTEGER NOT NULL,
    -- The series key: the codes of the structure's dimensions joined by '.'.
    series TEXT NOT NULL,
    -- The SDMX period ("2024", "2024-Q1", "2023-10-01/P1Y").
    period TEXT NOT NULL,
    release_number INTEGER NOT NULL,
    value REAL,
    status TEXT NOT NULL,
    deleted BOOLEAN NOT NULL,
    PRIMARY KEY (dataset_id, series, period, release_number),
    FOREIGN KEY (dataset_id, release_number) REFERENCES stat_release(dataset_id, number)
) WITHOUT ROWID;
CREATE INDEX stat_revision_release ON stat_revision(dataset_id, release_number);

CREATE TRIGGER stat_release_no_update BEFORE UPDATE ON stat_release
BEGIN SELECT RAISE(ABORT, 'statistical releases are append-only'); END;
CREATE TRIGGER stat_release_no_delete BEFORE DELETE ON stat_release
BEGIN SELECT RAISE(ABORT, 'statistical releases are append-only'); END;
CREATE TRIGGER stat_revision_no_update BEFORE UPDATE ON stat_revision
BEGIN SELECT RAISE(ABORT, 'statistical revisions are append-only'); END;
CREATE TRIGGER stat_revision_no_delete BEFORE DELETE ON stat_revision
BEGIN SELECT RAISE(ABORT, 'statistical revisions are append-only'); END;
