-- A province's strategic issues and the statistics each needs (the provincial
-- statistics chart), kept by the provincial statistics office as one
-- versioned document: the JSON of tidtam_stats::province::ProvincePlan. One
-- row a province (official code); an edit replaces the document under its
-- version, and the audit trail keeps the one before.
CREATE TABLE province_plan (
    province_code BIGINT PRIMARY KEY,
    plan TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    updated_at BIGINT NOT NULL,
    updated_by BIGINT REFERENCES app_user(id) ON DELETE SET NULL
);
