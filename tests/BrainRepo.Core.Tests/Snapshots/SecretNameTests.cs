using BrainRepo.Core.Model;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Tests.Support;
using static BrainRepo.Core.Tests.Secrets.FakeSecrets;

namespace BrainRepo.Core.Tests.Snapshots;

/// <summary>
/// A secret outside file content: in a symlink's target, in a file or folder name. It is found with the same rules,
/// withheld, and appears nowhere: not in any object of the backup repository, not in the report, not in any output.
/// </summary>
public sealed class SecretNameTests
{
    /// <summary>Every object of the backup repository, contents included (what a push would send).</summary>
    private static string AllObjects(TestWorkspace ws)
    {
        var (exit, output, error) = ws.Git("cat-file", "--batch-all-objects", "--batch");
        Assert.True(exit == 0, error);
        return output;
    }

    private static async Task<string> AllOutputAsync(TestWorkspace ws, params string[][] commands)
    {
        var all = new System.Text.StringBuilder();
        foreach (var command in commands)
        {
            var (_, output, error) = await ws.CliAsync(command);
            all.Append(output).Append(error);
        }

        return all.ToString();
    }

    [Fact]
    public async Task Sync_SymlinkWhoseTargetHoldsAToken_IsWithheldAndTheTokenIsInNoObjectAndNoOutput()
    {
        using var ws = new TestWorkspace();
        var token = GitHub(seed: 21);
        ws.Write("notes/readme.md", "see the remote\n");
        File.CreateSymbolicLink(ws.PathOf("remote"), $"https://me:{token}@github.com/me/brain.git");
        File.CreateSymbolicLink(ws.PathOf("latest"), "notes/readme.md");

        var sync = await ws.CliAsync("sync", "--json");

        Assert.Equal(3, sync.Exit);
        var files = ws.SnapshotFiles();
        Assert.DoesNotContain("remote", files.Keys);
        Assert.Equal(GitFileMode.Symlink, files["latest"].Mode); // a clean link is stored as before
        var entry = Assert.Single(ws.Report().Entries, e => e.Path == "remote");
        Assert.Equal(Disposition.WithheldSecret, entry.Disposition);
        Assert.StartsWith("secret:", entry.Rule, StringComparison.Ordinal);
        Assert.NotNull(entry.Fingerprints);
        Assert.DoesNotContain(token, AllObjects(ws), StringComparison.Ordinal);
        var output = sync.Out + sync.Err + await AllOutputAsync(ws, ["report", "--json"], ["report"], ["secrets", "--json"], ["secrets"], ["verify"]);
        Assert.DoesNotContain(token, output, StringComparison.Ordinal);

        // The same text in a file is withheld the same way.
        ws.Write("remote.txt", $"https://me:{token}@github.com/me/brain.git\n");
        await ws.CliAsync("sync");
        Assert.Equal(entry.Rule, Assert.Single(ws.Report().Entries, e => e.Path == "remote.txt").Rule);
    }

    [Fact]
    public async Task Sync_FileAndFolderNamedWithATokens_AreWithheldUnderRedactedPaths()
    {
        using var ws = new TestWorkspace();
        var inFile = GitHub(seed: 22);
        var inFolder = GitHub(seed: 23);
        ws.Write("notes/plain.md", "plain\n");
        ws.Write($"keys/{inFile}.txt", "nothing secret inside\n");
        ws.Write($"{inFolder}/a.md", "a\n");
        ws.Write($"{inFolder}/sub/b.md", "b\n");

        var sync = await ws.CliAsync("sync", "--json");

        Assert.Equal(3, sync.Exit);
        Assert.Equal(["notes/plain.md"], ws.SnapshotFiles().Keys.Order(StringComparer.Ordinal).ToArray());
        var report = ws.Report();
        var file = Assert.Single(report.Entries, e => e.Path == "keys/[REDACTED:github-token].txt");
        Assert.Equal(Disposition.WithheldSecret, file.Disposition);
        Assert.Equal("secret:github-token", file.Rule);
        Assert.Contains("its name contains github-token", file.Detail, StringComparison.Ordinal);
        Assert.NotNull(file.PathFingerprint);
        Assert.Contains(report.Entries, e => e.Path == "[REDACTED:github-token]/sub/b.md" && e.Disposition == Disposition.WithheldSecret);
        var everything = AllObjects(ws) + sync.Out + sync.Err
            + await AllOutputAsync(ws, ["report", "--json"], ["report"], ["secrets", "--json"], ["secrets"], ["snapshots"], ["ls", "HEAD"]);
        Assert.DoesNotContain(inFile, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(inFolder, everything, StringComparison.Ordinal);

        // verify matches the redacted entries to the files on disk: every file is accounted for.
        var verify = await ws.CliAsync("verify");
        Assert.Equal(0, verify.Exit);
        Assert.DoesNotContain(inFile, verify.Out + verify.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_FileRenamedToATokenName_LeavesTheSnapshotAndTheTokenIsInNoObject()
    {
        using var ws = new TestWorkspace();
        var token = GitHub(seed: 24);
        ws.Write("notes/today.md", "today\n");
        await ws.CliAsync("sync");
        File.Move(ws.PathOf("notes/today.md"), ws.PathOf($"notes/{token}.md"));

        await ws.CliAsync("sync");

        Assert.Empty(ws.SnapshotFiles());
        Assert.Contains(ws.Report().Entries, e => e.Path == "notes/[REDACTED:github-token].md" && e.CarriedBlob is null);
        Assert.DoesNotContain(token, AllObjects(ws), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_TokenNameAllowedByItsFingerprint_IsStored()
    {
        using var ws = new TestWorkspace();
        var token = GitHub(seed: 25);
        ws.Write($"fixtures/{token}.txt", "a test fixture named after a revoked token\n");
        await ws.CliAsync("sync");
        var fingerprint = Assert.Single(ws.Report().Entries).Fingerprints!;

        Assert.Equal(0, (await ws.CliAsync("secrets", "allow", fingerprint)).Exit);
        await ws.CliAsync("sync");

        Assert.Contains($"fixtures/{token}.txt", ws.SnapshotFiles().Keys);
    }

    [Fact]
    public async Task Sync_ExcludedFolderNamedWithAToken_IsListedRedactedAndVerifyStillAccountsForIt()
    {
        using var ws = new TestWorkspace();
        var token = GitHub(seed: 26);
        ws.Write(".brainignore", "*.cache/\n");
        ws.Write($"{token}.cache/blob.bin", "x\n");
        ws.Write("notes/a.md", "a\n");

        var sync = await ws.CliAsync("sync", "--json");

        var entry = Assert.Single(ws.Report().Entries, e => e.IsDirectory && e.Disposition == Disposition.Excluded);
        Assert.Equal("[REDACTED:github-token].cache", entry.Path);
        Assert.NotNull(entry.PathFingerprint);
        var verify = await ws.CliAsync("verify");
        Assert.Equal(0, verify.Exit);
        Assert.DoesNotContain(token, AllObjects(ws) + sync.Out + sync.Err + verify.Out + verify.Err, StringComparison.Ordinal);
    }
}
