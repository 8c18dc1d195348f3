using BrainRepo.Core.Model;
using System.Diagnostics;
using BrainRepo.Core.Coordination;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Tests.Support;
using BrainRepo.Git;
using BrainRepo.Storage.Sqlite;

namespace BrainRepo.Core.Tests.Snapshots;

/// <summary>
/// A full disk under the backup repository, on a real small file system (a 2 MB tmpfs): the sync fails once,
/// as BR1005 naming the folder, never as a list of unreadable workspace files or a branch that moved, and it
/// leaves no temporary pack behind. A later sync removes the temporary packs of a killed one.
/// </summary>
public sealed class DiskFullTests
{
    private const string RepositoryOnDisk = "disk/repo.git";

    [Fact]
    public async Task Sync_WhenTheRepositoryDiskFills_FailsOnceAsDiskFull_NamingTheFolder_AndLeavesNoTemporaryPack()
    {
        using var ws = new TestWorkspace(repositoryPath: RepositoryOnDisk);
        using var disk = SmallDisk.TryMount(Path.Combine(ws.Root, "disk"), "2m");
        if (disk is null)
        {
            return; // needs root to mount a small file system (CI runs as root); PackWriterFaultTests cover the same paths by injection
        }

        ws.Write("notes/small.md", "small");
        ws.Sync();
        var head = ws.Head();
        Directory.CreateDirectory(ws.PathOf("media"));
        for (var i = 0; i < 6; i++)
        {
            File.WriteAllBytes(ws.PathOf($"media/photo{i}.bin"), RandomBytes(512 * 1024)); // incompressible: 3 MB on a 2 MB disk
        }

        var logger = new ListLogger();
        var ex = Assert.Throws<BackupWriteException>(() => Sync(ws, logger));

        Assert.Equal(ErrorCodes.DiskFull, ex.Code);
        Assert.Contains(Path.Combine(ws.Config.RepositoryPath, "objects", "pack"), ex.Message, StringComparison.Ordinal);
        Assert.Contains("is full", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(logger.Lines, l => l.Contains("Cannot read", StringComparison.Ordinal)); // not N unreadable files
        Assert.Empty(TemporaryPacks(ws));
        Assert.Equal(head, ws.Head());

        // What the user sees: one error with its code, exit 1.
        var cli = await ws.CliAsync("sync", "--no-push");
        Assert.Equal(1, cli.Exit);
        Assert.Contains($"error {ErrorCodes.DiskFull}:", cli.Err, StringComparison.Ordinal);
        Assert.Contains("objects/pack", cli.Err, StringComparison.Ordinal);
        Assert.Empty(TemporaryPacks(ws));

        // Space freed: the next sync works, and leaves nothing behind either.
        foreach (var file in Directory.GetFiles(ws.PathOf("media")).Order(StringComparer.Ordinal).Skip(1))
        {
            File.Delete(file);
        }

        Assert.Equal(SnapshotStatus.Complete, ws.Sync().Status);
        Assert.Contains("media/photo0.bin", ws.SnapshotFiles().Keys);
        Assert.Empty(TemporaryPacks(ws));
    }

    [Fact]
    public void Sync_WhenNoSpaceIsLeftForTheBranchAndItsReflog_IsDiskFull_NotABranchThatMoved()
    {
        using var ws = new TestWorkspace(repositoryPath: RepositoryOnDisk);
        using var disk = SmallDisk.TryMount(Path.Combine(ws.Root, "disk"), "1m");
        if (disk is null)
        {
            return;
        }

        ws.Write("a.md", "one");
        ws.Sync();
        var head = ws.Head();
        ws.Write("a.md", "two");
        string? filler = null;

        // The pack is written; then the disk fills just before the branch moves.
        var ex = Assert.Throws<BackupWriteException>(() => ws.Sync(new SyncOptions { BeforeCommit = _ => filler = disk.Fill() }));

        Assert.Equal(ErrorCodes.DiskFull, ex.Code);
        Assert.DoesNotContain("moved", ex.Message, StringComparison.Ordinal);
        Assert.Contains(ws.Config.RepositoryPath, ex.Message, StringComparison.Ordinal);
        Assert.Equal(head, ws.Head());
        File.Delete(filler!);
        var retry = ws.Sync();
        Assert.NotEqual(head, retry.CommitId);
        Assert.Equal("two", ws.ReadStored("a.md"));
    }

    [Fact]
    public void Sync_RemovesTheTemporaryPackOfADeadSync_ButNotOneWhoseOwnerRuns()
    {
        using var ws = new TestWorkspace();
        ws.Write("a.md", "a");
        ws.Sync();
        var packs = Path.Combine(ws.Config.RepositoryPath, "objects", "pack");
        var dead = Path.Combine(packs, $"{PackWriter.TempPrefix}{DeadOwner()}_{Guid.NewGuid():N}");
        var live = Path.Combine(packs, $"{PackWriter.TempPrefix}{TempFileOwner.Current}_{Guid.NewGuid():N}");
        var notOurs = Path.Combine(packs, "tmp_pack_Xy12Ab"); // git's own name, recent: it may be in use
        foreach (var path in new[] { dead, dead + ".idx", live, notOurs })
        {
            File.WriteAllBytes(path, new byte[100_000]);
        }

        ws.Write("a.md", "b");
        ws.Sync();

        Assert.False(File.Exists(dead));
        Assert.False(File.Exists(dead + ".idx"));
        Assert.True(File.Exists(live));
        Assert.True(File.Exists(notOurs));
        Assert.Equal(0, ws.Git("fsck", "--no-dangling").Exit);
    }

    /// <summary>The owner tag of a process that has exited.</summary>
    internal static string DeadOwner()
    {
        using var p = Process.Start(new ProcessStartInfo("sleep", "60"))!;
        var start = LocalProcessProbe.Instance.GetStartTime(p.Id);
        p.Kill();
        p.WaitForExit();
        Assert.NotNull(start);
        Assert.False(LocalProcessProbe.Instance.IsAlive(p.Id, start!.Value));
        return $"{p.Id}-{start}";
    }

    private static SyncResult Sync(TestWorkspace ws, ListLogger logger)
    {
        using var repo = GitBackupRepository.CreateOrOpen(ws.Config.RepositoryPath, CancellationToken.None);
        using var state = new SqliteStateStore(ws.Config.StateDatabase);
        return new SnapshotEngine(ws.Config, repo, state, TimeProvider.System, logger).Run(new SyncOptions(), null, CancellationToken.None);
    }

    private static List<string> TemporaryPacks(TestWorkspace ws) =>
        [.. Directory.EnumerateFiles(Path.Combine(ws.Config.RepositoryPath, "objects", "pack"), "tmp_*")];

    private static byte[] RandomBytes(int length) => System.Security.Cryptography.RandomNumberGenerator.GetBytes(length);
}
