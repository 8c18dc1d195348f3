using BrainRepo.Core.Tests.Support;

namespace BrainRepo.Core.Tests.Restore;

/// <summary>
/// A restored file never ends up more readable than the file it replaces: a 0600 file stays 0600 and a 000 file 000,
/// while the snapshot still decides whether it is executable (for whoever may read it).
/// </summary>
public sealed class RestoreModeTests
{
    [Fact]
    public void Restore_OverFilesWithTighterModes_KeepsThemNoMoreOpen()
    {
        using var ws = new TestWorkspace();
        ws.Write("notes/private.md", "secret v1");
        ws.Write("notes/open.md", "open v1");
        ws.Write("notes/locked.md", "locked v1");
        ws.Write("tools/run.sh", "#!/bin/sh\necho v1\n");
        ws.Write("tools/mine.sh", "#!/bin/sh\necho mine v1\n");
        RestoreTestKit.MakeExecutable(ws.PathOf("tools/run.sh"));
        File.SetUnixFileMode(ws.PathOf("tools/mine.sh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.SetUnixFileMode(ws.PathOf("notes/private.md"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        ws.Sync();
        foreach (var file in new[] { "notes/private.md", "notes/open.md", "notes/locked.md", "tools/run.sh", "tools/mine.sh" })
        {
            File.AppendAllText(ws.PathOf(file), "changed\n");
        }

        File.SetUnixFileMode(ws.PathOf("notes/locked.md"), UnixFileMode.None);
        File.SetUnixFileMode(ws.PathOf("tools/mine.sh"), UnixFileMode.UserRead | UnixFileMode.UserWrite); // lost its x: the snapshot gives it back, to its owner only

        var result = RestoreTestKit.Restore(ws, ws.Workspace);

        Assert.Equal(5, result.Written);
        Assert.Equal("600", Mode(ws.PathOf("notes/private.md")));
        Assert.Equal("0", Mode(ws.PathOf("notes/locked.md")));
        Assert.Equal("700", Mode(ws.PathOf("tools/mine.sh")));
        Assert.Equal("644", Mode(ws.PathOf("notes/open.md")));
        Assert.Equal("755", Mode(ws.PathOf("tools/run.sh")));
        Assert.Equal("secret v1", File.ReadAllText(ws.PathOf("notes/private.md")));
        File.SetUnixFileMode(ws.PathOf("notes/locked.md"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Assert.Equal("locked v1", File.ReadAllText(ws.PathOf("notes/locked.md")));
    }

    private static string Mode(string path) => Convert.ToString((int)File.GetUnixFileMode(path), 8);
}
