-- Clerical review of record linkage: a job is one linkage run of two
-- registers (its summary, the model's notes and expected matches as JSON);
-- its kept pairs are the automatic links and the review band, each with both
-- records' fields and every comparison's level and weight (JSON), so the
-- review page shows them side by side without the registers. A pair's
-- decision (accept, reject, unsure) with a note and who decided, a lease that
-- hands a pair to one reviewer at a time, and a version for optimistic locking.
CREATE TABLE linkage_job (
    id BIGSERIAL PRIMARY KEY,
    agency_id BIGINT NOT NULL REFERENCES org_unit(id),
    name TEXT NOT NULL,
    left_name TEXT NOT NULL,
    right_name TEXT NOT NULL,
    summary TEXT NOT NULL,
    created_by BIGINT REFERENCES app_user(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX linkage_job_agency ON linkage_job(agency_id, id);

CREATE TABLE linkage_pair (
    id BIGSERIAL PRIMARY KEY,
    job_id BIGINT NOT NULL REFERENCES linkage_job(id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    band TEXT NOT NULL CHECK (band IN ('automatic', 'review')),
    left_id TEXT NOT NULL,
    right_id TEXT NOT NULL,
    left_record TEXT NOT NULL,
    right_record TEXT NOT NULL,
    comparisons TEXT NOT NULL,
    weight DOUBLE PRECISION NOT NULL,
    probability DOUBLE PRECISION NOT NULL,
    decision TEXT CHECK (decision IN ('accept', 'reject', 'unsure')),
    note TEXT NOT NULL DEFAULT '',
    decided_by BIGINT REFERENCES app_user(id) ON DELETE SET NULL,
    decided_by_name TEXT,
    decided_at BIGINT,
    lease_by BIGINT REFERENCES app_user(id) ON DELETE SET NULL,
    lease_until BIGINT,
    version BIGINT NOT NULL DEFAULT 1,
    UNIQUE (job_id, seq)
);
-- The queue: a job's undecided pairs of a band in order.
CREATE INDEX linkage_pair_queue ON linkage_pair(job_id, band, decision, seq);
