using BrainRepo.Core.Inventory;
using BrainRepo.Core.Snapshots;
using BrainRepo.Storage.Sqlite;
using BrainRepo.Storage.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace BrainRepo.Storage.Tests.State;

public sealed class SqliteStatCacheTests : IDisposable
{
    private const string CommitA = "1111111111111111111111111111111111111111";
    private const string CommitB = "2222222222222222222222222222222222222222";
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private static Dictionary<string, TrackedFile> Files(params TrackedFile[] files) =>
        files.ToDictionary(f => f.Path, StringComparer.Ordinal);

    private static TrackedFile File(string path, char blob, FileStamp? stamp) =>
        new(path, GitFileMode.Regular, new string(blob, 40), 12, stamp);

    private static readonly FileStamp Stamp = new(12, 1_700_000_000_123_456_789, 1_700_000_000_987_654_321, ulong.MaxValue - 3);

    [Fact]
    public void Baseline_RoundTripsFilesStampsTreesAndScanner_AcrossReopen()
    {
        var files = Files(
            File("notes/ä ö.md", 'a', Stamp),
            File("racy.txt", 'b', null),
            new TrackedFile("link", GitFileMode.Symlink, new string('c', 40), 4, Stamp with { Size = 4 }));
        var trees = new Dictionary<string, string>(StringComparer.Ordinal) { [""] = new string('d', 40), ["notes"] = new string('e', 40) };
        using (var store = new SqliteStateStore(temp.File("state.db")))
        {
            Assert.Null(store.LoadBaseline().CommitId);
            store.SaveBaseline(CommitA, files, Baseline.Empty(), trees, "rules-v2");
        }

        using var reopened = new SqliteStateStore(temp.File("state.db"));
        var loaded = reopened.LoadBaseline();
        Assert.Equal(CommitA, loaded.CommitId);
        Assert.Equal("rules-v2", loaded.Scanner);
        Assert.Equal(files.OrderBy(kv => kv.Key, StringComparer.Ordinal), loaded.Files.OrderBy(kv => kv.Key, StringComparer.Ordinal));
        Assert.Equal(trees.OrderBy(kv => kv.Key, StringComparer.Ordinal), loaded.Trees.OrderBy(kv => kv.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void Baseline_NextSnapshotReplacesTheWholeCache_DeletedFilesAreGone()
    {
        using var store = new SqliteStateStore(temp.File("state.db"));
        store.SaveBaseline(CommitA, Files(File("a", 'a', Stamp), File("b", 'b', Stamp)), Baseline.Empty(), new Dictionary<string, string>(), "s");
        var first = store.LoadBaseline();
        store.SaveBaseline(CommitB, Files(File("a", 'f', Stamp)), first, new Dictionary<string, string>(), "s");

        var loaded = store.LoadBaseline();
        Assert.Equal(CommitB, loaded.CommitId);
        Assert.Equal(["a"], loaded.Files.Keys);
        Assert.Equal(new string('f', 40), loaded.Files["a"].BlobId);
    }

    [Fact]
    public void Baseline_DamagedCacheValue_IsNoCache_SoTheEngineRebuildsFromTheRepository()
    {
        using (var store = new SqliteStateStore(temp.File("state.db")))
        {
            store.SaveBaseline(CommitA, Files(File("a", 'a', Stamp)), Baseline.Empty(), new Dictionary<string, string>(), "s");
        }

        using (var connection = new SqliteConnection($"Data Source={temp.File("state.db")};Pooling=False"))
        {
            connection.Open();
            using var flip = connection.CreateCommand();
            flip.CommandText = "UPDATE stat_cache SET data = CAST(substr(data, 1, 20) || x'00' || substr(data, 22) AS BLOB)";
            Assert.Equal(1, flip.ExecuteNonQuery());
        }

        using var reopened = new SqliteStateStore(temp.File("state.db"));
        var loaded = reopened.LoadBaseline();
        Assert.Null(loaded.CommitId);
        Assert.Empty(loaded.Files);
    }

    [Fact]
    public void Baseline_RowsFromBeforeMigration4_AreLoadedAndMovedIntoTheCompactCache()
    {
        using (var store = new SqliteStateStore(temp.File("state.db")))
        {
            // The schema of migration 1 and 3, as an older BrainRepo left it.
            using var connection = new SqliteConnection($"Data Source={temp.File("state.db")};Pooling=False");
            connection.Open();
            using var legacy = connection.CreateCommand();
            legacy.CommandText = $"""
                INSERT INTO meta(key, value) VALUES ('baseline_commit', '{CommitA}'), ('scanner', 's');
                INSERT INTO files(path, mode, blob, size, st_size, st_mtime, st_ctime, st_inode)
                  VALUES ('old.md', {GitFileMode.Regular}, '{new string('a', 40)}', 12, 12, 5, 6, 7);
                INSERT INTO trees(path, id) VALUES ('', '{new string('d', 40)}');
                """;
            legacy.ExecuteNonQuery();
        }

        using var reopened = new SqliteStateStore(temp.File("state.db"));
        var loaded = reopened.LoadBaseline();
        Assert.Equal(CommitA, loaded.CommitId);
        Assert.Equal(new FileStamp(12, 5, 6, 7), loaded.Files["old.md"].Stamp);
        Assert.Equal(new string('d', 40), loaded.Trees[""]);

        reopened.SaveBaseline(CommitA, loaded.Files, loaded, loaded.Trees, "s");
        using var again = new SqliteStateStore(temp.File("state.db"));
        Assert.Equal(loaded.Files["old.md"], again.LoadBaseline().Files["old.md"]);
        using var check = new SqliteConnection($"Data Source={temp.File("state.db")};Pooling=False");
        check.Open();
        using var count = check.CreateCommand();
        count.CommandText = "SELECT (SELECT count(*) FROM files) + (SELECT count(*) FROM trees)";
        Assert.Equal(0L, (long)count.ExecuteScalar()!);
    }
}
