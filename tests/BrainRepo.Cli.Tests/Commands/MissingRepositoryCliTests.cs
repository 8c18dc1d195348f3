using BrainRepo.Cli.Tests.Support;
using BrainRepo.Core.Tests.Support;
using BrainRepo.Git.Tests.Infrastructure;

namespace BrainRepo.Cli.Tests.Commands;

/// <summary>
/// A backup repository that is not there (an unmounted disk, a moved folder) must never be replaced by a new,
/// empty one behind the user's back: a sync stops with BR1002 and the read-only commands create nothing.
/// </summary>
public sealed class MissingRepositoryCliTests
{
    [Fact]
    public async Task Sync_WhenTheRepositoryVanished_StopsWithBR1002_AndCreatesNothing()
    {
        using var ws = new TestWorkspace();
        ws.Write("notes/a.md", "a");
        Assert.Equal(0, (await ws.CliAsync("sync")).Exit);
        var head = ws.Head()!;
        var unmounted = ws.Config.RepositoryPath + "-unmounted";
        Directory.Move(ws.Config.RepositoryPath, unmounted);

        var (exit, output, err) = await ws.CliAsync("sync");

        Assert.Equal(1, exit);
        Assert.Contains("BR1002", Flat(err), StringComparison.Ordinal);
        Assert.Contains("is missing", Flat(err), StringComparison.Ordinal);
        Assert.Contains(head[..12], Flat(err), StringComparison.Ordinal); // the workspace's state says a history existed
        Assert.Contains("--recreate-repository", Flat(err), StringComparison.Ordinal);
        Assert.DoesNotContain("added", Flat(output), StringComparison.Ordinal);
        Assert.False(Directory.Exists(ws.Config.RepositoryPath));

        // Mounted again: the same history continues.
        Directory.Move(unmounted, ws.Config.RepositoryPath);
        ws.Write("notes/b.md", "b");
        Assert.Equal(0, (await ws.CliAsync("sync")).Exit);
        Assert.Equal(head, ws.Git("rev-parse", "HEAD~1").Out.Trim());
    }

    [Fact]
    public async Task Sync_WhenTheRepositoryVanished_NamesTheRemoteThatHoldsThePushedSnapshots()
    {
        using var ws = new TestWorkspace();
        var cli = new CliRunner(ws);
        var remote = TestGit.InitBare(Path.Combine(ws.Root, "remote.git"));
        ws.Write("notes/a.md", "a");
        Assert.Equal(0, (await cli.RunAsync("remote", "set", remote)).Exit);
        Assert.Equal(0, (await cli.RunAsync("sync")).Exit);
        var pushed = TestGit.RevParse(remote, "refs/heads/main");
        Directory.Move(ws.Config.RepositoryPath, ws.Config.RepositoryPath + "-unmounted");

        var (exit, _, err) = await cli.RunAsync("sync");

        Assert.Equal(1, exit);
        Assert.Contains($"The remote {remote} holds the snapshots pushed up to {pushed[..12]}", Flat(err), StringComparison.Ordinal);
        Assert.False(Directory.Exists(ws.Config.RepositoryPath));
        Assert.Equal(pushed, TestGit.RevParse(remote, "refs/heads/main")); // nothing was pushed either
    }

    [Fact]
    public async Task Sync_WhenTheRepositoryIsAnEmptyMountPoint_WritesNothingIntoIt()
    {
        using var ws = new TestWorkspace();
        ws.Write("notes/a.md", "a");
        var mountPoint = Path.Combine(ws.Root, "mnt", "backup");
        Directory.CreateDirectory(mountPoint);
        ws.RewriteConfig($"repository = \"{mountPoint}\"");

        var (exit, _, err) = await ws.CliAsync("sync");

        Assert.Equal(1, exit);
        Assert.Contains("BR1002", Flat(err), StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(mountPoint));
    }

    [Fact]
    public async Task Sync_WithRecreateRepository_StartsANewHistory_OnlyWhenTold()
    {
        using var ws = new TestWorkspace();
        ws.Write("notes/a.md", "a");
        await ws.CliAsync("sync");
        Directory.Delete(ws.Config.RepositoryPath, recursive: true);
        Assert.Equal(1, (await ws.CliAsync("sync")).Exit);
        Assert.False(Directory.Exists(ws.Config.RepositoryPath));

        var (exit, output, _) = await ws.CliAsync("sync", "--recreate-repository");

        Assert.Equal(0, exit);
        Assert.Contains("1 added", Flat(output), StringComparison.Ordinal);
        Assert.Equal("1", ws.Git("rev-list", "--count", "HEAD").Out.Trim());
        Assert.Equal(0, (await ws.CliAsync("sync", "--recreate-repository")).Exit); // harmless when it exists
        Assert.Equal("1", ws.Git("rev-list", "--count", "HEAD").Out.Trim());
    }

    [Theory]
    [InlineData("log")]
    [InlineData("status")]
    [InlineData("verify")]
    [InlineData("report")]
    [InlineData("ls")]
    [InlineData("snapshots")]
    [InlineData("restore", "HEAD", "--dry-run")]
    public async Task ReadOnlyCommand_WhenTheRepositoryIsMissing_FailsWithBR1002_AndCreatesNothing(params string[] args)
    {
        using var ws = new TestWorkspace();
        ws.Write("notes/a.md", "a");
        await ws.CliAsync("sync");
        Directory.Move(ws.Config.RepositoryPath, ws.Config.RepositoryPath + "-unmounted");

        var (exit, _, err) = await ws.CliAsync(args);

        Assert.Equal(1, exit);
        Assert.Contains("BR1002", Flat(err), StringComparison.Ordinal);
        Assert.False(Directory.Exists(ws.Config.RepositoryPath));
    }

    /// <summary>The text without the line breaks the console inserts when it wraps long lines.</summary>
    private static string Flat(string text) => text.ReplaceLineEndings("");
}
