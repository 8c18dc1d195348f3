using BrainRepo.Core.Platform;
using BrainRepo.Core.Restore;
using BrainRepo.Core.Tests.Support;
using BrainRepo.Git;
using Microsoft.Extensions.Logging.Abstractions;

namespace BrainRepo.Core.Tests.Restore;

/// <summary>
/// The write path of restore: staging files created with O_EXCL, creates renamed without ever replacing,
/// and a file that appears after the plan is still replaced only after a flush, never left half-written.
/// </summary>
public sealed class RestoreWritePathTests
{
    private static TestWorkspace Populated()
    {
        var ws = new TestWorkspace();
        ws.Write("notes/a.md", "alpha");
        ws.Write("notes/deep/b.md", "beta");
        ws.Write("run.sh", "#!/bin/sh\necho hi\n");
        RestoreTestKit.MakeExecutable(ws.PathOf("run.sh"));
        File.CreateSymbolicLink(ws.PathOf("notes/link.md"), "a.md");
        return ws;
    }

    private static IEnumerable<string> StagingFiles(string root) =>
        Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Where(f => f.Contains(".brainrepo-restore-", StringComparison.Ordinal));

    [Fact]
    public void Restore_WhenAFileAppearsAfterThePlan_ReplacesItWithTheSnapshotVersion()
    {
        using var ws = Populated();
        ws.Sync();
        var target = Path.Combine(ws.Root, "target");
        using var repo = GitBackupRepository.Open(ws.Config.RepositoryPath);
        var runner = new RestoreRunner(repo, TimeProvider.System, NullLogger.Instance);
        var plan = runner.Plan(new RestoreRequest { Commit = repo.Head()!, TargetRoot = target, Policy = ws.Config.Policy, Options = new RestoreOptions() }, null, CancellationToken.None);
        Assert.All(plan.Actions, a => Assert.Equal(RestoreActionKind.Create, a.Kind));
        Directory.CreateDirectory(Path.Combine(target, "notes"));
        File.WriteAllText(Path.Combine(target, "notes/a.md"), "appeared after the plan");
        File.CreateSymbolicLink(Path.Combine(target, "run.sh"), "/nonexistent/elsewhere");

        var result = runner.Execute(plan, null, null, null, CancellationToken.None);

        Assert.Equal(plan.Actions.Count, result.Written);
        Assert.Equal(RestoreTestKit.Fingerprint(ws.Workspace), RestoreTestKit.Fingerprint(target));
        Assert.Null(new FileInfo(Path.Combine(target, "run.sh")).LinkTarget);
        Assert.Empty(StagingFiles(target));
    }

    [Fact]
    public void Restore_IntoAnEmptyFolder_WritesExactModesAndLeavesNoStagingFiles()
    {
        using var ws = Populated();
        ws.Sync();
        var target = Path.Combine(ws.Root, "target");

        var result = RestoreTestKit.Restore(ws, target);

        Assert.Equal(4, result.Written);
        Assert.Equal(RestoreTestKit.Fingerprint(ws.Workspace), RestoreTestKit.Fingerprint(target));
        Assert.Equal((UnixFileMode)Convert.ToInt32("644", 8), File.GetUnixFileMode(Path.Combine(target, "notes/a.md")));
        Assert.Equal((UnixFileMode)Convert.ToInt32("755", 8), File.GetUnixFileMode(Path.Combine(target, "run.sh")));
        Assert.Equal("a.md", new FileInfo(Path.Combine(target, "notes/link.md")).LinkTarget);
        Assert.Empty(StagingFiles(target));
    }

