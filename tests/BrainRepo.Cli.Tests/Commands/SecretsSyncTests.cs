using BrainRepo.Core.Model;
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
        // Every object in the backup repository, reachable from a commit or not (a blob written and then dropped
        // would not show in the history, but would still be in a pack that a push or a copy of the folder carries).
        var objects = ws.Git("cat-file", "--batch-all-objects", "--batch").Out;
        Assert.Contains("name = \"demo\"", objects, StringComparison.Ordinal); // the dump holds file contents
        Assert.DoesNotContain(Token, objects, StringComparison.Ordinal);
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

    [Fact]
    public async Task SecretsAllow_ResolvesAFalsePositiveExplicitly_AndTheNextSyncStoresTheFile()
    {
        using var ws = new TestWorkspace();
        ws.Write("notes/fixture.md", $"test fixture token: {Token}\n");
        await ws.CliAsync("sync");
        Assert.DoesNotContain("notes/fixture.md", ws.SnapshotFiles().Keys);

        var listed = await ws.CliAsync("secrets", "--json");
        Assert.Equal(3, listed.Exit);
        using var doc = System.Text.Json.JsonDocument.Parse(listed.Out);
        var finding = Assert.Single(doc.RootElement.EnumerateArray());
        Assert.Equal("notes/fixture.md", finding.GetProperty("path").GetString());
        var fingerprint = finding.GetProperty("fingerprints")[0].GetString()!;
        Assert.DoesNotContain(Token, listed.Out, StringComparison.Ordinal);

        var bad = await ws.CliAsync("secrets", "allow", "not-a-fingerprint");
        Assert.Equal(2, bad.Exit);
        var allow = await ws.CliAsync("secrets", "allow", fingerprint, "-m", "test fixture");
        Assert.Equal(0, allow.Exit);
        var sync = await ws.CliAsync("sync");

        Assert.Equal(0, sync.Exit);
        Assert.Contains("notes/fixture.md", ws.SnapshotFiles().Keys);
        Assert.Equal(0, (await ws.CliAsync("secrets")).Exit);
    }

    [Fact]
    public async Task Sync_WithRedactPolicy_StoresTheFileWithTheSecretReplaced()
    {
        using var ws = new TestWorkspace(configOverride: "secrets = \"redact\"");
        ws.Write("deploy.env", $"NAME=demo\nGITHUB_TOKEN={Token}\nREGION=eu\n");

        var (exit, _, _) = await ws.CliAsync("sync");

        Assert.Equal(0, exit);
        var stored = ws.ReadStored("deploy.env");
        Assert.DoesNotContain(Token, stored, StringComparison.Ordinal);
        Assert.Contains("NAME=demo", stored, StringComparison.Ordinal);
        Assert.Contains("REGION=eu", stored, StringComparison.Ordinal);
        Assert.Contains(ws.Report().Entries, e => e.Path == "deploy.env" && e.Disposition == Disposition.RedactedSecret && e.Line == 2);
        Assert.Equal(0, (await ws.CliAsync("verify")).Exit);
    }

    [Fact]
    public async Task Config_UnknownSecretDisposition_IsAConfigError()
    {
        using var ws = new TestWorkspace();
        File.AppendAllText(ws.Config.ConfigFile, "");
        var text = File.ReadAllText(ws.Config.ConfigFile).Replace("secrets = \"withhold\"", "secrets = \"delete\"", StringComparison.Ordinal);
        File.WriteAllText(ws.Config.ConfigFile, text);

        var (exit, _, err) = await ws.CliAsync("sync");

        Assert.Equal(2, exit);
        Assert.Contains("'secrets'", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_AfterTheAllowListChanges_RescansUnchangedFiles()
    {
        using var ws = new TestWorkspace();
        ws.Write("notes/fixture.md", $"fixture: {Token}\n");
        ws.Write("notes/plain.md", "plain\n");
        await ws.CliAsync("sync");
        using (var doc = System.Text.Json.JsonDocument.Parse((await ws.CliAsync("secrets", "--json")).Out))
        {
            await ws.CliAsync("secrets", "allow", doc.RootElement[0].GetProperty("fingerprints")[0].GetString()!);
        }

        await ws.CliAsync("sync");
        Assert.Equal(0, (await ws.CliAsync("secrets")).Exit);
        File.WriteAllText(Path.Combine(ws.Config.StateDirectory, "secrets-allow.txt"), "");

        var (exit, _, _) = await ws.CliAsync("sync", "--json");

        Assert.Equal(3, exit);
        Assert.Contains(ws.Report().Entries, e => e.Path == "notes/fixture.md" && e.Disposition == Disposition.WithheldSecret && e.CarriedBlob is null);
        // The stored version is not clean under the new allow list either: it leaves the snapshot.
        Assert.DoesNotContain("notes/fixture.md", ws.SnapshotFiles().Keys);
        Assert.Contains("notes/plain.md", ws.SnapshotFiles().Keys);
    }
}
