using BrainRepo.Core.Model;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Tests.Support;

namespace BrainRepo.Core.Tests.Git;

public sealed class BackupRepositoryTests
{
    [Fact]
    public void Snapshots_PassGitFsckStrict_AndMatchGitsOwnHashes()
    {
        using var ws = new TestWorkspace();
        ws.Write("a.md", "hello\n");
        ws.Write("dir/b.json", "{\"x\": 1}\n");
        ws.Write("dir.md", "sorts between dir and dir/ in git order");
        ws.Write("dir-x/c.py", "print(1)\n");
        ws.Write("empty.txt", "");
        ws.Sync();
        ws.Write("a.md", "changed\n");
        ws.Sync();

        var fsck = ws.Git("fsck", "--strict", "--no-dangling");
        Assert.True(fsck.Exit == 0, fsck.Err);
        var show = ws.Git("show", "HEAD:a.md");
        Assert.Equal("changed\n", show.Out);
        var hash = ws.Git("hash-object", ws.PathOf("dir/b.json"));
        Assert.Equal(ws.SnapshotFiles()["dir/b.json"].BlobId, hash.Out.Trim());
        var log = ws.Git("rev-list", "--count", "HEAD");
        Assert.Equal("2", log.Out.Trim());
    }

    [Fact]
    public void Report_TravelsWithTheSnapshot_AndIsReadableFromAClone()
    {
        using var ws = new TestWorkspace(configOverride: "max_file_size = \"10B\"");
        ws.Write("big.md", "more than ten bytes");
        ws.Write("node_modules/x.js", "x");
        ws.Write("a.md", "a");
        ws.Sync();
        var clone = Path.Combine(ws.Root, "clone");

        var (exit, _, err) = ws.Git("clone", "--quiet", ws.Config.RepositoryPath, clone);
        Assert.True(exit == 0, err);

        var json = File.ReadAllBytes(Path.Combine(clone, ".brainrepo", "report.json"));
        var report = SnapshotReportJson.Parse(json);
        Assert.Contains(report.Entries, e => e.Path == "big.md" && e.Disposition == Disposition.TooLarge);
        Assert.Contains(report.Entries, e => e.Path == "node_modules" && e.Disposition == Disposition.Excluded);
        Assert.Equal(1, report.StoredFiles);
        Assert.Equal(json, SnapshotReportJson.Serialize(report));
    }

    [Fact]
    public async Task ConcurrentSyncs_BothSucceed_AndTheRepositoryStaysValid()
    {
        using var ws = new TestWorkspace();
        for (var i = 0; i < 200; i++)
        {
            ws.Write($"n/{i}.md", new string('x', 5000 + i));
        }

        var runs = await Task.WhenAll(ws.CliAsync("sync"), ws.CliAsync("sync"));

        Assert.All(runs, r => Assert.Equal(0, r.Exit));
        Assert.Equal(0, ws.Git("fsck", "--strict", "--no-dangling").Exit);
        Assert.Equal(200, ws.SnapshotFiles().Count);
    }
}
