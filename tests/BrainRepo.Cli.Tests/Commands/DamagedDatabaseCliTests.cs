using BrainRepo.Core.Tests.Support;

namespace BrainRepo.Cli.Tests.Commands;

/// <summary>A damaged database reaches the user as a BR1022 error naming the file and the fix, never as a bare SQLite error.</summary>
public sealed class DamagedDatabaseCliTests
{
    [Fact]
    public async Task Status_WhenStateDatabaseIsNotADatabase_SaysWhichFileAndWhatToDo_AndLeavesItAlone()
    {
        using var ws = new TestWorkspace();
        ws.Write("a.md", "a");
        Assert.Equal(0, (await ws.CliAsync("sync")).Exit);
        // Each command is a process of its own, whose pooled connections end with it; here they end now.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var before = Damage(ws.Config.StateDatabase);

        var (exit, output, err) = await ws.CliAsync("status");

        Assert.Equal(1, exit);
        Assert.Contains($"error BR1022: The state database '{ws.Config.StateDatabase}' is damaged", Flat(err), StringComparison.Ordinal);
        Assert.Contains("Fix: with no BrainRepo command running, move it aside", Flat(err), StringComparison.Ordinal);
        Assert.DoesNotContain("SQLite Error 26", output + err, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(ws.Config.StateDatabase));
    }

    [Fact]
    public async Task Sync_WhenCoordinationDatabaseIsNotADatabase_SaysWhichFileAndWhatToDo_AndCommitsNothing()
    {
        using var ws = new TestWorkspace();
        ws.Write("a.md", "a");
        var coordination = Path.Combine(ws.Home, "coordination.db");
        Directory.CreateDirectory(ws.Home);
        var before = Damage(coordination);

        var (exit, _, err) = await ws.CliAsync("sync");

        Assert.Equal(1, exit);
        Assert.Contains($"error BR1022: The coordination database '{coordination}' is damaged", Flat(err), StringComparison.Ordinal);
        Assert.Null(ws.Head());
        Assert.Equal(before, File.ReadAllBytes(coordination));
    }

    /// <summary>Replaces the database and its log with bytes that are no SQLite database; returns them.</summary>
    private static byte[] Damage(string file)
    {
        File.Delete(file + "-wal");
        File.Delete(file + "-shm");
        var garbage = new byte[4096];
        new Random(26).NextBytes(garbage);
        File.WriteAllBytes(file, garbage);
        return garbage;
    }

    /// <summary>The error as one line: the console wraps long messages.</summary>
    private static string Flat(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));
}
