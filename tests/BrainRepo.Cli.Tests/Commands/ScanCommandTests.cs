using BrainRepo.Core.Model;
using System.IO.Compression;
using System.Text;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Tests.Support;

namespace BrainRepo.Cli.Tests.Commands;

/// <summary><c>brainrepo scan</c> decides as a sync does: what it reports is what a sync withholds, and it never prints a secret.</summary>
public sealed class ScanCommandTests
{
    // Built at run time so the repository holds nothing that looks like a live token.
    private static string Token(int seed) => "ghp_" + new string([.. Enumerable.Range(0, 36).Select(i => "aB3xK9zQmP7wR2tY5uI8oL1kJ4hG6fD0sA"[((i * 7) + seed) % 34])]);

    [Fact]
    public async Task Scan_AndSync_AgreeOnAZipWhoseOversizeMemberPrecedesAKey()
    {
        using var ws = new TestWorkspace();
        var token = Token(1);
        using (var zip = ZipFile.Open(ws.PathOf("bundle.zip"), ZipArchiveMode.Create))
        {
            // Declares 300 MiB, past the scanner's 256 MiB limit: skipped unread, and the member after it is still scanned.
            using (var bomb = zip.CreateEntry("bomb.bin", CompressionLevel.Optimal).Open())
            {
                var chunk = new byte[1 << 20];
                for (var i = 0; i < 300; i++)
                {
                    bomb.Write(chunk);
                }
            }

            using var key = new StreamWriter(zip.CreateEntry("conf/app.env").Open());
            key.Write($"GITHUB_TOKEN={token}\n");
        }

        ws.Write("notes/clean.md", "nothing here\n");

        var scan = await ws.CliAsync("scan", "bundle.zip", "notes");
        var sync = await ws.CliAsync("sync");

        Assert.Equal(1, scan.Exit);
        Assert.Contains("bundle.zip!/conf/app.env:1:14: github-token", scan.Out, StringComparison.Ordinal);
        Assert.Contains("TooLarge in bomb.bin", scan.Out, StringComparison.Ordinal);
        Assert.Contains("2 files scanned, 1 secrets found, 1 files a sync would withhold", scan.Err, StringComparison.Ordinal);
        Assert.Equal(3, sync.Exit);
        var entry = Assert.Single(ws.Report().Entries, e => e.Path == "bundle.zip");
        Assert.Equal(Disposition.WithheldSecret, entry.Disposition);
        Assert.Equal("secret:github-token", entry.Rule);
        Assert.DoesNotContain(token, scan.Out + scan.Err + sync.Out + sync.Err, StringComparison.Ordinal);

        // A clean folder: nothing to withhold, exit 0.
        Assert.Equal(0, (await ws.CliAsync("scan", "notes")).Exit);
    }

    [Fact]
    public async Task Scan_FindsTokensInSymlinkTargetsAndNames_AndPrintsThemRedacted()
    {
        using var ws = new TestWorkspace();
        var inLink = Token(2);
        var inName = Token(3);
        var inFolder = Token(4);
        ws.Write("w/readme.md", "plain\n");
        File.CreateSymbolicLink(ws.PathOf("w/remote"), $"https://me:{inLink}@github.com/me/brain.git");
        File.CreateSymbolicLink(ws.PathOf("w/latest"), "readme.md");
        ws.Write($"w/keys/{inName}.txt", "plain\n");
        ws.Write($"w/{inFolder}/notes.md", "plain\n");

        var human = await ws.CliAsync("scan", "w");
        var json = await ws.CliAsync("scan", "w", "--json");

        Assert.Equal(1, human.Exit);
        Assert.Equal(1, json.Exit);
        Assert.Contains("w/remote:1:", human.Out, StringComparison.Ordinal);
        Assert.Contains("w/keys/[REDACTED:github-token].txt: name contains github-token", human.Out, StringComparison.Ordinal);
        Assert.Contains("w/[REDACTED:github-token]/notes.md: name contains github-token", human.Out, StringComparison.Ordinal);
        Assert.Contains("5 files scanned, 3 secrets found, 3 files a sync would withhold", human.Err, StringComparison.Ordinal);
        Assert.Contains("\"name\":true", json.Out, StringComparison.Ordinal);
        var everything = human.Out + human.Err + json.Out + json.Err;
        foreach (var token in new[] { inLink, inName, inFolder })
        {
            Assert.DoesNotContain(token, everything, StringComparison.Ordinal);
        }

        // The links are not followed: a link to a folder is one entry, its target text.
        Directory.CreateSymbolicLink(ws.PathOf("w/loop"), "..");
        Assert.Contains("6 files scanned", (await ws.CliAsync("scan", "w")).Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_WithAFileTheScannerCannotFinish_ExitsOneAndSaysWhy()
    {
        using var ws = new TestWorkspace();
        File.WriteAllBytes(ws.PathOf("broken.gz"), [0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 0xFF, 0xDE, 0xAD, 0xBE, 0xEF]);
        File.WriteAllText(ws.PathOf("fine.txt"), "fine\n", Encoding.UTF8);

        var scan = await ws.CliAsync("scan", "broken.gz", "fine.txt");

        Assert.Equal(1, scan.Exit);
        Assert.Contains("broken.gz: archive not fully scanned (Corrupt", scan.Out, StringComparison.Ordinal);
        Assert.Contains("2 files scanned, 0 secrets found, 1 files a sync would withhold", scan.Err, StringComparison.Ordinal);
    }
}
