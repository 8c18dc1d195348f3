using BrainRepo.Core.Platform;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Restore;
using BrainRepo.Core.Tests.Support;
using BrainRepo.Git;
using Microsoft.Extensions.Logging.Abstractions;

namespace BrainRepo.Core.Tests.Restore;

/// <summary>
/// Folder-level staging: a folder that does not exist yet is built whole in a staging folder and renamed
/// into place without replacing anything; existing folders get their files one by one. A failed restore
/// leaves no staging folder behind, and nothing that appeared on disk meanwhile is overwritten or written through.
/// </summary>
public sealed class RestoreFolderStagingTests
{
    private static TestWorkspace Populated()
    {
        var ws = new TestWorkspace();
        ws.Write("notes/a.md", "alpha");
        ws.Write("notes/deep/b.md", "beta");
        ws.Write("notes/deep/deeper/c.md", "gamma");
        ws.Write("fresh/x/y.md", "why");
        ws.Write("run.sh", "#!/bin/sh\necho hi\n");
        RestoreTestKit.MakeExecutable(ws.PathOf("run.sh"));
        RestoreTestKit.MakeExecutable(ws.PathOf("notes/deep/deeper/c.md"));
        File.CreateSymbolicLink(ws.PathOf("fresh/x/link.md"), "y.md");
        return ws;
    }

    private static List<string> StagingEntries(string root) =>
        Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Where(f => f.Contains(".brainrepo-restore-", StringComparison.Ordinal)).ToList();

    /// <summary>Executes <paramref name="plan"/> with a hook that runs <paramref name="meanwhile"/> once, after the folders were prepared and before any file is written.</summary>
    private static RestoreResult ExecuteWithInterference(TestWorkspace ws, RestorePlan plan, Action meanwhile)
    {
        using var repo = GitBackupRepository.Open(ws.Config.RepositoryPath);
        var once = 0;
        var executor = new RestoreExecutor(repo, TimeProvider.System, NullLogger.Instance, _ =>
        {
            if (Interlocked.Exchange(ref once, 1) == 0)
            {
                meanwhile();
            }

            return null; // every file still comes from the repository
        });
        return executor.Execute(plan, null, null, null, CancellationToken.None);
    }

    [Fact]
    public void Restore_IntoATargetWithSomeFolders_FillsExistingOnesAndAddsNewOnesWhole()
    {
        using var ws = Populated();
        ws.Sync();
        var target = Path.Combine(ws.Root, "target");
        Directory.CreateDirectory(Path.Combine(target, "notes"));
        File.WriteAllText(Path.Combine(target, "notes/keep.txt"), "mine");

        var result = RestoreTestKit.Restore(ws, target);

        Assert.Equal(6, result.Written);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(target, "notes/keep.txt"))); // not in the snapshot, no --delete: kept
        File.Delete(Path.Combine(target, "notes/keep.txt"));
        Assert.Equal(RestoreTestKit.Fingerprint(ws.Workspace), RestoreTestKit.Fingerprint(target));
        Assert.Equal((UnixFileMode)Convert.ToInt32("755", 8), File.GetUnixFileMode(Path.Combine(target, "notes/deep/deeper/c.md")));
        Assert.Equal("y.md", new FileInfo(Path.Combine(target, "fresh/x/link.md")).LinkTarget);
        Assert.Empty(StagingEntries(target));
    }

    [RenameNoReplaceFact] // folder staging renames a new folder into place without replacing
    public void Restore_WhenANewFolderAppearsWhileItIsWritten_StopsLeavesItAloneAndLeavesNoStagingFolder()
    {
        using var ws = Populated();
        ws.Sync();
        var target = Path.Combine(ws.Root, "target");
        var plan = RestoreTestKit.Plan(ws, target);
        Assert.All(plan.Actions, a => Assert.Equal(RestoreActionKind.Create, a.Kind));

        var ex = Assert.Throws<BrainRepoException>(() => ExecuteWithInterference(ws, plan, () =>
        {
            Directory.CreateDirectory(Path.Combine(target, "notes"));
            File.WriteAllText(Path.Combine(target, "notes/mine.txt"), "someone else's");
        }));

        Assert.Equal(ErrorCodes.RestoreRefused, ex.Code);
        Assert.Contains("'notes' appeared on disk while the restore was writing it", ex.Message, StringComparison.Ordinal);
        Assert.Equal(["mine.txt"], Directory.EnumerateFileSystemEntries(Path.Combine(target, "notes")).Select(Path.GetFileName));
        Assert.Equal("someone else's", File.ReadAllText(Path.Combine(target, "notes/mine.txt")));
        Assert.Empty(StagingEntries(target));

        // Running the same restore again restores into the folder that appeared, keeping its own file.
        RestoreTestKit.Restore(ws, target);
        Assert.Equal("beta", File.ReadAllText(Path.Combine(target, "notes/deep/b.md")));
        Assert.Equal("someone else's", File.ReadAllText(Path.Combine(target, "notes/mine.txt")));
        Assert.Empty(StagingEntries(target));
    }

    [LinuxFact] // files are created relative to folder descriptors on Linux only
    public void Restore_WhenAnExistingFolderBecomesASymlinkAfterItWasChecked_WritesNothingThroughIt()
    {
        using var ws = Populated();
        ws.Sync();
        var target = Path.Combine(ws.Root, "target");
        var outside = Path.Combine(ws.Root, "outside");
        Directory.CreateDirectory(outside);
        Directory.CreateDirectory(Path.Combine(target, "notes"));
        var plan = RestoreTestKit.Plan(ws, target);

        var ex = Assert.Throws<RestoreRefusedException>(() => ExecuteWithInterference(ws, plan, () =>
        {
            Directory.Move(Path.Combine(target, "notes"), Path.Combine(target, "notes-moved"));
            File.CreateSymbolicLink(Path.Combine(target, "notes"), outside);
        }));

        Assert.Contains(ex.Problems, p => p.Path == "notes");
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
        // (The staging folder of notes/deep moved away with notes-moved; the cleanup, by path, does not chase it.)
    }

    [Fact]
    public void Restore_WhenTheBackupIsCorrupt_LeavesNoHalfBuiltFolder()
    {
        using var ws = Populated();
        ws.Sync();
        var target = Path.Combine(ws.Root, "target");
        var plan = RestoreTestKit.Plan(ws, target);
        var corrupt = plan with
        {
            Actions = plan.Actions.Select(a => a.Path == "notes/deep/deeper/c.md" ? a with { BlobId = new string('0', 40) } : a).ToList(),
        };

        using var repo = GitBackupRepository.Open(ws.Config.RepositoryPath);
        var executor = new RestoreExecutor(repo, TimeProvider.System, NullLogger.Instance, a => a.Path == "notes/deep/deeper/c.md" ? "gamma"u8.ToArray() : null);
        var ex = Assert.Throws<BrainRepoException>(() => executor.Execute(corrupt, null, null, null, CancellationToken.None));

        Assert.Equal(ErrorCodes.RestoreVerifyFailed, ex.Code);
        Assert.False(Directory.Exists(Path.Combine(target, "notes")));
        Assert.False(Directory.Exists(Path.Combine(target, "fresh")));
        Assert.Empty(StagingEntries(target));
    }
}
