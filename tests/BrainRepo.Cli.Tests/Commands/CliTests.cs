using BrainRepo.Core.Tests.Support;

namespace BrainRepo.Cli.Tests.Commands;

public sealed class CliTests
{
    [Fact]
    public async Task Version_PrintsTheBuildsVersion_AndChangesNothing()
    {
        using var ws = new TestWorkspace();
        static string[] Listing(string folder) => [.. Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories)
            .Select(p => p + " " + (File.Exists(p) ? new FileInfo(p).Length : -1)).Order(StringComparer.Ordinal)];
        var before = Listing(ws.Root);

        var (exit, output, _) = await ws.CliAsync("--version");

        Assert.Equal(0, exit);
        Assert.Matches(@"^0\.6\.0(\+[0-9a-f]{7,40})?\s*$", output);
        Assert.Equal(before, Listing(ws.Root));
    }

    [Fact]
    public async Task Sync_CompleteWorkspace_ExitsZeroAndPrintsSummary()
    {
        using var ws = new TestWorkspace();
        ws.Write("notes/a.md", "a");

        var (exit, output, _) = await ws.CliAsync("sync");

        Assert.Equal(0, exit);
        Assert.Contains("complete", output, StringComparison.Ordinal);
        Assert.Contains("1 files", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_IncompleteSnapshot_ExitsThree()
    {
        using var ws = new TestWorkspace(configOverride: "watch_paths = [\"memory\"]");
        ws.Write("memory/a.md", "a");
        await ws.CliAsync("sync");
        Directory.Move(ws.PathOf("memory"), Path.Combine(ws.Root, "memory-unmounted"));

        var (exit, output, _) = await ws.CliAsync("sync");

        Assert.Equal(3, exit);
        Assert.Contains("'memory' does not exist", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_Json_PrintsMachineReadableResult()
    {
        using var ws = new TestWorkspace();
        ws.Write("a.md", "a");
        ws.Write("node_modules/x.js", "x");

        var (exit, output, _) = await ws.CliAsync("sync", "--json");

        Assert.Equal(0, exit);
        using var doc = System.Text.Json.JsonDocument.Parse(output);
        Assert.Equal("complete", doc.RootElement.GetProperty("status").GetString());
        Assert.Equal(1, doc.RootElement.GetProperty("stored").GetInt32());
        Assert.Equal(1, doc.RootElement.GetProperty("not_stored").GetProperty("excluded").GetInt32());
    }

    [Fact]
    public async Task Sync_UnknownOption_IsAUsageErrorExitTwo()
    {
        using var ws = new TestWorkspace();
        var (exit, _, _) = await ws.CliAsync("sync", "--no-such-option");
        Assert.Equal(2, exit);
    }

    [Fact]
    public async Task Sync_CorruptConfig_ExitsTwoNamingFileAndKey_AndChangesNothing()
    {
        using var ws = new TestWorkspace();
        ws.Write("a.md", "a");
        File.AppendAllText(ws.Config.ConfigFile, "max_file_sise = \"1MiB\"\n");

        var (exit, _, err) = await ws.CliAsync("sync");

        Assert.Equal(2, exit);
        Assert.Contains(ws.Config.ConfigFile, err, StringComparison.Ordinal);
        Assert.Contains("max_file_sise", err, StringComparison.Ordinal);
        Assert.Null(ws.Head());
    }

    [Fact]
    public async Task Sync_UnregisteredFolder_ExitsTwoWithTheFix()
    {
        using var ws = new TestWorkspace();
        var other = Path.Combine(ws.Root, "other");
        Directory.CreateDirectory(other);

        var (exit, _, err) = await ws.CliAsync("sync", "-w", other);

        Assert.Equal(2, exit);
        Assert.Contains("brainrepo init", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_MissingWorkspaceFolder_ExitsOneAndChangesNothing()
    {
        using var ws = new TestWorkspace();
        ws.Write("a.md", "a");
        await ws.CliAsync("sync");
        var head = ws.Head();
        Directory.Move(ws.Workspace, ws.Workspace + "-gone");

        var (exit, _, err) = await ws.CliAsync("sync", "-w", ws.Workspace, "--init");

        Assert.Equal(1, exit);
        Assert.Contains("missing", err, StringComparison.Ordinal);
        Assert.Equal(head, ws.Head());
    }

    [Fact]
    public async Task Verify_AfterSync_IsOk_AndFindsAChangedOrNewFile()
    {
        using var ws = new TestWorkspace();
        ws.Write("a.md", "a");
        ws.Write("node_modules/x.js", "x");
        ws.Write(".token_cache", "t");
        await ws.CliAsync("sync");

        var clean = await ws.CliAsync("verify");
        Assert.Equal(0, clean.Exit);
        Assert.Contains("OK", clean.Out, StringComparison.Ordinal);

        ws.Write("a.md", "edited");
        ws.Write("new.md", "new");
        var dirty = await ws.CliAsync("verify", "--json");

        Assert.NotEqual(0, dirty.Exit);
        using var doc = System.Text.Json.JsonDocument.Parse(dirty.Out);
        var paths = doc.RootElement.GetProperty("unaccounted").EnumerateArray().Select(e => e.GetProperty("path").GetString()!).ToList();
        Assert.Equal(["a.md", "new.md"], paths.Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task Report_ListsEveryPathNotStoredWithItsRule()
    {
        using var ws = new TestWorkspace();
        ws.Write("a.md", "a");
        ws.Write("x/node_modules/m.js", "m");
        ws.Write(".credentials.json", "c");
        await ws.CliAsync("sync");

        var (exit, output, _) = await ws.CliAsync("report");

        Assert.Equal(0, exit);
        Assert.Contains("x/node_modules/", output, StringComparison.Ordinal);
        Assert.Contains("exclude_names:node_modules", output, StringComparison.Ordinal);
        Assert.Contains("credential_cache_patterns:.credentials*", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusLogAndLs_ShowTheSnapshots()
    {
        using var ws = new TestWorkspace();
        var none = await ws.CliAsync("status");
        Assert.Equal(1, none.Exit);
        ws.Write("a.md", "a");
        ws.Write("d/b.md", "b");
        await ws.CliAsync("sync");
        ws.Write("a.md", "a2");
        await ws.CliAsync("sync");

        var status = await ws.CliAsync("status");
        var log = await ws.CliAsync("log", "--json");
        var ls = await ws.CliAsync("ls", "HEAD~1", "d");

        Assert.Equal(0, status.Exit);
        Assert.Contains("complete", status.Out, StringComparison.Ordinal);
        using var doc = System.Text.Json.JsonDocument.Parse(log.Out);
        Assert.Equal(2, doc.RootElement.GetArrayLength());
        Assert.Contains("d/b.md", ls.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("a.md", ls.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ls_UnknownSnapshot_IsAClearError()
    {
        using var ws = new TestWorkspace();
        ws.Write("a.md", "a");
        await ws.CliAsync("sync");

        var (exit, _, err) = await ws.CliAsync("ls", "nosuchsnapshot");

        Assert.Equal(1, exit);
        Assert.Contains("brainrepo log", err, StringComparison.Ordinal);
    }
}
