-- The stat cache and tree ids as one compact value (StatCacheCodec) instead of a row per file. The old tables stay
-- readable: the first sync after the upgrade loads them and moves them over. (The cache now lives in stat-cache.bin
-- beside the database; a value or rows left here are read once and removed.)
CREATE TABLE stat_cache (id INTEGER PRIMARY KEY CHECK (id = 1), data BLOB NOT NULL);
