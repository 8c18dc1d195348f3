-- Coordination state: one row per workspace. Times are Unix seconds (REAL) from the database clock.
CREATE TABLE IF NOT EXISTS coord_workspace (
    workspace         TEXT    NOT NULL PRIMARY KEY,
    requested         INTEGER NOT NULL DEFAULT 0,
    started           INTEGER NOT NULL DEFAULT 0,
    served            INTEGER NOT NULL DEFAULT 0,
    fencing_token     INTEGER NOT NULL DEFAULT 0,
    owner             TEXT    NULL,
    owner_host        TEXT    NULL,
    lease_until       REAL    NULL,
    cancel_requested  INTEGER NOT NULL DEFAULT 0,
    pending_since     REAL    NULL,
    last_outcome      TEXT    NULL,
    last_completed_at REAL    NULL
);

CREATE INDEX IF NOT EXISTS coord_workspace_due ON coord_workspace (pending_since) WHERE requested > served;
