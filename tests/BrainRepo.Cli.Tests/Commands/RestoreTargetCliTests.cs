using BrainRepo.Core.Errors;
using BrainRepo.Core.Tests.Support;

namespace BrainRepo.Cli.Tests.Commands;

/// <summary>
/// A restore or listing path that matches nothing is an error, not an empty success; a restore into another folder
/// never replaces existing files there unless asked to.
/// </summary>
public sealed class RestoreTargetCliTests : IDisposable
{
    private readonly TestWorkspace ws = new();

    public RestoreTargetCliTests()
    {
        ws.Write("notes/a.md", "alpha");
        ws.Write("notes/b.md", "beta");
    }

    public void Dispose() => ws.Dispose();

    private static string Flat(string text) => text.Replace("\n", "", StringComparison.Ordinal);

    [Fact]
    public async Task Restore_PathThatMatchesNothing_ExitsTwo_SuggestsTheNearPath_AndTakesNoSafetySnapshot()
    {
        Assert.Equal(0, (await ws.CliAsync("sync")).Exit);
        var head = ws.Head();

        foreach (var extra in new[] { new[] { "--dry-run" }, [] })
        {
            var (exit, _, err) = await ws.CliAsync(["restore", "HEAD", "--path", "nots", .. extra]);

            Assert.Equal(2, exit);
            Assert.Contains($"error {ErrorCodes.PathNotInSnapshot}:", err, StringComparison.Ordinal);
            Assert.Contains("'nots' matches nothing", Flat(err), StringComparison.Ordinal);
            Assert.Contains("Did you mean 'notes'", Flat(err), StringComparison.Ordinal);
        }

        Assert.Equal(head, ws.Head());
        Assert.Equal("", ws.Git("tag", "--list").Out);
        Assert.Equal(0, (await ws.CliAsync("restore", "HEAD", "--path", "notes/a.md", "--dry-run")).Exit);
    }

    [Fact]
    public async Task Restore_PathOnlyOnDisk_WithDelete_IsAccepted_AndDeletesIt()
    {
        await ws.CliAsync("sync");
        ws.Write("scratch/x.md", "made after the snapshot");

        var without = await ws.CliAsync("restore", "HEAD", "--path", "scratch");
        var with = await ws.CliAsync("restore", "HEAD", "--path", "scratch", "--delete");

        Assert.Equal(2, without.Exit);
        Assert.True(with.Exit == 0, with.Out + with.Err);
        Assert.False(File.Exists(ws.PathOf("scratch/x.md")));
    }

    [Fact]
    public async Task Ls_PathThatMatchesNothing_ExitsTwo_ButAnExistingFolderLists()
    {
        await ws.CliAsync("sync");

        var missing = await ws.CliAsync("ls", "HEAD", "nosuch/path");
        var folder = await ws.CliAsync("ls", "HEAD", "notes");

        Assert.Equal(2, missing.Exit);
        Assert.Contains($"error {ErrorCodes.PathNotInSnapshot}:", missing.Err, StringComparison.Ordinal);
        Assert.Equal("", missing.Out);
        Assert.Equal(0, folder.Exit);
        Assert.Contains("notes/b.md", folder.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RestoreTo_FolderWithDifferingFiles_IsRefusedListingThem_UntilOverwrite()
    {
        await ws.CliAsync("sync");
        var target = Path.Combine(ws.Root, "elsewhere");
        Directory.CreateDirectory(Path.Combine(target, "notes"));
        File.WriteAllText(Path.Combine(target, "notes", "a.md"), "someone else's file");
        File.WriteAllText(Path.Combine(target, "unrelated.txt"), "keep me");

        var dry = await ws.CliAsync("restore", "HEAD", "--to", target, "--dry-run");
        var refused = await ws.CliAsync("restore", "HEAD", "--to", target);

        Assert.Equal(0, dry.Exit);
        Assert.Contains("without --overwrite", dry.Out, StringComparison.Ordinal);
        Assert.Equal(2, refused.Exit);
        Assert.Contains($"error {ErrorCodes.RestoreWouldOverwrite}:", refused.Err, StringComparison.Ordinal);
        Assert.Contains("notes/a.md", refused.Err, StringComparison.Ordinal);
        Assert.Contains("--overwrite", refused.Err, StringComparison.Ordinal);
        Assert.Equal("someone else's file", File.ReadAllText(Path.Combine(target, "notes", "a.md")));
        Assert.False(File.Exists(Path.Combine(target, "notes", "b.md")), "nothing is written when the restore is refused");

        var overwrite = await ws.CliAsync("restore", "HEAD", "--to", target, "--overwrite");

        Assert.True(overwrite.Exit == 0, overwrite.Out + overwrite.Err);
        Assert.Equal("alpha", File.ReadAllText(Path.Combine(target, "notes", "a.md")));
        Assert.Equal("beta", File.ReadAllText(Path.Combine(target, "notes", "b.md")));
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(target, "unrelated.txt")));
    }

    [Fact]
    public async Task RestoreTo_FolderWithIdenticalOrUnrelatedFiles_NeedsNoConfirmation()
    {
        await ws.CliAsync("sync");
        var target = Path.Combine(ws.Root, "elsewhere");
        Directory.CreateDirectory(Path.Combine(target, "notes"));
        File.WriteAllText(Path.Combine(target, "notes", "a.md"), "alpha");
        File.WriteAllText(Path.Combine(target, "unrelated.txt"), "keep me");

        var (exit, output, err) = await ws.CliAsync("restore", "HEAD", "--to", target);

        Assert.True(exit == 0, output + err);
        Assert.Equal("beta", File.ReadAllText(Path.Combine(target, "notes", "b.md")));
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(target, "unrelated.txt")));
    }

    [Fact]
    public async Task RestoreFrom_IntoAFolderWithDifferingFiles_IsRefusedToo()
    {
        await ws.CliAsync("sync");
        var target = Path.Combine(ws.Root, "new-machine");
        Directory.CreateDirectory(Path.Combine(target, "notes"));
        File.WriteAllText(Path.Combine(target, "notes", "b.md"), "already here");

        var (exit, _, err) = await ws.CliAsync("restore", "HEAD", "--from", ws.Config.RepositoryPath, "--to", target);

        Assert.Equal(2, exit);
        Assert.Contains(ErrorCodes.RestoreWouldOverwrite, err, StringComparison.Ordinal);
        Assert.Equal("already here", File.ReadAllText(Path.Combine(target, "notes", "b.md")));
    }
}
