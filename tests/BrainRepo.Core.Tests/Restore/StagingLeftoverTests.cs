using BrainRepo.Core.Model;
using BrainRepo.Core.Coordination;
using BrainRepo.Core.Restore;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Tests.Snapshots;
using BrainRepo.Core.Tests.Support;

namespace BrainRepo.Core.Tests.Restore;

/// <summary>
/// A killed restore leaves staging files (and staging folders) spread through the target. Their names carry the
/// restore's process, so the next restore into those folders, and every sync, remove the ones whose process is dead;
/// they never touch a live restore's staging files or a user's file.
/// </summary>
public sealed class StagingLeftoverTests
{
    [Fact]
    public void StagingNames_CarryTheirOwnerProcess()
    {
        Assert.True(RestoreStaging.TryParse(RestoreStaging.Name("0a1b2c3d", 0x2f, folder: false), out var owner, out var isFolder));
        Assert.Equal(TempFileOwner.Current, owner);
        Assert.False(isFolder);
        Assert.True(RestoreStaging.TryParse(RestoreStaging.Name("0a1b2c3d", 1, folder: true), out _, out isFolder));
        Assert.True(isFolder);
        Assert.False(RestoreStaging.TryParse(".brainrepo-restore-notes.md", out _, out _));
        Assert.False(RestoreStaging.TryParse(".brainrepo-restore-1a2b-4.tmp", out _, out _)); // not an exact staging name
    }

    [Fact]
    public void Restore_AfterAKilledRestore_RemovesItsStagingLeftovers_AndNothingElse()
    {
        using var ws = new TestWorkspace();
        ws.Write("notes/a.md", "alpha");
        ws.Write("notes/sub/b.md", "beta");
        ws.Sync();
        var leftovers = new Leftovers(ws, DiskFullTests.DeadOwner());
        ws.Write("notes/a.md", "changed"); // something to restore

        var result = RestoreTestKit.Restore(ws, ws.Workspace);

        Assert.Equal(1, result.Written);
        Assert.Equal("alpha", File.ReadAllText(ws.PathOf("notes/a.md")));
        leftovers.AssertOnlyAbandonedOnesRemoved();
    }

    [Fact]
    public void Sync_RemovesTheStagingLeftoversOfADeadRestore_StoresNone_AndReportsThem()
    {
        using var ws = new TestWorkspace();
        ws.Write("notes/a.md", "alpha");
        ws.Write("notes/sub/b.md", "beta");
        var leftovers = new Leftovers(ws, DiskFullTests.DeadOwner());

        var result = ws.Sync();

        Assert.Equal(SnapshotStatus.Complete, result.Status);
        leftovers.AssertOnlyAbandonedOnesRemoved();
        var files = ws.SnapshotFiles().Keys.ToHashSet();
        Assert.Contains(".brainrepo-restore-notes.md", files); // a user's look-alike is stored
        Assert.DoesNotContain(files, f => RestoreStaging.TryParse(Path.GetFileName(f), out _, out _) || f.Contains(".dir/", StringComparison.Ordinal));
        var removed = ws.Report().Entries.Single(e => e.Path == "notes/" + leftovers.DeadFile);
        Assert.Equal(Disposition.Excluded, removed.Disposition);
        Assert.Contains("removed", removed.Detail, StringComparison.Ordinal);
        var live = ws.Report().Entries.Single(e => e.Path == "notes/" + leftovers.LiveFile);
        Assert.Null(live.Detail);
    }

    /// <summary>What a killed restore (and a live one, and the user) left in a workspace.</summary>
    private sealed class Leftovers
    {
        private readonly TestWorkspace ws;

        public Leftovers(TestWorkspace ws, string deadOwner)
        {
            this.ws = ws;
            DeadFile = $".brainrepo-restore-{deadOwner}-0a1b2c3d-1.tmp";
            DeadLink = $".brainrepo-restore-{deadOwner}-0a1b2c3d-2.tmp";
            DeadFolder = $".brainrepo-restore-{deadOwner}-0a1b2c3d-3.dir";
            LiveFile = RestoreStaging.Name("5e6f7a8b", 4, folder: false);
            ws.Write("notes/" + DeadFile, "half a staging file");
            File.CreateSymbolicLink(ws.PathOf("notes/" + DeadLink), "/etc/hostname");
            ws.Write(DeadFolder + "/sub/b.md", "a staged copy");
            File.CreateSymbolicLink(ws.PathOf(DeadFolder + "/outside"), ws.PathOf("notes")); // removed as a link, never followed
            ws.Write("notes/" + LiveFile, "a restore that still runs");
            ws.Write("notes/.brainrepo-restore-0123456789ab-5.tmp", "an older version's leftover, days old");
            File.SetLastWriteTimeUtc(ws.PathOf("notes/.brainrepo-restore-0123456789ab-5.tmp"), TimeProvider.System.GetUtcNow().UtcDateTime.AddDays(-3));
            ws.Write("notes/.brainrepo-restore-0123456789ab-6.tmp", "an older version's leftover, recent");
            ws.Write(".brainrepo-restore-notes.md", "a user's file");
            ws.Write($"notes/.brainrepo-restore-{deadOwner}-0a1b2c3d-7.md", "a user's file with a staging-like name");
        }

        public string DeadFile { get; }

        public string DeadLink { get; }

        public string DeadFolder { get; }

        public string LiveFile { get; }

        public void AssertOnlyAbandonedOnesRemoved()
        {
            Assert.False(File.Exists(ws.PathOf("notes/" + DeadFile)));
            Assert.False(File.Exists(ws.PathOf("notes/" + DeadLink)) || new FileInfo(ws.PathOf("notes/" + DeadLink)).LinkTarget is not null);
            Assert.False(Directory.Exists(ws.PathOf(DeadFolder)));
            Assert.False(File.Exists(ws.PathOf("notes/.brainrepo-restore-0123456789ab-5.tmp")));
            Assert.True(File.Exists(ws.PathOf("notes/" + LiveFile)));
            Assert.True(File.Exists(ws.PathOf("notes/.brainrepo-restore-0123456789ab-6.tmp")));
            Assert.True(File.Exists(ws.PathOf(".brainrepo-restore-notes.md")));
            Assert.Single(Directory.GetFiles(ws.PathOf("notes"), "*.md", SearchOption.TopDirectoryOnly), f => f.Contains("-0a1b2c3d-7.md", StringComparison.Ordinal));
            Assert.Equal("beta", File.ReadAllText(ws.PathOf("notes/sub/b.md"))); // the link in the staging folder was not followed
        }
    }
}
