using System.Text.Json;
using BrainRepo.Cli.Tests.Support;
using BrainRepo.Core.Tests.Support;

namespace BrainRepo.Cli.Tests.Commands;

/// <summary>What sync, verify, report, forget and status print matches what happened.</summary>
public sealed class OutputTruthCliTests
{
    private static readonly string Token = "ghp_" + new string([.. Enumerable.Range(0, 36).Select(i => "aB3xK9zQmP7wR2tY5uI8oL1kJ4hG6fD0sA"[(i * 5) % 34])]);

    [Fact]
    public async Task SyncSummary_CountsSealedFilesAsStored_NotAsNotStored()
    {
        using var ws = new TestWorkspace(configOverride: "secrets = \"seal\"");
        var cli = new CliRunner(ws);
        ws.Write("config/deploy.env", $"GITHUB_TOKEN={Token}\n");
        ws.Write("notes/plain.md", "plain\n");

        var text = await cli.RunAsync("sync");
        ws.Write("notes/plain.md", "plain, changed\n");
        var json = await cli.RunAsync("sync", "--json");

        Assert.Equal(0, text.Exit);
        Assert.Contains("sealed       1 files stored encrypted", text.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("sealed-secret", text.Out, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(json.Out);
        Assert.Equal(1, doc.RootElement.GetProperty("sealed").GetInt32());
        Assert.False(doc.RootElement.GetProperty("not_stored").TryGetProperty("sealed-secret", out _));
    }

    [Fact]
    public async Task Verify_AfterOrdinaryEdits_SaysChangedSinceTheSnapshot_NotFailed_AndStillExitsOne()
    {
        using var ws = new TestWorkspace();
        ws.Write("a.md", "a");
        await ws.CliAsync("sync");
        ws.Write("a.md", "edited");
        ws.Write("new.md", "new");

        var (exit, output, _) = await ws.CliAsync("verify");

        Assert.Equal(1, exit);
        Assert.Contains("changed since the snapshot  a.md", output, StringComparison.Ordinal);
        Assert.Contains("changed since the snapshot  new.md", output, StringComparison.Ordinal);
        Assert.DoesNotContain("FAILED", output, StringComparison.Ordinal);
        Assert.DoesNotContain("UNACCOUNTED", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_GroupsALargeDispositionByFolder_AndAllListsEveryPath()
    {
        using var ws = new TestWorkspace();
        ws.Write("notes/a.md", "a");
        for (var i = 1; i <= 15; i++)
        {
            ws.Write($"cache/.token_cache{i}", "t");
        }

        ws.Write("x/node_modules/m.js", "m");
        await ws.CliAsync("sync");

        var summary = await ws.CliAsync("report");
        var all = await ws.CliAsync("report", "--all");

        Assert.Equal(0, summary.Exit);
        Assert.Contains("credential-cache     15 entries in 1 folder(s):", summary.Out, StringComparison.Ordinal);
        Assert.Contains("15  cache/", summary.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("cache/.token_cache7", summary.Out, StringComparison.Ordinal);
        Assert.Contains("x/node_modules/", summary.Out, StringComparison.Ordinal);
        Assert.Contains("report --all", summary.Out, StringComparison.Ordinal);
        Assert.Contains("cache/.token_cache7", all.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forget_KeepsTheNewestTaggedSnapshot_SayingSo_WhenItIsNotTheNewest()
    {
        using var ws = new TestWorkspace();
        var cli = new CliRunner(ws);
        ws.Write("a.md", "1");
        await cli.RunAsync("sync");
        await cli.RunAsync("tag", "--daily");
        ws.Write("a.md", "2");
        await cli.RunAsync("sync");

        var (exit, output, _) = await cli.RunAsync("forget", "--keep-daily", "0", "--keep-weekly", "0", "--dry-run");

        Assert.Equal(0, exit);
        Assert.Contains("newest tagged snapshot", output, StringComparison.Ordinal);
        Assert.DoesNotContain("points at the newest snapshot,", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_AfterAFailedSync_IsNotQueued_AndExitsOne()
    {
        using var ws = new TestWorkspace(configOverride: "secrets = \"seal\"");
        var cli = new CliRunner(ws);
        ws.Write("a.md", "a");
        Assert.Equal(0, (await cli.RunAsync("sync")).Exit);
        cli.Environment["BRAINREPO_SEAL_KEY"] = "not a key";

        var failed = await cli.RunAsync("sync");
        var status = await cli.RunAsync("status");

        Assert.NotEqual(0, failed.Exit);
        Assert.Equal(1, status.Exit);
        Assert.DoesNotContain("Activity    queued", status.Out, StringComparison.Ordinal);
        Assert.Contains("the last run failed", status.Out, StringComparison.Ordinal);

        cli.Environment.Remove("BRAINREPO_SEAL_KEY");
        Assert.Equal(0, (await cli.RunAsync("sync")).Exit);
        var healthy = await cli.RunAsync("status");
        Assert.Equal(0, healthy.Exit);
        Assert.Contains("Activity    idle", healthy.Out, StringComparison.Ordinal);
    }
}
