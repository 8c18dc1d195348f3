using BrainRepo.Core.Model;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Tests.Support;

namespace BrainRepo.Core.Tests.Snapshots;

public sealed class ContentTests
{
    [Fact]
    public void Sync_WhenFileGrowsPastTheCap_KeepsItsLastStoredVersion()
    {
        using var ws = new TestWorkspace(configOverride: "max_file_size = \"1KiB\"");
        ws.Write("big.md", "small at first");
        ws.Write("other.md", "fine");
        ws.Sync();
        ws.Write("big.md", new string('x', 4096));

        var result = ws.Sync();

        Assert.Equal("small at first", ws.ReadStored("big.md"));
        var entry = Assert.Single(result.Report.Entries, e => e.Path == "big.md");
        Assert.Equal(Disposition.TooLarge, entry.Disposition);
        Assert.NotNull(entry.CarriedBlob);
        Assert.Equal(SnapshotStatus.Incomplete, result.Status);
    }

    [Fact]
    public void Sync_FileTooLargeFromTheStart_IsReportedAndNotStored()
    {
        using var ws = new TestWorkspace(configOverride: "max_file_size = \"1KiB\"");
        ws.Write("huge.bin", new string('x', 2048));
        ws.Write("ok.md", new string('y', 1024));

        var result = ws.Sync();

        Assert.Equal(["ok.md"], ws.SnapshotFiles().Keys.ToArray());
        Assert.Contains(result.Report.Entries, e => e.Path == "huge.bin" && e.Disposition == Disposition.TooLarge && e.CarriedBlob is null);
    }

    [Fact]
    public void Sync_NewFileOverTheCap_IsNotInTheBackup_AndTheSnapshotIsIncomplete()
    {
        using var ws = new TestWorkspace(configOverride: "max_file_size = \"1KiB\"");
        ws.Write("huge.bin", new string('x', 2048));
        ws.Write("ok.md", "ok");

        var result = ws.Sync();

        Assert.Equal(SnapshotStatus.Incomplete, result.Status);
        Assert.Equal(1, result.Report.NotInBackup);
        Assert.Contains(result.Report.Problems, p => p.StartsWith("1 files are larger than max_file_size and are not in the backup", StringComparison.Ordinal));
    }

    [Fact]
    public void Sync_FileOverTheCapExcludedByARule_LeavesTheSnapshotComplete()
    {
        using var ws = new TestWorkspace(configOverride: "max_file_size = \"1KiB\"\nexclude_paths = [\"huge.bin\"]");
        ws.Write("huge.bin", new string('x', 2048));
        ws.Write("ok.md", "ok");

        var result = ws.Sync();

        Assert.Equal(SnapshotStatus.Complete, result.Status);
        Assert.Equal(0, result.Report.NotInBackup);
        Assert.Contains(result.Report.Entries, e => e.Path == "huge.bin" && e.Disposition == Disposition.Excluded);
    }

