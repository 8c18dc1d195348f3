using System.Text.Json;
using BrainRepo.Core.Tests.Support;

namespace BrainRepo.Cli.Tests.Commands;

/// <summary>
/// Watch paths that do not fit the workspace must not look like success: a watch path that never existed is a
/// configuration error, one that vanished is carried forward (incomplete), and init, verify and report say what
/// the watch paths leave out.
/// </summary>
public sealed class WatchCoverageCliTests
{
    [Fact]
    public async Task Sync_WhenAWatchPathIsATypo_IsAConfigErrorExitTwo_AndCommitsNothing()
    {
        using var ws = new TestWorkspace(configOverride: "watch_paths = [\"memroy\"]");
        ws.Write("memory/a.md", "a");

        var (exit, output, err) = await ws.CliAsync("sync");

        Assert.Equal(2, exit);
        Assert.Contains("BR2001", Flat(err), StringComparison.Ordinal);
        Assert.Contains("'memroy', which does not exist", Flat(err), StringComparison.Ordinal);
        Assert.Contains("did you mean 'memory'?", Flat(err), StringComparison.Ordinal);
        Assert.Contains(ws.Config.ConfigFile, Flat(err), StringComparison.Ordinal);
        Assert.DoesNotContain("stored", Flat(output), StringComparison.Ordinal);
        Assert.Null(ws.Head());

        ws.RewriteConfig("watch_paths = [\"memory\"]");
        Assert.Equal(0, (await ws.CliAsync("sync")).Exit);
        Assert.Equal(["memory/a.md"], ws.SnapshotFiles().Keys.ToArray());
    }

    [Fact]
    public async Task Sync_WhenOneOfSeveralWatchPathsNeverExisted_RefusesTheWholeSync()
    {
        using var ws = new TestWorkspace(configOverride: "watch_paths = [\"memory\", \"skils\"]");
        ws.Write("memory/a.md", "a");
        ws.Write("skills/s.md", "s");

        var (exit, _, err) = await ws.CliAsync("sync");

        Assert.Equal(2, exit);
        Assert.Contains("'skils'", Flat(err), StringComparison.Ordinal);
        Assert.DoesNotContain("'memory'", Flat(err), StringComparison.Ordinal);
        Assert.Null(ws.Head());
    }

