using System.Runtime.InteropServices;
using BrainRepo.Core.Tests.Support;

namespace BrainRepo.Core.Tests.Restore;

/// <summary>
/// Modes are exactly 644 and 755 whatever the umask: restore skips the fchmod only when the umask (read,
/// never changed, by restore) cannot alter the mode asked for at creation.
/// </summary>
[Collection(UmaskCollection.Name)]
public sealed partial class RestoreUmaskTests
{
    [LibraryImport("libc", EntryPoint = "umask")]
    private static partial uint SetUmask(uint mask);

    [LinuxTheory]
    [InlineData("077")]
    [InlineData("002")]
    [InlineData("027")]
    [InlineData("022")]
    public void Restore_UnderAnyUmask_WritesExactModes(string umask)
    {
        using var ws = new TestWorkspace();
        ws.Write("notes/a.md", "alpha");
        ws.Write("notes/new/b.md", "beta");
        ws.Write("tools/run.sh", "#!/bin/sh\n");
        ws.Write("top.md", "top");
        RestoreTestKit.MakeExecutable(ws.PathOf("tools/run.sh"));
        ws.Sync();
        var fresh = Path.Combine(ws.Root, "fresh");
        var existing = Path.Combine(ws.Root, "existing");
        Directory.CreateDirectory(Path.Combine(existing, "notes"));

        var previous = SetUmask(Convert.ToUInt32(umask, 8));
        try
        {
            RestoreTestKit.Restore(ws, fresh);    // every folder new: built in staging folders
            RestoreTestKit.Restore(ws, existing); // existing folders: a staging file per file
        }
        finally
        {
            SetUmask(previous);
        }

        foreach (var target in new[] { fresh, existing })
        {
            Assert.Equal("644", Mode(Path.Combine(target, "notes/a.md")));
            Assert.Equal("644", Mode(Path.Combine(target, "notes/new/b.md")));
            Assert.Equal("755", Mode(Path.Combine(target, "tools/run.sh")));
            Assert.Equal("644", Mode(Path.Combine(target, "top.md")));
        }
    }

    private static string Mode(string path) => Convert.ToString((int)File.GetUnixFileMode(path), 8);
}
