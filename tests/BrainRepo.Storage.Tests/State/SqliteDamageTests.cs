using BrainRepo.Core.Errors;
using BrainRepo.Core.Storage;
using BrainRepo.Storage.Sqlite;
using BrainRepo.Storage.Sqlite.Coordination;
using BrainRepo.Storage.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace BrainRepo.Storage.Tests.State;

/// <summary>
/// A damaged database or a full disk is reported by the stores as a BrainRepo error that names the file, what it holds
/// and what to do, instead of a bare "SQLite Error 26: 'file is not a database'"; and the damaged file is left as it is.
/// </summary>
public sealed class SqliteDamageTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private static SyncRunRecord Run(int n, string? error = null) => new(
        new DateTimeOffset(2026, 11, 26, 12, 0, n % 60, TimeSpan.Zero), TimeSpan.FromMilliseconds(n), "complete", new string('a', 40), n, 0, 1, 0, 10L * n, error);

    [Fact]
    public void StateStore_OnAFileThatIsNotADatabase_NamesTheFileAndTheFix_AndLeavesItUnchanged()
    {
        var file = WriteGarbage("state.db");
        var before = File.ReadAllBytes(file);

        var error = Assert.Throws<BrainRepoException>(() => new SqliteStateStore(file));

        Assert.Equal(ErrorCodes.DatabaseCorrupt, error.Code);
        AssertNamesStateDatabaseAndFix(error.Message, file);
        Assert.Contains("file is not a database", error.Message, StringComparison.Ordinal);
        Assert.IsType<SqliteException>(error.InnerException);
        AssertUnchanged(file, before);
    }

    [Fact]
    public void PushStateStore_OnAFileThatIsNotADatabase_NamesTheFileAndTheFix_AndLeavesItUnchanged()
    {
        var file = WriteGarbage("state.db");
        var before = File.ReadAllBytes(file);

        var error = Assert.Throws<BrainRepoException>(() => new SqlitePushStateStore(file));

        Assert.Equal(ErrorCodes.DatabaseCorrupt, error.Code);
        AssertNamesStateDatabaseAndFix(error.Message, file);
        AssertUnchanged(file, before);
    }

    [Fact]
    public async Task CoordinationStore_OnAFileThatIsNotADatabase_NamesTheFileAndTheFix_AndLeavesItUnchanged()
    {
        var file = WriteGarbage("coordination.db");
        var before = File.ReadAllBytes(file);

        var error = await Assert.ThrowsAsync<BrainRepoException>(() => SqliteCoordinationStore.OpenAsync(file, null, CancellationToken.None));

        Assert.Equal(ErrorCodes.DatabaseCorrupt, error.Code);
        Assert.Contains($"coordination database '{file}' is damaged", error.Message, StringComparison.Ordinal);
        Assert.Contains("sync requests and leases", error.Message, StringComparison.Ordinal);
        Assert.Contains("Fix: stop every BrainRepo command and worker on this host, then move it aside together with its -wal and -shm files", error.Message, StringComparison.Ordinal);
        AssertUnchanged(file, before);
    }

    [Fact]
    public void StateStore_WithADamagedTable_ReportsTheDamageWhenItReadsIt_AndLeavesTheFileUnchanged()
    {
        var file = temp.File("state.db");
        using (var store = new SqliteStateStore(file))
        {
            for (var i = 0; i < 50; i++)
            {
                store.RecordRun(Run(i, new string('e', 200)));
            }
        }

        // Close every connection, fold the log into the file, and overwrite the root page of the runs table.
        new SqliteDatabase(file, SqliteSchema.State).ClearPool();
        long rootPage;
        long pageSize;
        using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            command.ExecuteNonQuery();
            command.CommandText = "SELECT rootpage FROM sqlite_master WHERE name = 'runs'";
            rootPage = (long)command.ExecuteScalar()!;
            command.CommandText = "PRAGMA page_size";
            pageSize = (long)command.ExecuteScalar()!;
        }

        var garbage = new byte[pageSize];
        new Random(7).NextBytes(garbage);
        using (var stream = new FileStream(file, FileMode.Open, FileAccess.Write))
        {
            stream.Position = (rootPage - 1) * pageSize;
            stream.Write(garbage);
        }

        var before = File.ReadAllBytes(file);
        using var reopened = new SqliteStateStore(file);
        var error = Assert.Throws<BrainRepoException>(() => reopened.RecentRuns(10));

        Assert.Equal(ErrorCodes.DatabaseCorrupt, error.Code);
        AssertNamesStateDatabaseAndFix(error.Message, file);
        Assert.Contains("SQLite error 11", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(file));
    }

    [Fact]
    public void StateStore_WhenTheDiskIsFull_ThrowsDiskFullNamingTheFile_AndKeepsWhatItHad()
    {
        var file = temp.File("state.db");
        using var store = new SqliteStateStore(file);
        store.RecordRun(Run(1));

        // The database may not grow by a page more: SQLite then fails exactly as on a full disk (SQLITE_FULL).
        LimitGrowth(store, limited: true);
        try
        {
            var error = Assert.Throws<BrainRepoException>(() => store.RecordRun(Run(2, new string('x', 40_000))));

            Assert.Equal(ErrorCodes.DiskFull, error.Code);
            Assert.Contains($"The disk holding the state database '{file}' is full (SQLite error 13: database or disk is full)", error.Message, StringComparison.Ordinal);
            Assert.Contains("Fix: free space on that disk, then run the command again.", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            LimitGrowth(store, limited: false);
        }

        Assert.Equal([Run(1)], store.RecentRuns(10));
        store.RecordRun(Run(3, new string('x', 40_000)));
        Assert.Equal(2, store.RecentRuns(10).Count);
    }

    /// <summary>Caps the store's connection at the pages the database has now (or lifts the cap).</summary>
    private static void LimitGrowth(SqliteStateStore store, bool limited)
    {
        using var command = store.Connection.CreateCommand();
        command.CommandText = "PRAGMA page_count";
        var pages = limited ? (long)command.ExecuteScalar()! : 4_294_967_294L;
        command.CommandText = $"PRAGMA max_page_count = {pages}";
        command.ExecuteNonQuery();
    }

    private string WriteGarbage(string name)
    {
        var file = temp.File(name);
        var bytes = new byte[8192];
        new Random(26).NextBytes(bytes);
        File.WriteAllBytes(file, bytes);
        return file;
    }

    private static void AssertNamesStateDatabaseAndFix(string message, string file)
    {
        Assert.Contains($"The state database '{file}' is damaged", message, StringComparison.Ordinal);
        Assert.Contains("run history", message, StringComparison.Ordinal);
        Assert.Contains("push state", message, StringComparison.Ordinal);
        Assert.Contains("Fix: with no BrainRepo command running, move it aside together with its -wal and -shm files", message, StringComparison.Ordinal);
        Assert.Contains("at worst the sync reads every file once to rebuild its stat cache", message, StringComparison.Ordinal);
        Assert.Contains("'brainrepo remote set <url>'", message, StringComparison.Ordinal);
    }

    /// <summary>The file has the same bytes and nothing was created beside it.</summary>
    private void AssertUnchanged(string file, byte[] before)
    {
        Assert.Equal(before, File.ReadAllBytes(file));
        Assert.Equal([Path.GetFileName(file)], Directory.GetFiles(temp.Path).Select(Path.GetFileName));
    }
}
