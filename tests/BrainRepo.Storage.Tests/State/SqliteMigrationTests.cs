using BrainRepo.Core.Model;
using BrainRepo.Core.Coordination;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Inventory;
using BrainRepo.Core.Remote;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Storage;
using BrainRepo.Storage.Sqlite;
using BrainRepo.Storage.Sqlite.Coordination;
using BrainRepo.Storage.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace BrainRepo.Storage.Tests.State;

/// <summary>
/// Both SQLite databases migrate through one mechanism (numbered files, <c>schema_version</c>). Databases written by
/// earlier versions (Fixtures/, see its README) are opened by today's stores and keep every row.
/// </summary>
public sealed class SqliteMigrationTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void StateDatabase_FromBeforeSchemaVersion_MigratesInPlace_KeepingEveryRow()
    {
        var file = CopyFixture("state.db");

        using (var state = new SqliteStateStore(file))
        {
            Assert.Equal(
                [
                    new SyncRunRecord(At.AddHours(2), TimeSpan.FromMilliseconds(7), "failed", null, 0, 0, 0, 0, 0, "the disk is full"),
                    new SyncRunRecord(At.AddHours(1), TimeSpan.FromMilliseconds(56), "incomplete", new string('b', 40), 11, 3, 1, 1, 512, null),
                    new SyncRunRecord(At, TimeSpan.FromMilliseconds(1234), "complete", new string('a', 40), 10, 2, 10, 0, 4096, null),
                ],
                state.RecentRuns(10));

            // The stat cache as versions before stat-cache.bin kept it, still read once.
            var baseline = state.LoadBaseline();
            Assert.Equal(new string('a', 40), baseline.CommitId);
            Assert.Equal("scanner-v1", baseline.Scanner);
            Assert.Equal(4, baseline.Files.Count);
            Assert.Equal(new TrackedFile("notes/a.md", 33188, new string('1', 40), 5, new FileStamp(5, 1764158400000000000, 1764158400000000001, 1001)), baseline.Files["notes/a.md"]);
            Assert.Null(baseline.Files["run.sh"].Stamp);
            Assert.Equal(unchecked((ulong)-2L), baseline.Files["link"].Stamp!.Value.Inode);
            Assert.Equal(new Dictionary<string, string> { [""] = new string('5', 40), ["notes"] = new string('6', 40) }, baseline.Trees);
        }

        using (var push = new SqlitePushStateStore(file))
        {
            Assert.Equal(new RemoteConfig("https://example.invalid/brain.git", RemoteKind.Https, "brainrepo-remote", At), push.GetRemote());
            Assert.Equal(
                new PushState
                {
                    LastSnapshotCommit = new string('b', 40),
                    LastSnapshotAt = At.AddHours(1),
                    LastVerifiedCommit = new string('a', 40),
                    LastVerifiedPushAt = At.AddMinutes(5),
                    PendingSnapshots = 1,
                    LastError = "remote unavailable",
                    LastErrorAt = At.AddHours(1).AddMinutes(1),
                    ConsecutiveFailures = 2,
                    NextRetryAt = At.AddHours(1).AddMinutes(3),
                },
                push.LoadPushState());
        }

        Assert.Equal(Enumerable.Range(1, SqliteSchema.State.Latest), AppliedVersions(file, "state"));
        Assert.Equal(0L, Scalar(file, "PRAGMA user_version"));
    }

    [Fact]
    public void StateDatabase_FromBeforeSchemaVersion_TakesNewRowsAfterTheMigration()
    {
        var file = CopyFixture("state.db");
        var run = new SyncRunRecord(At.AddDays(1), TimeSpan.FromSeconds(1), "complete", new string('c', 40), 12, 3, 1, 0, 64, null);

        using (var state = new SqliteStateStore(file))
        {
            state.RecordRun(run);
        }

        using var reopened = new SqliteStateStore(file);
        var runs = reopened.RecentRuns(10);
        Assert.Equal(4, runs.Count);
        Assert.Equal(run, runs[0]);
    }

    [Fact]
    public async Task CoordinationDatabase_WrittenByTheEarlierMigrator_OpensWithItsRowsIntact()
    {
        var file = CopyFixture("coordination.db");

        var store = await SqliteCoordinationStore.OpenAsync(file, null, CancellationToken.None);

        var served = await store.GetStateAsync("served", CancellationToken.None);
        Assert.NotNull(served);
        Assert.Equal((1L, 1L, 1L, 1L, null, false, "succeeded"), (served.Requested, served.Started, served.Served, served.FencingToken, served.Owner, served.CancelRequested, served.LastOutcome));

        var leased = await store.GetStateAsync("leased", CancellationToken.None);
        Assert.NotNull(leased);
        Assert.Equal((1L, 1L, 0L, 1L, "fixture-host|4242|1000|fixture", true), (leased.Requested, leased.Started, leased.Served, leased.FencingToken, leased.Owner, leased.CancelRequested));
        Assert.False(leased.IsLeased); // its lease ran out long ago

        var pending = await store.GetStateAsync("pending", CancellationToken.None);
        Assert.NotNull(pending);
        Assert.Equal((2L, 0L, 0L, 0L, null), (pending.Requested, pending.Started, pending.Served, pending.FencingToken, pending.Owner));

        // Both waiting workspaces are still due, the older request first.
        var due = await store.ListDueAsync("another-host", 10, CancellationToken.None);
        Assert.Equal(["leased", "pending"], due.Select(d => d.Workspace));
        Assert.Equal(Enumerable.Range(1, SqliteSchema.Coordination.Latest), AppliedVersions(file, "coordination"));
    }

    [Fact]
    public void StateDatabase_CreatedFresh_HasExactlyTheSchemaOfAMigratedOne()
    {
        var migrated = CopyFixture("state.db");
        var fresh = temp.File("fresh-state.db");
        new SqliteStateStore(migrated).Dispose();
        new SqliteStateStore(fresh).Dispose();

        var schema = Schema(fresh);
        Assert.Contains(schema, line => line.Contains("table|runs|", StringComparison.Ordinal));
        Assert.Contains("version state 4 0004_stat_cache_value", schema);
        Assert.Equal(schema, Schema(migrated));
    }

    [Fact]
    public async Task CoordinationDatabase_CreatedFresh_HasExactlyTheSchemaOfAnEarlierOne()
    {
        var earlier = CopyFixture("coordination.db");
        var fresh = temp.File("fresh-coordination.db");
        await SqliteCoordinationStore.OpenAsync(earlier, null, CancellationToken.None);
        await SqliteCoordinationStore.OpenAsync(fresh, null, CancellationToken.None);

        var schema = Schema(fresh);
        Assert.Contains(schema, line => line.Contains("table|coord_workspace|", StringComparison.Ordinal));
        Assert.Equal(schema, Schema(earlier));
    }

    [Fact]
    public void StateDatabase_OpenedByManyAtOnce_IsMigratedOnce_AndKeepsItsRows()
    {
        var file = CopyFixture("state.db");
        var logger = new ListLogger<SqliteMigrationTests>();

        // Separate connections take SQLite's file locks as separate processes do.
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            using var state = new SqliteStateStore(file, logger);
            Assert.Equal(3, state.RecentRuns(10).Count);
        });

        Assert.Equal(Enumerable.Range(1, SqliteSchema.State.Latest), AppliedVersions(file, "state"));
        Assert.Single(logger.Lines, line => line.Contains(" 5102 ", StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Lines, line => line.Contains(" 5100 ", StringComparison.Ordinal));
    }

    [Fact]
    public void StateDatabase_Fresh_LogsEachAppliedMigrationOnce()
    {
        var file = temp.File("state.db");
        var first = new ListLogger<SqliteMigrationTests>();
        var second = new ListLogger<SqliteMigrationTests>();

        new SqliteStateStore(file, first).Dispose();
        new SqliteStateStore(file, second).Dispose();

        var applied = first.Lines.Where(line => line.Contains(" 5100 ", StringComparison.Ordinal)).ToList();
        Assert.Equal(SqliteSchema.State.Migrations.Select(m => m.Name), applied.Select(line => SqliteSchema.State.Migrations.Single(m => line.Contains(m.Name, StringComparison.Ordinal)).Name));
        Assert.All(applied, line => Assert.Contains(file, line, StringComparison.Ordinal));
        Assert.DoesNotContain(second.Lines, line => line.Contains(" 5100 ", StringComparison.Ordinal));
    }

    [Fact]
    public void Migration_ThatFails_IsRolledBack_AndTheDatabaseKeepsItsRows()
    {
        var file = CopyFixture("state.db");
        var broken = new SqliteSchema(
            "state",
            "state database",
            "test rows",
            "Fix: none.",
            adoptsUserVersion: true,
            () => [.. SqliteSchema.State.Migrations, new SchemaMigration(SqliteSchema.State.Latest + 1, "9999_broken", "CREATE TABLE half_done (x); CREATE TABLE runs (y);")]);

        var database = new SqliteDatabase(file, broken);
        var error = Assert.Throws<SqliteException>(() => database.OpenAndMigrate(new ListLogger<SqliteMigrationTests>(), CancellationToken.None));

        Assert.Contains("runs already exists", error.Message, StringComparison.Ordinal);
        Assert.Equal(0L, Scalar(file, "SELECT count(*) FROM sqlite_master WHERE name = 'half_done'"));
        Assert.Equal(Enumerable.Range(1, SqliteSchema.State.Latest), AppliedVersions(file, "state"));
        using var state = new SqliteStateStore(file);
        Assert.Equal(3, state.RecentRuns(10).Count);
    }

    [Fact]
    public void StateDatabase_FromANewerBrainRepo_IsRefused_AndLeftUnchanged()
    {
        var file = temp.File("state.db");
        new SqliteStateStore(file).Dispose();
        Execute(file, "INSERT INTO schema_version VALUES ('state', 99, '0099_future', 0); PRAGMA wal_checkpoint(TRUNCATE);");
        var before = File.ReadAllBytes(file);

        var error = Assert.Throws<BrainRepoException>(() => new SqliteStateStore(file));

        Assert.Equal(ErrorCodes.DatabaseTooNew, error.Code);
        Assert.Contains(file, error.Message, StringComparison.Ordinal);
        Assert.Contains("schema version 99", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(file));
    }

    [Fact]
    public void Migrations_OfEveryDatabase_AreNumberedFromOneWithoutGaps()
    {
        foreach (var schema in new[] { SqliteSchema.State, SqliteSchema.Coordination })
        {
            Assert.Equal(Enumerable.Range(1, schema.Migrations.Count), schema.Migrations.Select(m => m.Version));
            Assert.All(schema.Migrations, m => Assert.StartsWith(m.Version.ToString("D4", System.Globalization.CultureInfo.InvariantCulture) + "_", m.Name, StringComparison.Ordinal));
        }

        Assert.Equal(4, SqliteSchema.State.Latest); // the four migrations of the inline array before it, in the same order
    }

    private string CopyFixture(string name)
    {
        var target = temp.File(name);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", name), target);
        return target;
    }

    /// <summary>Every object of the schema with its SQL, the applied versions (without their times) and user_version.</summary>
    private static List<string> Schema(string file)
    {
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT type || '|' || name || '|' || tbl_name || '|' || coalesce(sql, '') FROM sqlite_master
            UNION ALL SELECT 'version ' || component || ' ' || version || ' ' || name FROM schema_version
            UNION ALL SELECT 'user_version ' || user_version FROM pragma_user_version
            UNION ALL SELECT 'journal_mode ' || journal_mode FROM pragma_journal_mode
            ORDER BY 1
            """;
        using var reader = command.ExecuteReader();
        var lines = new List<string>();
        while (reader.Read())
        {
            lines.Add(reader.GetString(0));
        }

        return lines;
    }

    private static IEnumerable<int> AppliedVersions(string file, string component)
    {
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM schema_version WHERE component = $c ORDER BY version";
        command.Parameters.AddWithValue("$c", component);
        using var reader = command.ExecuteReader();
        var versions = new List<int>();
        while (reader.Read())
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
    }

    private static object? Scalar(string file, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(string file, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
