-- The stat cache of the last snapshot (meta, files), and the run history.
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (
    path TEXT PRIMARY KEY, mode INTEGER NOT NULL, blob TEXT NOT NULL, size INTEGER NOT NULL,
    st_size INTEGER, st_mtime INTEGER, st_ctime INTEGER, st_inode INTEGER
) WITHOUT ROWID;
CREATE TABLE runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT, started_at TEXT NOT NULL, duration_ms INTEGER NOT NULL,
    outcome TEXT NOT NULL, commit_id TEXT, stored INTEGER NOT NULL, not_stored INTEGER NOT NULL,
    changed INTEGER NOT NULL, deleted INTEGER NOT NULL, bytes_read INTEGER NOT NULL, error TEXT
);
