using BrainRepo.Core.Model;
using System.Text.Json;
using BrainRepo.Core.Restore;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Tests.Secrets;
using BrainRepo.Core.Tests.Support;

namespace BrainRepo.Core.Tests.Restore;

public sealed class RestoreTests
{
    private static TestWorkspace Populated()
    {
        var ws = new TestWorkspace();
        ws.Write("notes/a.md", "alpha");
        ws.Write("notes/deep/b.md", "beta");
        ws.Write("memory/m.md", "memory");
        ws.Write("run.sh", "#!/bin/sh\necho hi\n");
        RestoreTestKit.MakeExecutable(ws.PathOf("run.sh"));
        File.CreateSymbolicLink(ws.PathOf("notes/link.md"), "a.md");
        ws.Write("node_modules/pkg/index.js", "module");
        return ws;
    }

    [Fact]
    public async Task Restore_AfterChangesAndDeletions_BringsBackIdenticalContentModesAndSymlinks()
    {
        using var ws = Populated();
        ws.Sync();
        var snapshot = ws.Head()!;
        var before = RestoreTestKit.Fingerprint(ws.Workspace);

        ws.Write("notes/a.md", "changed");
        ws.Delete("notes/deep/b.md");
        File.SetUnixFileMode(ws.PathOf("run.sh"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Delete(ws.PathOf("notes/link.md"));
        File.CreateSymbolicLink(ws.PathOf("notes/link.md"), "/etc/passwd");
        Directory.Delete(ws.PathOf("memory"), recursive: true);

        var (exit, output, err) = await ws.CliAsync("restore", snapshot[..12]);

        Assert.True(exit == 0, output + err);
        Assert.Equal(before, RestoreTestKit.Fingerprint(ws.Workspace));
        Assert.Contains("pre-restore/", output, StringComparison.Ordinal);
        Assert.DoesNotContain(Directory.EnumerateFiles(ws.Workspace, "*", SearchOption.AllDirectories), f => f.Contains(".brainrepo-restore-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DryRun_ChangesNothing_AndItsPlanIsWhatTheRealRunDoes()
    {
        using var ws = Populated();
        ws.Sync();
        var snapshot = ws.Head()!;
        ws.Write("notes/a.md", "changed");
        ws.Delete("memory/m.md");
        ws.Write("notes/extra.md", "not in the snapshot");
        var disk = RestoreTestKit.Fingerprint(ws.Workspace);
        var tagsBefore = ws.Git("tag", "--list").Out;

        var dry = await ws.CliAsync("restore", snapshot, "--dry-run", "--delete", "--json");

        Assert.True(dry.Exit == 0, dry.Out + dry.Err);
        Assert.Equal(disk, RestoreTestKit.Fingerprint(ws.Workspace));
        Assert.Equal(tagsBefore, ws.Git("tag", "--list").Out);
        Assert.Equal(snapshot, ws.Head());

        var real = await ws.CliAsync("restore", snapshot, "--delete", "--json");

        Assert.True(real.Exit == 0, real.Out + real.Err);
        using var dryJson = JsonDocument.Parse(dry.Out);
        using var realJson = JsonDocument.Parse(real.Out);
        Assert.Equal(dryJson.RootElement.GetProperty("actions").GetRawText(), realJson.RootElement.GetProperty("actions").GetRawText());
        Assert.Equal(dryJson.RootElement.GetProperty("counts").GetRawText(), realJson.RootElement.GetProperty("counts").GetRawText());
        var counts = realJson.RootElement.GetProperty("counts");
        Assert.Equal(1, counts.GetProperty("create").GetInt32());
        Assert.Equal(1, counts.GetProperty("overwrite").GetInt32());
        Assert.Equal(1, counts.GetProperty("delete").GetInt32());
        Assert.False(File.Exists(ws.PathOf("notes/extra.md")));
        Assert.Equal("alpha", File.ReadAllText(ws.PathOf("notes/a.md")));
    }

    [Fact]
    public async Task PathOption_RestoresOnlyThatSubtree()
    {
        using var ws = Populated();
        ws.Sync();
        var snapshot = ws.Head()!;
        ws.Write("notes/a.md", "changed");
        ws.Write("memory/m.md", "changed too");

        var (exit, output, err) = await ws.CliAsync("restore", snapshot, "--path", "notes");

        Assert.True(exit == 0, output + err);
        Assert.Equal("alpha", File.ReadAllText(ws.PathOf("notes/a.md")));
        Assert.Equal("changed too", File.ReadAllText(ws.PathOf("memory/m.md")));
    }

    [Fact]
    public async Task To_NewFolder_RestoresTheSnapshotAndLeavesTheWorkspaceAlone()
    {
        using var ws = Populated();
        ws.Sync();
        ws.Write("notes/a.md", "changed after the snapshot");
        var workspace = RestoreTestKit.Fingerprint(ws.Workspace);
        var target = Path.Combine(ws.Root, "elsewhere", "copy");

        var (exit, output, err) = await ws.CliAsync("restore", "HEAD", "--to", target);

        Assert.True(exit == 0, output + err);
        Assert.Equal(workspace, RestoreTestKit.Fingerprint(ws.Workspace));
        Assert.Equal("alpha", File.ReadAllText(Path.Combine(target, "notes/a.md")));
        Assert.Equal("a.md", new FileInfo(Path.Combine(target, "notes/link.md")).LinkTarget);
        Assert.True((File.GetUnixFileMode(Path.Combine(target, "run.sh")) & UnixFileMode.UserExecute) != 0);
        Assert.False(Directory.Exists(Path.Combine(target, "node_modules")));
        Assert.False(Directory.Exists(Path.Combine(target, ".brainrepo")));
        Assert.Equal("", ws.Git("tag", "--list").Out);
    }

    [Fact]
    public async Task Restore_ByDefault_KeepsFilesNotInTheSnapshot_AndDeleteRemovesThemButNeverNodeModules()
    {
        using var ws = Populated();
        ws.Sync();
        ws.Write("notes/new.md", "new since");
        ws.Write("node_modules/added/x.js", "excluded by policy");

        var keep = await ws.CliAsync("restore", "HEAD");
        Assert.True(keep.Exit == 0, keep.Out + keep.Err);
        Assert.True(File.Exists(ws.PathOf("notes/new.md")));

        var delete = await ws.CliAsync("restore", "HEAD", "--delete");
        Assert.True(delete.Exit == 0, delete.Out + delete.Err);
        Assert.False(File.Exists(ws.PathOf("notes/new.md")));
        Assert.True(File.Exists(ws.PathOf("node_modules/added/x.js")));
        Assert.True(File.Exists(ws.PathOf("node_modules/pkg/index.js")));
    }

    [Fact]
    public async Task PreRestoreTag_UndoesTheRestore()
    {
        using var ws = Populated();
        ws.Sync();
        var old = ws.Head()!;
        ws.Write("notes/a.md", "newer work");
        ws.Write("notes/later.md", "written later");
        var current = RestoreTestKit.Fingerprint(ws.Workspace);

        var restore = await ws.CliAsync("restore", old, "--delete", "--json");
        Assert.True(restore.Exit == 0, restore.Out + restore.Err);
        Assert.Equal("alpha", File.ReadAllText(ws.PathOf("notes/a.md")));
        Assert.False(File.Exists(ws.PathOf("notes/later.md")));
        using var json = JsonDocument.Parse(restore.Out);
        var tag = json.RootElement.GetProperty("safety_tag").GetString()!;
        Assert.Matches(@"^pre-restore/\d{8}T\d{6}Z(-\d+)?$", tag);

        var undo = await ws.CliAsync("restore", tag, "--delete");

        Assert.True(undo.Exit == 0, undo.Out + undo.Err);
        Assert.Equal(current, RestoreTestKit.Fingerprint(ws.Workspace));
    }

    [Fact]
    public async Task WithheldFile_IsRestoredAtItsLastCleanVersion_WithAWarning()
    {
        using var ws = new TestWorkspace();
        ws.Write("config/settings.env", "MODE=clean\n");
        ws.Write("notes/a.md", "a");
        Assert.Equal(0, (await ws.CliAsync("sync")).Exit);
        ws.Write("config/settings.env", "MODE=clean\nGITHUB_TOKEN=" + FakeSecrets.GitHub() + "\n");
        var withheld = await ws.CliAsync("sync");
        Assert.Equal(3, withheld.Exit);
        Assert.Contains(ws.Report().Entries, e => e.Path == "config/settings.env" && e.Disposition == Disposition.WithheldSecret);
        var target = Path.Combine(ws.Root, "restored");

        var (exit, output, err) = await ws.CliAsync("restore", "HEAD", "--to", target);

        Assert.True(exit == 3, output + err);
        Assert.Equal("MODE=clean\n", File.ReadAllText(Path.Combine(target, "config/settings.env")));
        Assert.Contains("config/settings.env", output, StringComparison.Ordinal);
        Assert.Contains("withheld-secret", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_IntoWorkspace_CopiesAsideAFileTheSafetySnapshotCouldNotHold()
    {
        using var ws = new TestWorkspace();
        ws.Write("config/settings.env", "MODE=clean\n");
        Assert.Equal(0, (await ws.CliAsync("sync")).Exit);
        var clean = ws.Head()!;
        var secret = "MODE=clean\nGITHUB_TOKEN=" + FakeSecrets.GitHub() + "\n";
        ws.Write("config/settings.env", secret);

        var (exit, output, err) = await ws.CliAsync("restore", clean, "--json");

        Assert.True(exit == 0, output + err);
        Assert.Equal("MODE=clean\n", File.ReadAllText(ws.PathOf("config/settings.env")));
        using var json = JsonDocument.Parse(output);
        var folder = json.RootElement.GetProperty("preserved_folder").GetString()!;
        Assert.Equal(secret, File.ReadAllText(Path.Combine(folder, "config/settings.env")));
    }

    [Fact]
    public void Restore_ThroughASymlinkAlreadyInTheTarget_IsRefusedAndWritesNothing()
    {
        using var ws = Populated();
        ws.Sync();
        var (target, outside) = TargetWithNotesLinkedOutside(ws);
        var before = RestoreTestKit.Fingerprint(target);

        var plan = RestoreTestKit.Plan(ws, target);

        var problem = Assert.Single(plan.Problems);
        Assert.Equal("notes", problem.Path);
        Assert.Contains("symlink", problem.Reason, StringComparison.Ordinal);
        Assert.Throws<RestoreRefusedException>(() => RestoreTestKit.Restore(ws, target));
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
        Assert.Equal(before, RestoreTestKit.Fingerprint(target));
    }

    [Fact]
    public void Restore_WithDelete_ReplacesASymlinkInTheWayInsteadOfFollowingIt()
    {
        using var ws = Populated();
        ws.Sync();
        var (target, outside) = TargetWithNotesLinkedOutside(ws);

        RestoreTestKit.Restore(ws, target, new RestoreOptions { Delete = true });

        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
        Assert.Null(new DirectoryInfo(Path.Combine(target, "notes")).LinkTarget);
        Assert.Equal("alpha", File.ReadAllText(Path.Combine(target, "notes/a.md")));
    }

    [Fact]
    public void SecondRestore_OfTheSameSnapshot_IsAllUnchanged()
    {
        using var ws = Populated();
        ws.Sync();
        var target = Path.Combine(ws.Root, "target");
        var first = RestoreTestKit.Restore(ws, target);

        var again = RestoreTestKit.Plan(ws, target);

        Assert.True(first.Written > 0);
        Assert.True(again.IsNoOp);
        Assert.Equal(first.Written, again.Count(RestoreActionKind.Unchanged));
    }

    [Fact]
    public async Task From_ALocalRemote_RestoresIntoANewFolderWithoutAnyLocalState()
    {
        using var ws = Populated();
        ws.Sync();
        var remote = Path.Combine(ws.Root, "remote.git");
        Assert.Equal(0, ws.Git("clone", "--bare", "--quiet", ws.Config.RepositoryPath, remote).Exit);
        var target = Path.Combine(ws.Root, "recovered");

        var (exit, output, err) = await ws.CliAsync("restore", "HEAD", "--from", "file://" + remote, "--to", target);

        Assert.True(exit == 0, output + err);
        Assert.Equal("alpha", File.ReadAllText(Path.Combine(target, "notes/a.md")));
        Assert.Equal("a.md", new FileInfo(Path.Combine(target, "notes/link.md")).LinkTarget);
    }

    [Fact]
    public async Task From_WithoutTo_IsAUsageError()
    {
        using var ws = new TestWorkspace();

        var (exit, _, err) = await ws.CliAsync("restore", "HEAD", "--from", "/nowhere");

        Assert.Equal(2, exit);
        Assert.Contains("--to", err, StringComparison.Ordinal);
    }

    /// <summary>A restore target whose <c>notes</c> entry is a symlink to a folder outside it.</summary>
    private static (string Target, string Outside) TargetWithNotesLinkedOutside(TestWorkspace ws)
    {
        var target = Path.Combine(ws.Root, "target");
        var outside = Path.Combine(ws.Root, "outside");
        Directory.CreateDirectory(target);
        Directory.CreateDirectory(outside);
        Directory.CreateSymbolicLink(Path.Combine(target, "notes"), outside);
        return (target, outside);
    }
}
