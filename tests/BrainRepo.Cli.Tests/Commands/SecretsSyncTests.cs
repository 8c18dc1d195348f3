using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Tests.Support;

namespace BrainRepo.Cli.Tests.Commands;

public sealed class SecretsSyncTests
{
    // Built at run time so the repository holds nothing that looks like a live token.
    private static readonly string Token = "ghp_" + new string([.. Enumerable.Range(0, 36).Select(i => "aB3xK9zQmP7wR2tY5uI8oL1kJ4hG6fD0sA"[(i * 7) % 34])]);

    [Fact]
    public async Task Sync_FileGainsASecret_IsWithheldAndItsLastCleanVersionKept()
    {
        using var ws = new TestWorkspace();
        ws.Write("config/app.toml", "name = \"demo\"\n");
        ws.Write("notes/types.py", "def login(password: str = None):\n    token = os.environ.get(\"API_TOKEN\")\n");
        Assert.Equal(0, (await ws.CliAsync("sync")).Exit);
        ws.Write("config/app.toml", $"name = \"demo\"\ngithub = \"{Token}\"\n");

        var (exit, output, err) = await ws.CliAsync("sync", "--json");

        Assert.Equal(3, exit);
        Assert.Equal("name = \"demo\"\n", ws.ReadStored("config/app.toml"));
        Assert.Contains("notes/types.py", ws.SnapshotFiles().Keys); // a false positive is not lost
        var entry = Assert.Single(ws.Report().Entries, e => e.Path == "config/app.toml");
        Assert.Equal(Disposition.WithheldSecret, entry.Disposition);
        Assert.Equal(2, entry.Line);
        Assert.Contains("github", entry.Rule, StringComparison.Ordinal);
        var report = await ws.CliAsync("report", "--json");
        Assert.DoesNotContain(Token, report.Out + output + err, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, ws.Git("log", "-p", "--all").Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_ExitsOneOnASecretAndZeroOnCleanFiles_WithoutPrintingTheSecret()
    {
        using var ws = new TestWorkspace();
        ws.Write("clean/readme.md", "Set your password in the settings page. Contact me@example.com.\n");
        ws.Write("dirty/deploy.sh", $"export GH={Token}\n");

        var clean = await ws.CliAsync("scan", "clean");
        var dirty = await ws.CliAsync("scan", "dirty", "--json");

        Assert.Equal(0, clean.Exit);
        Assert.Equal(1, dirty.Exit);
        using var doc = System.Text.Json.JsonDocument.Parse(dirty.Out.Trim().Split('\n')[0]);
        Assert.Equal("dirty/deploy.sh", doc.RootElement.GetProperty("path").GetString());
        Assert.Equal(1, doc.RootElement.GetProperty("line").GetInt32());
        Assert.DoesNotContain(Token, dirty.Out + dirty.Err, StringComparison.Ordinal);
    }
}
