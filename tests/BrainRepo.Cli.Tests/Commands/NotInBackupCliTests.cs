using System.Text.Json;
using BrainRepo.Core.Tests.Support;

namespace BrainRepo.Cli.Tests.Commands;

/// <summary>
/// A file of the user's that is in no version of the snapshot makes it incomplete, unless an explicit rule left it
/// out; and every command says "not in the backup" where that is the truth.
/// </summary>
public sealed class NotInBackupCliTests
{
    // Built at run time so the repository holds nothing that looks like a live token.
    private static readonly string Token = "ghp_" + new string([.. Enumerable.Range(0, 36).Select(i => "aB3xK9zQmP7wR2tY5uI8oL1kJ4hG6fD0sA"[(i * 7) % 34])]);

    [Fact]
    public async Task Sync_NewFileOverMaxFileSize_IsNotInTheBackup_AndTheSnapshotIsIncomplete()
    {
        using var ws = new TestWorkspace(configOverride: "max_file_size = \"1KiB\"");
        ws.Write("notes/ok.md", "fine");
        ws.Write("media/big.bin", new string('x', 4096));

        var (exit, output, _) = await ws.CliAsync("sync");
        var json = await ws.CliAsync("sync", "--json");
        var report = await ws.CliAsync("report");
        var status = await ws.CliAsync("status");

        Assert.Equal(3, exit);
        Assert.Contains("incomplete", Flat(output), StringComparison.Ordinal);
        Assert.Contains("not in backup 1 files", Flat(output), StringComparison.Ordinal);
        Assert.Contains("1 files are larger than max_file_size and are not in the backup", Flat(output), StringComparison.Ordinal);
        Assert.Contains("max_file_size", Flat(output), StringComparison.Ordinal);
        Assert.Equal(["notes/ok.md"], ws.SnapshotFiles().Keys.ToArray());
        Assert.Equal(3, json.Exit);
        using (var doc = JsonDocument.Parse(json.Out))
        {
            Assert.Equal("incomplete", doc.RootElement.GetProperty("status").GetString());
            Assert.Equal(1, doc.RootElement.GetProperty("not_in_backup").GetInt32());
        }

        Assert.Equal(3, report.Exit);
        Assert.Contains("media/big.bin", Flat(report.Out), StringComparison.Ordinal);
        Assert.Contains("(not in the backup)", Flat(report.Out), StringComparison.Ordinal);
        Assert.Equal(3, status.Exit);
        Assert.Contains("1 not in the backup", Flat(status.Out), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_LargeFileExcludedByAnExplicitRule_StaysComplete()
    {
        using var ws = new TestWorkspace(configOverride: "max_file_size = \"1KiB\"\nexclude_paths = [\"media\"]");
        ws.Write("notes/ok.md", "fine");
        ws.Write("media/big.bin", new string('x', 4096));
        ws.Write("notes/.brainignore", "*.iso\n");
        ws.Write("notes/disk.iso", new string('y', 4096));

        var (exit, output, _) = await ws.CliAsync("sync");

        Assert.Equal(0, exit);
        Assert.DoesNotContain("not in backup", Flat(output), StringComparison.Ordinal);
        Assert.Contains("2 excluded", Flat(output), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_FileThatGrowsPastTheCap_IsKeptAtItsPreviousVersion_NotCalledMissing()
    {
        using var ws = new TestWorkspace(configOverride: "max_file_size = \"1KiB\"");
        ws.Write("notes/grows.md", "small");
        await ws.CliAsync("sync");
        ws.Write("notes/grows.md", new string('x', 4096));

        var (exit, output, _) = await ws.CliAsync("sync");

        Assert.Equal(3, exit);
        Assert.Contains("1 files are larger than max_file_size: they are kept at their previous version", Flat(output), StringComparison.Ordinal);
        Assert.DoesNotContain("not in backup", Flat(output), StringComparison.Ordinal);
        Assert.Equal("small", ws.ReadStored("notes/grows.md"));
    }

    [Fact]
    public async Task Sync_NewFileWithASecret_SaysItIsNotInTheBackup_AndAnOlderCleanOneSaysKept()
    {
        using var ws = new TestWorkspace();
        ws.Write("config/app.toml", "name = \"demo\"\n");
        await ws.CliAsync("sync");
        ws.Write("config/app.toml", $"name = \"demo\"\ngithub = \"{Token}\"\n");
        ws.Write("config/new.toml", $"github = \"{Token}\"\n");

        var (exit, output, err) = await ws.CliAsync("sync");

        Assert.Equal(3, exit);
        Assert.Contains("1 files contain secrets: they are kept at their previous version", Flat(output), StringComparison.Ordinal);
        Assert.Contains("1 files contain secrets and are not in the backup", Flat(output), StringComparison.Ordinal);
        Assert.Contains("not in backup 1 files", Flat(output), StringComparison.Ordinal);
        Assert.DoesNotContain("current content", Flat(output), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, Flat(output + err), StringComparison.Ordinal);
    }

    /// <summary>The text without the line breaks the console inserts when it wraps long lines.</summary>
    private static string Flat(string text) => text.ReplaceLineEndings("");
}
