-- Tree ids of the last snapshot's folders, so unchanged folders are not re-hashed.
CREATE TABLE trees (path TEXT PRIMARY KEY, id TEXT NOT NULL) WITHOUT ROWID;
