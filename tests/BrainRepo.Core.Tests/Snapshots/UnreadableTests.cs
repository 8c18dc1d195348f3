using BrainRepo.Core.Model;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Tests.Support;

namespace BrainRepo.Core.Tests.Snapshots;

public sealed class UnreadableTests
{
    private const UnixFileMode Rw = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public void Sync_UnreadableFile_KeepsItsPreviousVersion_AndDeletionsElsewhereStillApply()
    {
        using var ws = new TestWorkspace();
        ws.Write("notes/locked.md", "v1");
        ws.Write("notes/gone.md", "bye");
        ws.Write("notes/kept.md", "k");
        var first = UnprivilegedCli.Run(ws, "sync");
        Assert.True(first.Exit == 0, first.Out + first.Err);
        ws.Write("notes/locked.md", "v2 that cannot be read");
        File.SetUnixFileMode(ws.PathOf("notes/locked.md"), UnixFileMode.None);
        ws.Delete("notes/gone.md");

        var second = UnprivilegedCli.Run(ws, "sync", "--json");

        Assert.True(second.Exit == 3, $"expected exit 3 (incomplete), got {second.Exit}: {second.Out}{second.Err}");
        Assert.Contains("notes/locked.md", second.Err, StringComparison.Ordinal); // the warning is logged, on stderr
        using (var json = System.Text.Json.JsonDocument.Parse(second.Out))
        {
            Assert.Equal("incomplete", json.RootElement.GetProperty("status").GetString());
        }
        File.SetUnixFileMode(ws.PathOf("notes/locked.md"), Rw);
        Assert.Equal("v1", ws.ReadStored("notes/locked.md"));
        Assert.DoesNotContain("notes/gone.md", ws.SnapshotFiles().Keys);
        var entry = Assert.Single(ws.Report().Entries, e => e.Path == "notes/locked.md");
        Assert.Equal(Disposition.Unreadable, entry.Disposition);
        Assert.Equal(SnapshotStatus.Incomplete, ws.Report().Status);
    }

    [Fact]
    public void Sync_UnreadableFolder_KeepsItsSubtree()
    {
        using var ws = new TestWorkspace();
        ws.Write("private/a.md", "a");
        ws.Write("private/sub/b.md", "b");
        ws.Write("public/c.md", "c");
        Assert.Equal(0, UnprivilegedCli.Run(ws, "sync").Exit);
        File.SetUnixFileMode(ws.PathOf("private"), UnixFileMode.None);

        var second = UnprivilegedCli.Run(ws, "sync", "--json");

        File.SetUnixFileMode(ws.PathOf("private"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Assert.Equal(3, second.Exit);
        using (var json = System.Text.Json.JsonDocument.Parse(second.Out)) // warnings go to stderr, never into --json
        {
            Assert.Equal("incomplete", json.RootElement.GetProperty("status").GetString());
        }

        var files = ws.SnapshotFiles().Keys.ToHashSet();
        Assert.Contains("private/a.md", files);
        Assert.Contains("private/sub/b.md", files);
        Assert.Contains(ws.Report().Problems, p => p.Contains("'private' could not be listed", StringComparison.Ordinal));
    }
}