    [Fact]
    public async Task Sync_WhenAnEmptyWatchPathThatWasWalkedVanishes_IsIncompleteNotAConfigError()
    {
        using var ws = new TestWorkspace(configOverride: "watch_paths = [\"memory\", \"inbox\"]");
        ws.Write("memory/a.md", "a");
        Directory.CreateDirectory(ws.PathOf("inbox"));
        Assert.Equal(0, (await ws.CliAsync("sync")).Exit);
        Directory.Delete(ws.PathOf("inbox"));

        var (exit, output, _) = await ws.CliAsync("sync");

        Assert.Equal(3, exit);
        Assert.Contains("'inbox' does not exist", Flat(output), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_WithAPresetThatDoesNotFit_ListsMissingAndUnwatchedFolders_AndTheLineToChange()
    {
        using var ws = new TestWorkspace();
        var folder = Path.Combine(ws.Root, "evo");
        foreach (var file in new[] { "memory/m.md", "workspace/w.md", "notes/n1.md", "notes/n2.md", "scripts/s.sh", "top.md", "node_modules/x.js" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(folder, file))!);
            File.WriteAllText(Path.Combine(folder, file), "x");
        }

        var (exit, output, _) = await ws.CliAsync("init", folder, "--preset", "evonexus");

        Assert.Equal(0, exit);
        Assert.Contains("! missing   customizations, config-safe", Flat(output), StringComparison.Ordinal);
        Assert.Contains("4 files of the workspace lie outside every watch path", Flat(output), StringComparison.Ordinal); // node_modules is excluded anyway
        Assert.Contains("notes/, scripts/", Flat(output), StringComparison.Ordinal);
        Assert.DoesNotContain("node_modules", Flat(output), StringComparison.Ordinal);
        Assert.Contains("watch_paths = [\"memory\", \"workspace\"]", Flat(output), StringComparison.Ordinal);
        Assert.Contains("brainrepo.toml", Flat(output), StringComparison.Ordinal);

        var sync = await ws.CliAsync("sync", "-w", folder);
        Assert.Equal(2, sync.Exit); // what init warned about: no silent watch-path-missing forever
        Assert.Contains("'customizations', which does not exist", Flat(sync.Err), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_WhenThePresetFits_SaysNothingAboutCoverage()
    {
        using var ws = new TestWorkspace();
        var folder = Path.Combine(ws.Root, "evo");
        foreach (var dir in new[] { "memory", "workspace", "customizations", "config-safe" })
        {
            Directory.CreateDirectory(Path.Combine(folder, dir));
        }

        var (exit, output, _) = await ws.CliAsync("init", folder, "--preset", "evonexus");

        Assert.Equal(0, exit);
        Assert.DoesNotContain("missing", Flat(output), StringComparison.Ordinal);
        Assert.DoesNotContain("outside", Flat(output), StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAndReport_CountTheFilesOutsideEveryWatchPath()
    {
        using var ws = new TestWorkspace(configOverride: "watch_paths = [\"memory\"]");
        ws.Write("memory/a.md", "a");
        ws.Write("memory/b.md", "b");
        ws.Write("notes/n.md", "n");
        ws.Write("notes/deep/d.md", "d");
        ws.Write("loose.md", "l");
        await ws.CliAsync("sync");

        var verify = await ws.CliAsync("verify");
        var verifyJson = await ws.CliAsync("verify", "--json");
        var report = await ws.CliAsync("report");
        var reportJson = await ws.CliAsync("report", "--json");

        Assert.Equal(0, verify.Exit);
        Assert.Contains("outside watch paths  3", Flat(verify.Out), StringComparison.Ordinal);
        Assert.Contains("3 files of the workspace lie outside every watch path and are not backed up (unwatched folders: notes/)", Flat(verify.Out), StringComparison.Ordinal);
        Assert.DoesNotContain("every file is accounted for", Flat(verify.Out), StringComparison.Ordinal);
        using (var doc = JsonDocument.Parse(verifyJson.Out))
        {
            Assert.Equal(2, doc.RootElement.GetProperty("files_on_disk").GetInt32());
            Assert.Equal(3, doc.RootElement.GetProperty("files_outside_watch_paths").GetInt32());
            Assert.Equal(["notes"], doc.RootElement.GetProperty("unwatched_folders").EnumerateArray().Select(e => e.GetString()!).ToArray());
        }

        Assert.Contains("3 files of the workspace lie outside every watch path", Flat(report.Out), StringComparison.Ordinal);
        using (var doc = JsonDocument.Parse(reportJson.Out))
        {
            Assert.Equal("brainrepo-report/1", doc.RootElement.GetProperty("format").GetString());
            Assert.Equal(3, doc.RootElement.GetProperty("workspace").GetProperty("files_outside_watch_paths").GetInt32());
        }
    }

    [Fact]
    public async Task VerifyAndReport_WhenTheWholeWorkspaceIsWatched_CountNothingOutside()
    {
        using var ws = new TestWorkspace();
        ws.Write("notes/n.md", "n");
        ws.Write("loose.md", "l");
        await ws.CliAsync("sync");

        var verify = await ws.CliAsync("verify", "--json");
        var report = await ws.CliAsync("report", "--json");

        using var v = JsonDocument.Parse(verify.Out);
        using var r = JsonDocument.Parse(report.Out);
        Assert.Equal(0, v.RootElement.GetProperty("files_outside_watch_paths").GetInt32());
        Assert.Equal(0, r.RootElement.GetProperty("workspace").GetProperty("files_outside_watch_paths").GetInt32());
        Assert.Contains("OK: every file in the watch paths is accounted for", Flat((await ws.CliAsync("verify")).Out), StringComparison.Ordinal);
    }

    /// <summary>The text without the line breaks the console inserts when it wraps long lines.</summary>
    private static string Flat(string text) => text.ReplaceLineEndings("");
}
