using BrainRepo.Core.Errors;
using BrainRepo.Core.Model;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Tests.Support;

namespace BrainRepo.Core.Tests.Snapshots;

public sealed class WatchPathTests
{
    [Fact]
    public void Sync_WhenWatchPathVanishes_KeepsPreviousSubtreeAndIsIncomplete()
    {
        using var ws = new TestWorkspace(configOverride: "watch_paths = [\"memory\", \"skills\"]");
        ws.Write("memory/a.md", "a");
        ws.Write("memory/deep/b.md", "b");
        ws.Write("skills/s.md", "s");
        ws.Sync();
        Directory.Move(ws.PathOf("memory"), Path.Combine(ws.Root, "memory-unmounted"));
        ws.Delete("skills/s.md");

        var result = ws.Sync();

        Assert.Equal(SnapshotStatus.Incomplete, result.Status);
        var files = ws.SnapshotFiles();
        Assert.Contains("memory/a.md", files.Keys);
        Assert.Contains("memory/deep/b.md", files.Keys);
        Assert.DoesNotContain("skills/s.md", files.Keys); // a real deletion elsewhere still applies
        Assert.Contains(result.Report.Problems, p => p.Contains("'memory' does not exist", StringComparison.Ordinal));
        Assert.Contains(result.Report.Entries, e => e.Path == "memory/a.md" && e.Disposition == Disposition.WatchPathMissing && e.CarriedBlob is not null);
    }

    [Fact]
    public void Sync_WhenWatchPathReturnsWithAFileDeleted_DeletesOnlyThatFile()
    {
        using var ws = new TestWorkspace(configOverride: "watch_paths = [\"memory\"]");
        ws.Write("memory/a.md", "a");
        ws.Write("memory/b.md", "b");
        ws.Sync();
        Directory.Move(ws.PathOf("memory"), Path.Combine(ws.Root, "away"));
        ws.Sync();
        Directory.Move(Path.Combine(ws.Root, "away"), ws.PathOf("memory"));
        ws.Delete("memory/a.md");

        var result = ws.Sync();

        Assert.Equal(SnapshotStatus.Complete, result.Status);
        Assert.Equal(["memory/b.md"], ws.SnapshotFiles().Keys.ToArray());
    }

    [Theory]
    [InlineData("memroy", "which does not exist (did you mean 'memory'?)")]
    [InlineData("readme.md", "which is not a folder")]
    public void Sync_WhenAWatchPathNoSnapshotEverHeldIsNotAFolder_IsAConfigError_AndWritesNothing(string watchPath, string said)
    {
        using var ws = new TestWorkspace(configOverride: $"watch_paths = [\"{watchPath}\"]");
        ws.Write("memory/a.md", "a");
        ws.Write("readme.md", "r");

        var error = Assert.Throws<ConfigException>(() => ws.Sync());

        Assert.Equal("watch_paths", error.Key);
        Assert.Contains($"'{watchPath}', {said}", error.Message, StringComparison.Ordinal);
        Assert.Null(ws.Head());
        Assert.Equal(0, ws.PackCount());
    }

    [Fact]
    public void Sync_WhenAWatchPathThatHeldFilesIsMissing_AfterTheStatCacheIsLost_StillCarriesItForward()
    {
        using var ws = new TestWorkspace(configOverride: "watch_paths = [\"memory\"]");
        ws.Write("memory/a.md", "a");
        ws.Sync();
        foreach (var state in Directory.EnumerateFiles(ws.Config.StateDirectory).Where(f => Path.GetFileName(f).StartsWith("stat", StringComparison.Ordinal)))
        {
            File.Delete(state); // the stat cache and the state database: the baseline comes from the repository
        }

        Directory.Move(ws.PathOf("memory"), Path.Combine(ws.Root, "memory-unmounted"));

        var result = ws.Sync();

        Assert.Equal(SnapshotStatus.Incomplete, result.Status);
        Assert.Equal(["memory/a.md"], ws.SnapshotFiles().Keys.ToArray());
    }

    [Fact]
    public void Sync_OnlyBacksUpWatchPaths()
    {
        using var ws = new TestWorkspace(configOverride: "watch_paths = [\"memory\"]");
        ws.Write("memory/a.md", "a");
        ws.Write("elsewhere/b.md", "b");

        ws.Sync();

        Assert.Equal(["memory/a.md"], ws.SnapshotFiles().Keys.ToArray());
    }

    [Fact]
    public void Sync_EvonexusPreset_WatchesItsFoldersAndSkipsItsExcludedPaths()
    {
        using var ws = new TestWorkspace(preset: "evonexus");
        ws.Write("memory/a.md", "a");
        ws.Write("memory/raw-transcripts/t.txt", "t");
        ws.Write("workspace/w.md", "w");
        ws.Write("workspace/projects/p/x.py", "x");
        ws.Write("customizations/c.yaml", "c: 1");
        ws.Write("config-safe/k.json", "{}");
        ws.Write("other/o.md", "o");

        var result = ws.Sync();

        Assert.Equal(["config-safe/k.json", "customizations/c.yaml", "memory/a.md", "workspace/w.md"], ws.SnapshotFiles().Keys.Order(StringComparer.Ordinal).ToArray());
        Assert.Contains(result.Report.Entries, e => e.Path == "memory/raw-transcripts" && e.Rule == "exclude_paths:memory/raw-transcripts");
        Assert.Contains(result.Report.Entries, e => e.Path == "workspace/projects" && e.Rule == "exclude_paths:workspace/projects");
    }
}
