-- The register of official statistics (บัญชีสถิติทางการ): one row per
-- statistic, its definition as JSON of tidtam_stats::register::Entry (names,
-- sector, frequency, release calendar, geographic level, the hub dataset and
-- indicator that carry it), owned by an agency. Statuses are computed from the
-- hub's releases when asked, never stored.
CREATE TABLE stat_register (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    agency_id INTEGER NOT NULL REFERENCES org_unit(id),
    definition TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    modified_at INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX stat_register_agency ON stat_register(agency_id, code);
