-- Sign-in throttling with exponential backoff: one row per key (a user name or
-- a client address), read and written under a row lock in one transaction so
-- parallel attempts cannot all pass the check before any failure is recorded.
CREATE TABLE login_throttle (
    throttle_key TEXT PRIMARY KEY,
    failures BIGINT NOT NULL DEFAULT 0,
    last_failure_at BIGINT NOT NULL DEFAULT 0,
    blocked_until BIGINT NOT NULL DEFAULT 0
);

-- The per-attempt log it replaces held only transient counters.
DROP TABLE login_attempt;
