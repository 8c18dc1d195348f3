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
            return new Baseline(null, new Dictionary<string, TrackedFile>(StringComparer.Ordinal));
        }

        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM files";
        var files = new Dictionary<string, TrackedFile>(Convert.ToInt32(count.ExecuteScalar(), CultureInfo.InvariantCulture), StringComparer.Ordinal);

        using var cmd = connection.CreateCommand();
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

    public void SaveBaseline(string commitId, IReadOnlyDictionary<string, TrackedFile> files, Baseline previous, IReadOnlyDictionary<string, string> trees, string scanner)
    {
        using var tx = connection.BeginTransaction();
        var cached = GetMeta("baseline_commit", tx);
        var incremental = cached == previous.CommitId;
        if (!incremental)
        {
            Execute("DELETE FROM files", tx);
        }

        SaveTrees(trees, incremental ? previous.Trees : null, tx);

        using var upsert = connection.CreateCommand();
        upsert.Transaction = tx;
        upsert.CommandText = """
            INSERT INTO files(path, mode, blob, size, st_size, st_mtime, st_ctime, st_inode)
            VALUES ($p, $m, $b, $s, $ss, $mt, $ct, $in)
            ON CONFLICT(path) DO UPDATE SET mode=excluded.mode, blob=excluded.blob, size=excluded.size,
              st_size=excluded.st_size, st_mtime=excluded.st_mtime, st_ctime=excluded.st_ctime, st_inode=excluded.st_inode
            """;
        var p = upsert.Parameters.Add("$p", SqliteType.Text);
        var m = upsert.Parameters.Add("$m", SqliteType.Integer);
        var b = upsert.Parameters.Add("$b", SqliteType.Text);
        var s = upsert.Parameters.Add("$s", SqliteType.Integer);
        var ss = upsert.Parameters.Add("$ss", SqliteType.Integer);
        var mt = upsert.Parameters.Add("$mt", SqliteType.Integer);
        var ct = upsert.Parameters.Add("$ct", SqliteType.Integer);
        var ino = upsert.Parameters.Add("$in", SqliteType.Integer);
        upsert.Prepare();
        foreach (var file in files.Values)
        {
            if (incremental && previous.Files.TryGetValue(file.Path, out var old) && old == file)
            {
                continue;
            }

            p.Value = file.Path;
            m.Value = file.Mode;
            b.Value = file.BlobId;
            s.Value = file.Size;
            ss.Value = file.Stamp is { } st ? st.Size : DBNull.Value;
            mt.Value = file.Stamp is { } st2 ? st2.MtimeNs : DBNull.Value;
            ct.Value = file.Stamp is { } st3 ? st3.CtimeNs : DBNull.Value;
            ino.Value = file.Stamp is { } st4 ? unchecked((long)st4.Inode) : DBNull.Value;
            upsert.ExecuteNonQuery();
        }

        if (incremental)
        {
            using var delete = connection.CreateCommand();
            delete.Transaction = tx;
            delete.CommandText = "DELETE FROM files WHERE path = $p";
            var dp = delete.Parameters.Add("$p", SqliteType.Text);
            foreach (var path in previous.Files.Keys)
            {
                if (!files.ContainsKey(path))
                {
                    dp.Value = path;
                    delete.ExecuteNonQuery();
                }
            }
        }

        SetMeta("baseline_commit", commitId, tx);
        SetMeta("scanner", scanner, tx);
        tx.Commit();
    }

    private void SaveTrees(IReadOnlyDictionary<string, string> trees, IReadOnlyDictionary<string, string>? previous, SqliteTransaction tx)
    {
        if (previous is null)
        {
            Execute("DELETE FROM trees", tx);
            previous = new Dictionary<string, string>();
        }

        using var upsert = connection.CreateCommand();
        upsert.Transaction = tx;
        upsert.CommandText = "INSERT INTO trees(path, id) VALUES ($p, $i) ON CONFLICT(path) DO UPDATE SET id = excluded.id";
        var p = upsert.Parameters.Add("$p", SqliteType.Text);
        var i = upsert.Parameters.Add("$i", SqliteType.Text);
        foreach (var (path, id) in trees)
        {
            if (previous.TryGetValue(path, out var old) && old == id)
            {
                continue;
            }

            p.Value = path;
            i.Value = id;
            upsert.ExecuteNonQuery();
        }

        using var delete = connection.CreateCommand();
        delete.Transaction = tx;
        delete.CommandText = "DELETE FROM trees WHERE path = $p";
        var dp = delete.Parameters.Add("$p", SqliteType.Text);
        foreach (var path in previous.Keys)
        {
            if (!trees.ContainsKey(path))
            {
                dp.Value = path;
                delete.ExecuteNonQuery();
            }
        }
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
