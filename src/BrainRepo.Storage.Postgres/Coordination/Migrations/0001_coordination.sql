-- Coordination state: one row per workspace. Times come from the database clock (clock_timestamp()).
CREATE TABLE IF NOT EXISTS coord_workspace (
    workspace         text        NOT NULL PRIMARY KEY,
    requested         bigint      NOT NULL DEFAULT 0,
    started           bigint      NOT NULL DEFAULT 0,
    served            bigint      NOT NULL DEFAULT 0,
    fencing_token     bigint      NOT NULL DEFAULT 0,
    owner             text        NULL,
    owner_host        text        NULL,
    lease_until       timestamptz NULL,
    cancel_requested  boolean     NOT NULL DEFAULT false,
    pending_since     timestamptz NULL,
    last_outcome      text        NULL,
    last_completed_at timestamptz NULL
);

CREATE INDEX IF NOT EXISTS coord_workspace_due ON coord_workspace (pending_since, workspace) WHERE requested > served;
