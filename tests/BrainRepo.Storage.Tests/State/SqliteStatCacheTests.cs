using BrainRepo.Core.Model;
using BrainRepo.Core.Storage;
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
    public void BegunSave_CompletedLater_WritesExactlyWhatAPlainSaveWrites()
    {
        var files = Files(File("notes/ä ö.md", 'a', Stamp), File("racy.txt", 'b', null), File("z/deep/x.json", 'c', Stamp));
        var trees = new Dictionary<string, string>(StringComparer.Ordinal) { [""] = new string('d', 40), ["z"] = new string('e', 40), ["z/deep"] = new string('9', 40) };
        var cache = temp.File(SqliteStateStore.StatCacheFileName);
        byte[] plain;
        using (var store = new SqliteStateStore(temp.File("state.db")))
        {
            store.SaveBaseline(CommitA, files, Baseline.Empty(), trees, "rules");
            plain = System.IO.File.ReadAllBytes(cache);
            System.IO.File.Delete(cache);

            // The previous snapshot had no folders: the draft's room for them is too small and must grow.
            using var save = store.BeginSaveBaseline(files, Baseline.Empty(), "rules");
            save.Complete(CommitA, trees);
        }

        Assert.Equal(plain, System.IO.File.ReadAllBytes(cache));
        using var reopened = new SqliteStateStore(temp.File("state.db"));
        var loaded = reopened.LoadBaseline();
        Assert.Equal(CommitA, loaded.CommitId);
        Assert.Equal(files.OrderBy(kv => kv.Key, StringComparer.Ordinal), loaded.Files.OrderBy(kv => kv.Key, StringComparer.Ordinal));
        Assert.Equal(trees.OrderBy(kv => kv.Key, StringComparer.Ordinal), loaded.Trees.OrderBy(kv => kv.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void BegunSave_DisposedWithoutCompleting_LeavesThePreviousCache()
    {
        using var store = new SqliteStateStore(temp.File("state.db"));
        store.SaveBaseline(CommitA, Files(File("a", 'a', Stamp)), Baseline.Empty(), new Dictionary<string, string>(), "s");
        var before = System.IO.File.ReadAllBytes(temp.File(SqliteStateStore.StatCacheFileName));

        using (store.BeginSaveBaseline(Files(File("a", 'f', Stamp), File("b", 'b', Stamp)), store.LoadBaseline(), "s"))
        {
        }

        Assert.Equal(before, System.IO.File.ReadAllBytes(temp.File(SqliteStateStore.StatCacheFileName)));
        Assert.Equal(CommitA, store.LoadBaseline().CommitId);
    }

    [Fact]
    public void BegunSave_OfAFileWithABadBlobId_FailsWhenCompleted_AndWritesNothing()
    {
        using var store = new SqliteStateStore(temp.File("state.db"));
        store.SaveBaseline(CommitA, Files(File("a", 'a', Stamp)), Baseline.Empty(), new Dictionary<string, string>(), "s");
        var broken = Files(new TrackedFile("a", GitFileMode.Regular, "not-an-object-id", 1, Stamp));

        using var save = store.BeginSaveBaseline(broken, store.LoadBaseline(), "s");

        Assert.Throws<ArgumentException>(() => save.Complete(CommitB, new Dictionary<string, string>()));
        Assert.Equal(CommitA, store.LoadBaseline().CommitId);
    }

    [Fact]
    public void Baseline_ShrinkingCacheOverwrittenInPlace_LoadsOnlyTheNewContent()
    {
        using var store = new SqliteStateStore(temp.File("state.db"));
        var many = Files(Enumerable.Range(0, 500).Select(i => File($"dir/file-{i}.md", 'a', Stamp)).ToArray());
        store.SaveBaseline(CommitA, many, Baseline.Empty(), new Dictionary<string, string>(), "s");
        var bigLength = new FileInfo(temp.File(SqliteStateStore.StatCacheFileName)).Length;

        store.SaveBaseline(CommitB, Files(File("only.md", 'b', Stamp)), store.LoadBaseline(), new Dictionary<string, string>(), "s");

        Assert.True(new FileInfo(temp.File(SqliteStateStore.StatCacheFileName)).Length < bigLength / 100);
        var loaded = store.LoadBaseline();
        Assert.Equal(CommitB, loaded.CommitId);
        Assert.Equal(["only.md"], loaded.Files.Keys);
    }

    [Fact]
    public void Baseline_DamagedCacheValue_IsNoCache_SoTheEngineRebuildsFromTheRepository()
    {
        using (var store = new SqliteStateStore(temp.File("state.db")))
        {
            store.SaveBaseline(CommitA, Files(File("a", 'a', Stamp)), Baseline.Empty(), new Dictionary<string, string>(), "s");
        }

        // One flipped byte in the middle of the cache file.
        var cache = temp.File(SqliteStateStore.StatCacheFileName);
        var bytes = System.IO.File.ReadAllBytes(cache);
        bytes[bytes.Length / 2] ^= 0x01;
        System.IO.File.WriteAllBytes(cache, bytes);

        using var reopened = new SqliteStateStore(temp.File("state.db"));
        var loaded = reopened.LoadBaseline();
        Assert.Null(loaded.CommitId);
        Assert.Empty(loaded.Files);
    }

    [Fact]
    public void Baseline_CacheFileOfAnotherVersionOrTruncated_IsNoCache()
    {
        using (var store = new SqliteStateStore(temp.File("state.db")))
        {
            store.SaveBaseline(CommitA, Files(File("a", 'a', Stamp)), Baseline.Empty(), new Dictionary<string, string>(), "s");
        }

        var cache = temp.File(SqliteStateStore.StatCacheFileName);
        var bytes = System.IO.File.ReadAllBytes(cache);
        System.IO.File.WriteAllBytes(cache, bytes[..^1]);
        using (var reopened = new SqliteStateStore(temp.File("state.db")))
        {
            Assert.Null(reopened.LoadBaseline().CommitId);
        }

        System.IO.File.WriteAllBytes(cache, []);
        using var again = new SqliteStateStore(temp.File("state.db"));
        Assert.Null(again.LoadBaseline().CommitId);
    }

    [Fact]
    public void Baseline_IsWrittenToTheCacheFile_AndAnUnchangedSaveDoesNotRewriteIt()
    {
        var files = Files(File("a", 'a', Stamp));
        var trees = new Dictionary<string, string>(StringComparer.Ordinal) { [""] = new string('d', 40) };
        using var store = new SqliteStateStore(temp.File("state.db"));
        store.SaveBaseline(CommitA, files, Baseline.Empty(), trees, "s");
        var cache = temp.File(SqliteStateStore.StatCacheFileName);
        var written = System.IO.File.GetLastWriteTimeUtc(cache);
        System.IO.File.SetLastWriteTimeUtc(cache, written.AddHours(-1));

        store.SaveBaseline(CommitA, files, store.LoadBaseline(), trees, "s");
        Assert.Equal(written.AddHours(-1), System.IO.File.GetLastWriteTimeUtc(cache));

        store.SaveBaseline(CommitA, files, store.LoadBaseline(), trees, "other-rules");
        Assert.NotEqual(written.AddHours(-1), System.IO.File.GetLastWriteTimeUtc(cache));
        Assert.Equal("other-rules", store.LoadBaseline().Scanner);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(cache)!, "*.tmp"));
    }

    [Fact]
    public void Baseline_ValueOfMigration4InTheDatabase_IsLoadedOnceAndMovedToTheCacheFile()
    {
        var files = Files(File("kept.md", 'a', Stamp));
        var trees = new Dictionary<string, string>(StringComparer.Ordinal) { [""] = new string('d', 40) };
        using (var store = new SqliteStateStore(temp.File("state.db")))
        {
            using var connection = new SqliteConnection($"Data Source={temp.File("state.db")};Pooling=False");
            connection.Open();
            using var insert = connection.CreateCommand();
            insert.CommandText = $"INSERT INTO meta(key, value) VALUES ('baseline_commit', '{CommitA}'), ('scanner', 's'); INSERT INTO stat_cache(id, data) VALUES (1, $d)";
            insert.Parameters.Add("$d", SqliteType.Blob).Value = StatCacheCodec.EncodeLegacy(files, trees);
            insert.ExecuteNonQuery();
        }

        using (var reopened = new SqliteStateStore(temp.File("state.db")))
        {
            var loaded = reopened.LoadBaseline();
            Assert.Equal(CommitA, loaded.CommitId);
            Assert.Equal("s", loaded.Scanner);
            Assert.Equal(files["kept.md"], loaded.Files["kept.md"]);
            reopened.SaveBaseline(CommitA, loaded.Files, loaded, loaded.Trees, "s");
        }

        Assert.True(System.IO.File.Exists(temp.File(SqliteStateStore.StatCacheFileName)));
        using (var check = new SqliteConnection($"Data Source={temp.File("state.db")};Pooling=False"))
        {
            check.Open();
            using var count = check.CreateCommand();
            count.CommandText = "SELECT (SELECT count(*) FROM stat_cache) + (SELECT count(*) FROM meta WHERE key = 'baseline_commit')";
            Assert.Equal(0L, (long)count.ExecuteScalar()!);
        }

        using var again = new SqliteStateStore(temp.File("state.db"));
        Assert.Equal(files["kept.md"], again.LoadBaseline().Files["kept.md"]);
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
