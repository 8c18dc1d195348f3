using BrainRepo.Core.Inventory;
using BrainRepo.Core.Tests.Support;

namespace BrainRepo.Core.Tests.Inventory;

public sealed class WatchCoverageTests
{
    [Fact]
    public void Inspect_CountsFilesOutsideEveryWatchPath_AndNamesTheLargestUnwatchedFolders()
    {
        using var ws = new TestWorkspace(configOverride: "watch_paths = [\"projects/a\", \"memory\", \"gone\"]");
        ws.Write("memory/m.md", "m");
        ws.Write("projects/a/x.md", "x");
        ws.Write("projects/b/y.md", "y");
        ws.Write("projects/b/deep/z.md", "z");
        ws.Write("projects/readme.md", "r");
        ws.Write("top.md", "t");
        ws.Write("node_modules/pkg/index.js", "excluded by name anyway");
        var outside = Path.Combine(ws.Root, "outside");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "big.md"), "never followed");
        File.CreateSymbolicLink(ws.PathOf("link"), outside);

        var coverage = WatchCoverage.Inspect(ws.Workspace, ws.Config.Policy, ws.Config.Policy.WatchPaths, CancellationToken.None);

        Assert.Equal(["gone"], coverage.MissingWatchPaths);
        Assert.Equal(["projects/b"], coverage.UnwatchedFolders);
        Assert.Equal(5, coverage.FilesOutside); // y, z, readme, top, and the symlink itself
    }

    [Fact]
    public void Inspect_WhenTheWholeWorkspaceIsWatched_FindsNothingOutside()
    {
        using var ws = new TestWorkspace();
        ws.Write("notes/a.md", "a");
        ws.Write("b.md", "b");

        var coverage = WatchCoverage.Inspect(ws.Workspace, ws.Config.Policy, ws.Config.Policy.WatchPaths, CancellationToken.None);

        Assert.Empty(coverage.MissingWatchPaths);
        Assert.Empty(coverage.UnwatchedFolders);
        Assert.Equal(0, coverage.FilesOutside);
    }
}
