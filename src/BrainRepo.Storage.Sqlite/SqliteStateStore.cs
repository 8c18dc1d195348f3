using System.Globalization;
using BrainRepo.Core.Inventory;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Storage;
using Microsoft.Data.Sqlite;

namespace BrainRepo.Storage.Sqlite;

/// <summary>
/// The embedded state store: one SQLite file per workspace (WAL, so readers never block the sync).
/// Holds the stat cache of the last snapshot and the history of runs. Migrations are numbered and
/// applied on open (<see cref="SqliteMigrations"/>).
/// </summary>
public sealed class SqliteStateStore : IStateStore
{
    private readonly SqliteConnection connection;

    public SqliteStateStore(string databaseFile) => connection = SqliteStateDatabase.Open(databaseFile);

    public Baseline LoadBaseline()
    {
        var commit = GetMeta("baseline_commit");
        if (commit is null)
        {
            return Baseline.Empty();
        }

        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT data FROM stat_cache WHERE id = 1";
            if (cmd.ExecuteScalar() is byte[] data)
            {
                // A damaged value is no cache: the engine then rebuilds the baseline from the repository.
                return StatCacheCodec.TryDecode(data, out var files, out var trees)
                    ? new Baseline(commit, files) { Trees = trees, Scanner = GetMeta("scanner") }
                    : Baseline.Empty();
            }
        }

        return LoadLegacyRows(commit);
    }

    public void SaveBaseline(string commitId, IReadOnlyDictionary<string, TrackedFile> files, Baseline previous, IReadOnlyDictionary<string, string> trees, string scanner)
    {
        using var tx = connection.BeginTransaction();
        if (GetMeta("baseline_commit", tx) == commitId && previous.CommitId == commitId && GetMeta("scanner", tx) == scanner
            && Same(files, previous.Files) && Same(trees, previous.Trees) && HasStatCache(tx))
        {
            return; // a no-change sync: the cache on disk is already exactly this
        }

        using (var upsert = connection.CreateCommand())
        {
            upsert.Transaction = tx;
            upsert.CommandText = "INSERT INTO stat_cache(id, data) VALUES (1, $d) ON CONFLICT(id) DO UPDATE SET data = excluded.data";
            upsert.Parameters.Add("$d", SqliteType.Blob).Value = StatCacheCodec.Encode(files, trees);
            upsert.ExecuteNonQuery();
        }

        // Rows of the schema before migration 4, moved into the value above.
        Execute("DELETE FROM files", tx);
        Execute("DELETE FROM trees", tx);
        SetMeta("baseline_commit", commitId, tx);
        SetMeta("scanner", scanner, tx);
        tx.Commit();
    }

    private bool HasStatCache(SqliteTransaction tx)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT count(*) FROM stat_cache";
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
    }

    private static bool Same<T>(IReadOnlyDictionary<string, T> current, IReadOnlyDictionary<string, T> previous)
    {
        if (current.Count != previous.Count)
        {
            return false;
        }

        foreach (var (path, value) in current)
        {
            if (!previous.TryGetValue(path, out var old) || !EqualityComparer<T>.Default.Equals(old, value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The stat cache as stored before migration 4 (one row per file and per folder).</summary>
    private Baseline LoadLegacyRows(string commit)
    {
        var files = new Dictionary<string, TrackedFile>(StringComparer.Ordinal);
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT path, mode, blob, size, st_size, st_mtime, st_ctime, st_inode FROM files";
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                var path = reader.GetString(0);
                FileStamp? stamp = reader.IsDBNull(4)
                    ? null
                    : new FileStamp(reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), unchecked((ulong)reader.GetInt64(7)));
                files[path] = new TrackedFile(path, reader.GetInt32(1), reader.GetString(2), reader.GetInt64(3), stamp);
            }
        }

        var trees = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var treeCmd = connection.CreateCommand())
        {
            treeCmd.CommandText = "SELECT path, id FROM trees";
            using var treeReader = treeCmd.ExecuteReader();
            while (treeReader.Read())
            {
                trees[treeReader.GetString(0)] = treeReader.GetString(1);
            }
        }

        return new Baseline(commit, files) { Trees = trees, Scanner = GetMeta("scanner") };
    }

    public void RecordRun(SyncRunRecord run)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            INSERT INTO runs(started_at, duration_ms, outcome, commit_id, stored, not_stored, changed, deleted, bytes_read, error)
            VALUES ($a, $d, $o, $c, $s, $n, $ch, $del, $b, $e)
            """;
        cmd.Parameters.AddWithValue("$a", run.StartedAt.ToString("O", CultureInfo.InvariantCulture));
        cmd.Parameters.AddWithValue("$d", (long)run.Duration.TotalMilliseconds);
        cmd.Parameters.AddWithValue("$o", run.Outcome);
        cmd.Parameters.AddWithValue("$c", (object?)run.CommitId ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$s", run.Stored);
        cmd.Parameters.AddWithValue("$n", run.NotStored);
        cmd.Parameters.AddWithValue("$ch", run.Changed);
        cmd.Parameters.AddWithValue("$del", run.Deleted);
        cmd.Parameters.AddWithValue("$b", run.BytesRead);
        cmd.Parameters.AddWithValue("$e", (object?)run.Error ?? DBNull.Value);
        cmd.ExecuteNonQuery();
    }

    public IReadOnlyList<SyncRunRecord> RecentRuns(int count)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT started_at, duration_ms, outcome, commit_id, stored, not_stored, changed, deleted, bytes_read, error FROM runs ORDER BY id DESC LIMIT $n";
        cmd.Parameters.AddWithValue("$n", count);
        using var r = cmd.ExecuteReader();
        var list = new List<SyncRunRecord>();
        while (r.Read())
        {
            list.Add(new SyncRunRecord(
                DateTimeOffset.Parse(r.GetString(0), CultureInfo.InvariantCulture),
                TimeSpan.FromMilliseconds(r.GetInt64(1)),
                r.GetString(2),
                r.IsDBNull(3) ? null : r.GetString(3),
                r.GetInt32(4),
                r.GetInt32(5),
                r.GetInt32(6),
                r.GetInt32(7),
                r.GetInt64(8),
                r.IsDBNull(9) ? null : r.GetString(9)));
        }

        return list;
    }

    public void Dispose() => connection.Dispose();

    private string? GetMeta(string key, SqliteTransaction? tx = null)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT value FROM meta WHERE key = $k";
        cmd.Parameters.AddWithValue("$k", key);
        return cmd.ExecuteScalar() as string;
    }

    private void SetMeta(string key, string value, SqliteTransaction tx)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "INSERT INTO meta(key, value) VALUES ($k, $v) ON CONFLICT(key) DO UPDATE SET value = excluded.value";
        cmd.Parameters.AddWithValue("$k", key);
        cmd.Parameters.AddWithValue("$v", value);
        cmd.ExecuteNonQuery();
    }

    private void Execute(string sql, SqliteTransaction? tx = null)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
