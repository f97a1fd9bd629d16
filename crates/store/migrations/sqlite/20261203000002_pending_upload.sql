-- A file read for the import page's preview, kept until the user confirms or
-- an hour passes, so confirming stores exactly the bytes that were previewed
-- (and any server behind the load balancer can take the confirmation).
CREATE TABLE pending_upload (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    quarter INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
    bytes BLOB NOT NULL,
    created_at INTEGER NOT NULL
);
