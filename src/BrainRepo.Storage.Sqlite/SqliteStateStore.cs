using BrainRepo.Core.Model;
using System.Globalization;
using BrainRepo.Core.Inventory;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Storage;
using BrainRepo.Core.Workspaces;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BrainRepo.Storage.Sqlite;

/// <summary>
/// The embedded state store: one SQLite file per workspace (WAL, so readers never block the sync).
/// Holds the history of runs; the stat cache of the last snapshot is a file next to it. Pending migrations are
/// applied on open (<see cref="SqliteMigrator"/>). A damaged file or a full disk is reported as an error that
/// names the file and what to do (<see cref="SqliteFailure"/>).
/// </summary>
public sealed class SqliteStateStore : IStateStore
{
    /// <summary>The stat cache's file, next to the database.</summary>
    public const string StatCacheFileName = "stat-cache.bin";

    private readonly SqliteDatabase database;
    private readonly SqliteConnection connection;
    private readonly string statCacheFile;
    private bool databaseHoldsOldCache;

    /// <summary>Opens the workspace's state database, creating it or bringing its schema up to date.</summary>
    /// <param name="databaseFile">The database file (<c>state.db</c>).</param>
    /// <param name="logger">Receives the migrations applied, if any.</param>
    public SqliteStateStore(string databaseFile, ILogger? logger = null)
    {
        database = new SqliteDatabase(databaseFile, SqliteSchema.State);
        connection = database.OpenAndMigrate(logger ?? NullLogger.Instance, CancellationToken.None);
        statCacheFile = Path.Combine(Path.GetDirectoryName(database.File)!, StatCacheFileName);
    }

    /// <summary>The store's connection; tests only.</summary>
    internal SqliteConnection Connection => connection;

    /// <summary>
    /// The stat cache of the last snapshot. It lives in its own file, not in the database: rewriting a
    /// 2 MB value in SQLite on every sync cost tens of milliseconds (WAL pages, then a checkpoint with two
    /// fsyncs every other sync). The file is self-contained (commit, scanner, files, trees, checksum) and
    /// overwritten in place, without an fsync: it is a cache, so a file lost, left stale or torn by a crash
    /// (or read while another process writes it) names an older commit, or fails its checksum, and the engine
    /// then rebuilds it from the repository. A database from before this change still holds the cache itself; it is read once.
    /// </summary>
    public Baseline LoadBaseline()
    {
        byte[]? data = null;
        try
        {
            data = File.ReadAllBytes(statCacheFile);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
        }

        if (data is not null)
        {
            // A damaged file is no cache: the engine then rebuilds the baseline from the repository.
            return StatCacheCodec.TryDecode(data, out var commitId, out var scanner, out var files, out var trees)
                ? new Baseline(commitId, files) { Trees = trees, Scanner = scanner }
                : Baseline.Empty();
        }

        return database.Guard(LoadFromDatabase);
    }

    public void SaveBaseline(string commitId, IReadOnlyDictionary<string, TrackedFile> files, Baseline previous, IReadOnlyDictionary<string, string> trees, string scanner) =>
        SaveBaseline(commitId, files, previous, trees, scanner, () => StatCacheCodec.Encode(commitId, scanner, files, trees));

    /// <summary>
    /// Encodes every file on a background thread right away; completing adds the commit id and the folders and
    /// writes the file. Encoding 20,000 files takes about 10 ms, which then overlaps the building of the trees.
    /// </summary>
    public IBaselineSave BeginSaveBaseline(IReadOnlyDictionary<string, TrackedFile> files, Baseline previous, string scanner) =>
        new SqliteBaselineSave(this, files, previous, scanner);

    /// <summary>How the stat cache is opened for writing: created 0600 (it lists every path of the workspace).</summary>
    private static readonly FileStreamOptions StatCacheWrite = OperatingSystem.IsWindows()
        ? new() { Mode = FileMode.OpenOrCreate, Access = FileAccess.Write, Share = FileShare.ReadWrite | FileShare.Delete, BufferSize = 1 }
        : new() { Mode = FileMode.OpenOrCreate, Access = FileAccess.Write, Share = FileShare.ReadWrite | FileShare.Delete, BufferSize = 1, UnixCreateMode = PrivateFolder.FileMode };

    internal void SaveBaseline(string commitId, IReadOnlyDictionary<string, TrackedFile> files, Baseline previous, IReadOnlyDictionary<string, string> trees, string scanner, Func<ReadOnlyMemory<byte>> encode)
    {
        if (previous.CommitId == commitId && previous.Scanner == scanner && !databaseHoldsOldCache
            && Same(files, previous.Files) && Same(trees, previous.Trees) && File.Exists(statCacheFile))
        {
            return; // a no-change sync: the cache on disk is already exactly this
        }

        var data = encode().Span;
        // Overwritten in place: writing over the old file's cached pages costs a copy, where a new file plus a
        // rename over the old one cost fresh pages and freeing the old ones (5-15 ms for a 20,000-file cache).
        // A crash or a second writer can leave it torn; its checksum then fails and the next sync rebuilds it.
        using (var stream = new FileStream(statCacheFile, StatCacheWrite))
        {
            stream.Write(data);
            if (stream.Length != data.Length)
            {
                stream.SetLength(data.Length);
            }
        }

        if (databaseHoldsOldCache)
        {
            // The cache as earlier versions stored it (migration 4's value, or one row per file before it).
            database.Guard(() =>
            {
                using var tx = connection.BeginTransaction();
                Execute("DELETE FROM stat_cache", tx);
                Execute("DELETE FROM files", tx);
                Execute("DELETE FROM trees", tx);
                Execute("DELETE FROM meta WHERE key IN ('baseline_commit', 'scanner')", tx);
                tx.Commit();
            });
            databaseHoldsOldCache = false;
        }
    }

    /// <summary>The cache as versions before the cache file stored it in the database, if any.</summary>
    private Baseline LoadFromDatabase()
    {
        var commit = GetMeta("baseline_commit");
        if (commit is null)
        {
            return Baseline.Empty();
        }

        databaseHoldsOldCache = true;

        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT data FROM stat_cache WHERE id = 1";
            if (cmd.ExecuteScalar() is byte[] data)
            {
                return StatCacheCodec.TryDecodeLegacy(data, out var files, out var trees)
                    ? new Baseline(commit, files) { Trees = trees, Scanner = GetMeta("scanner") }
                    : Baseline.Empty();
            }
        }

        return LoadLegacyRows(commit);
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

    public void RecordRun(SyncRunRecord run) => database.Guard(() =>
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
    });

    public IReadOnlyList<SyncRunRecord> RecentRuns(int count) => database.Guard<IReadOnlyList<SyncRunRecord>>(() =>
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
    });

    public void Dispose() => connection.Dispose();

    private string? GetMeta(string key, SqliteTransaction? tx = null)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT value FROM meta WHERE key = $k";
        cmd.Parameters.AddWithValue("$k", key);
        return cmd.ExecuteScalar() as string;
    }

    private void Execute(string sql, SqliteTransaction? tx = null)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
