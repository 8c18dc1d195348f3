-- The remote (never its token: that lives in the credential store) and the push state.
CREATE TABLE remote (
    id INTEGER PRIMARY KEY CHECK (id = 1), url TEXT NOT NULL, kind TEXT NOT NULL,
    credential_name TEXT, configured_at TEXT NOT NULL
);
CREATE TABLE push_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last_snapshot_commit TEXT, last_snapshot_at TEXT,
    last_verified_commit TEXT, last_verified_push_at TEXT,
    pending_snapshots INTEGER NOT NULL DEFAULT 0,
    last_error TEXT, last_error_at TEXT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    next_retry_at TEXT
);