    [Fact]
    public void WriteNewFile_NeverOpensAnExistingFileOrFollowsASymlink()
    {
        using var ws = new TestWorkspace();
        var existing = Path.Combine(ws.Root, "existing");
        var outside = Path.Combine(ws.Root, "outside");
        var link = Path.Combine(ws.Root, "link");
        File.WriteAllText(existing, "keep");
        File.CreateSymbolicLink(link, outside);

        Assert.Throws<IOException>(() => NativeFileSystem.WriteNewFile(existing, "new"u8, UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.Throws<IOException>(() => NativeFileSystem.WriteNewFile(link, "new"u8, UnixFileMode.UserRead | UnixFileMode.UserWrite));

        Assert.Equal("keep", File.ReadAllText(existing));
        Assert.False(File.Exists(outside));
        Assert.Equal(outside, new FileInfo(link).LinkTarget);
    }

    [RenameNoReplaceFact]
    public void RenameNoReplace_LeavesAnExistingTargetAlone()
    {
        using var ws = new TestWorkspace();
        var from = Path.Combine(ws.Root, "from");
        var to = Path.Combine(ws.Root, "to");
        var fresh = Path.Combine(ws.Root, "fresh");
        File.WriteAllText(from, "new");
        File.WriteAllText(to, "old");

        Assert.False(NativeFileSystem.RenameNoReplace(from, to));
        Assert.Equal("old", File.ReadAllText(to));
        Assert.Equal("new", File.ReadAllText(from));
        Assert.True(NativeFileSystem.RenameNoReplace(from, fresh));
        Assert.Equal("new", File.ReadAllText(fresh));
        Assert.False(File.Exists(from));
    }

    [LinuxTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void OpenDirectoryBeneath_OpensRealFoldersAndRefusesAnySymlinkOnTheWay(bool openat2)
    {
        using var ws = new TestWorkspace();
        var root = Path.Combine(ws.Root, "root");
        Directory.CreateDirectory(Path.Combine(root, "a/b"));
        Directory.CreateDirectory(Path.Combine(ws.Root, "elsewhere/b"));
        File.CreateSymbolicLink(Path.Combine(root, "link"), Path.Combine(ws.Root, "elsewhere"));
        File.CreateSymbolicLink(Path.Combine(root, "a/up"), "..");
        var rootFd = NativeFileSystem.OpenDirectory(root);
        var saved = NativeFileSystem.TryOpenat2;
        NativeFileSystem.TryOpenat2 = openat2;
        try
        {
            var fd = NativeFileSystem.OpenDirectoryBeneath(rootFd, "a/b", out _);
            Assert.True(fd >= 0);
            NativeFileSystem.WriteNewFileAt(fd, "f.md", "x"u8, UnixFileMode.UserRead | UnixFileMode.UserWrite, setMode: true, "a/b/f.md");
            NativeFileSystem.CloseDirectory(fd);
            Assert.Equal("x", File.ReadAllText(Path.Combine(root, "a/b/f.md")));

            foreach (var through in new[] { "link", "link/b", "a/up/a" })
            {
                Assert.Equal(-1, NativeFileSystem.OpenDirectoryBeneath(rootFd, through, out var errno));
                Assert.True(NativeFileSystem.IsNotAFolder(errno), $"{through}: errno {errno}");
            }

            Assert.Equal(-1, NativeFileSystem.OpenDirectoryBeneath(rootFd, "a/missing", out var gone));
            Assert.True(NativeFileSystem.IsGone(gone));
        }
        finally
        {
            NativeFileSystem.TryOpenat2 = saved;
            NativeFileSystem.CloseDirectory(rootFd);
        }
    }

    [Fact]
    public void Restore_FromARepackedRepositoryWithDeltas_RestoresEverySnapshotExactly()
    {
        // A clone, or a repository that git repacked, stores most versions as deltas against others.
        using var ws = new TestWorkspace();
        var lines = Enumerable.Range(0, 300).Select(i => $"line {i} of a long enough note to be worth a delta").ToList();
        var expected = new List<(string Commit, string Fingerprint)>();
        for (var v = 0; v < 8; v++)
        {
            lines[(v * 37) % lines.Count] = $"edited in version {v}";
            ws.Write("notes/long.md", string.Join('\n', lines));
            ws.Write($"notes/v{v}.md", $"version {v}");
            expected.Add((ws.Sync().CommitId, RestoreTestKit.Fingerprint(ws.Workspace)));
        }

        Assert.Equal(0, ws.Git("repack", "-adfq", "--window=50", "--depth=50").Exit);
        var packs = Directory.EnumerateFiles(Path.Combine(ws.Config.RepositoryPath, "objects", "pack"), "*.idx").ToList();
        var verify = ws.Git(["verify-pack", "-v", .. packs]).Out;
        Assert.Contains("chain length = ", verify, StringComparison.Ordinal); // the pack really holds deltas

        foreach (var (commit, fingerprint) in expected)
        {
            var target = Path.Combine(ws.Root, "restored-" + commit[..8]);
            var result = RestoreTestKit.Restore(ws, target, snapshot: commit);
            Assert.Equal(fingerprint, RestoreTestKit.Fingerprint(target));
            Assert.True(result.Written > 0);
        }
    }
}