    [Fact]
    public void Sync_SymlinksAreStoredAsLinksAndNeverFollowed()
    {
        using var ws = new TestWorkspace();
        var outside = Path.Combine(ws.Root, "outside");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "private.txt"), "outside the workspace");
        ws.Write("notes/target.md", "target");
        File.CreateSymbolicLink(ws.PathOf("notes/link.md"), "target.md");
        Directory.CreateSymbolicLink(ws.PathOf("escape"), outside);

        ws.Sync();

        var files = ws.SnapshotFiles();
        Assert.Equal(GitFileMode.Symlink, files["notes/link.md"].Mode);
        Assert.Equal("target.md", ws.ReadStored("notes/link.md"));
        Assert.Equal(GitFileMode.Symlink, files["escape"].Mode);
        Assert.Equal(outside, ws.ReadStored("escape"));
        Assert.DoesNotContain(files.Keys, k => k.StartsWith("escape/", StringComparison.Ordinal));
        Assert.Equal("target", ws.ReadStored("notes/target.md"));
    }

    [Fact]
    public void Sync_ExecutableBit_IsStoredAsMode100755()
    {
        using var ws = new TestWorkspace();
        ws.Write("run.sh", "#!/bin/sh\necho hi\n");
        ws.Write("plain.md", "x");
        File.SetUnixFileMode(ws.PathOf("run.sh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        ws.Sync();

        Assert.Equal(GitFileMode.Executable, ws.SnapshotFiles()["run.sh"].Mode);
        Assert.Equal(GitFileMode.Regular, ws.SnapshotFiles()["plain.md"].Mode);
    }

    [Fact]
    public void Sync_UnchangedWorkspace_CreatesNoNewCommit()
    {
        using var ws = new TestWorkspace();
        ws.Write("a.md", "a");
        var first = ws.Sync();
        var packs = ws.PackCount();

        var second = ws.Sync();

        Assert.True(second.Unchanged);
        Assert.Equal(first.CommitId, second.CommitId);
        Assert.Equal(first.CommitId, ws.Head());
        Assert.Equal(packs, ws.PackCount());
    }

    [Fact]
    public void Sync_WithKChanges_ReadsOnlyTheKChangedFiles()
    {
        using var ws = new TestWorkspace();
        for (var i = 0; i < 300; i++)
        {
            ws.Write($"n/{i}.md", $"note {i}");
        }

        var first = ws.Sync();
        Assert.Equal(300, first.FilesRead);
        Thread.Sleep(20); // let the racy window of the first run pass
        var settle = ws.Sync(); // files written within the first run's tick are re-read once
        Assert.True(settle.Unchanged);
        var quiet = ws.Sync();
        Assert.True(quiet.Unchanged);
        Assert.Equal(0, quiet.FilesRead); // K = 0: nothing is read
        ws.Write("n/7.md", "changed");
        ws.Write("n/new.md", "new");

        var result = ws.Sync();

        Assert.Equal(2, result.FilesRead);
        Assert.Equal(1, result.Added);
        Assert.Equal(1, result.Modified);
        Assert.Equal("changed", ws.ReadStored("n/7.md"));
        Assert.Equal("new", ws.ReadStored("n/new.md"));
    }

    [Fact]
    public void Sync_WhenStateCacheIsLost_RebuildsFromTheRepositoryWithoutLosingFiles()
    {
        using var ws = new TestWorkspace();
        ws.Write("a.md", "a");
        ws.Write("b.md", "b");
        var first = ws.Sync();
        foreach (var f in Directory.GetFiles(ws.Config.StateDirectory, "state.db*"))
        {
            File.Delete(f);
        }

        var second = ws.Sync();

        Assert.True(second.Unchanged);
        Assert.Equal(first.CommitId, second.CommitId);
        Assert.Equal(2, ws.SnapshotFiles().Count);
    }

    [Fact]
    public void Sync_FileWithUndecodableName_IsReportedNotSilentlyLost()
    {
        using var ws = new TestWorkspace();
        ws.Write("ok.md", "ok");
        var bad = System.Text.Encoding.UTF8.GetBytes(ws.Workspace + "/bad-").Concat(new byte[] { 0xff, 0xfe }).Append((byte)0).ToArray();
        var fd = NativeCreate(bad);
        Assert.True(fd >= 0, "could not create a file with a non-UTF-8 name");

        var result = ws.Sync();

        Assert.Contains(result.Report.Entries, e => e.Disposition == Disposition.Unreadable && e.Detail == "file name is not valid UTF-8");
        Assert.Equal(SnapshotStatus.Incomplete, result.Status);
    }

    [Fact]
    public async Task Sync_FileRewrittenDuringSync_IsNeverStoredTorn()
    {
        using var ws = new TestWorkspace();
        var versions = Enumerable.Range(0, 8).Select(i => new string((char)('a' + i), 2_000_000)).ToArray();
        ws.Write("busy.txt", versions[0]);
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            var i = 0;
            while (!stop.IsCancellationRequested)
            {
                using var fs = new FileStream(ws.PathOf("busy.txt"), FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
                var bytes = System.Text.Encoding.ASCII.GetBytes(versions[++i % versions.Length]);
                for (var off = 0; off < bytes.Length; off += 65536)
                {
                    fs.Write(bytes, off, Math.Min(65536, bytes.Length - off));
                    fs.Flush();
                }
            }
        });

        SyncResult result;
        try
        {
            result = await Task.Run(() => ws.Sync());
        }
        finally
        {
            stop.Cancel();
            await writer;
        }

        if (ws.SnapshotFiles().ContainsKey("busy.txt"))
        {
            var stored = ws.ReadStored("busy.txt");
            Assert.Contains(stored, versions);
        }
        else
        {
            Assert.Contains(result.Report.Entries, e => e.Path == "busy.txt" && e.Disposition == Disposition.ChangedDuringRead);
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "creat", SetLastError = true)]
    private static extern int NativeCreate(byte[] path, int mode = 420);
}
