using System.Runtime.InteropServices;
using BrainRepo.Core.Tests.Support;

namespace BrainRepo.Core.Tests.Restore;

/// <summary>
/// A new file gets git's 644 or 755 less what the user's umask takes away, as git itself would write it (restore
/// reads the umask and never changes it); a replaced file keeps to its old mode whatever the umask.
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
    public void Restore_UnderAnyUmask_HonoursItForNewFiles(string umask)
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

        var mask = Convert.ToInt32(umask, 8);
        var regular = Convert.ToString(Convert.ToInt32("644", 8) & ~mask, 8);
        var executable = Convert.ToString(Convert.ToInt32("755", 8) & ~mask, 8);
        foreach (var target in new[] { fresh, existing })
        {
            Assert.Equal(regular, Mode(Path.Combine(target, "notes/a.md")));
            Assert.Equal(regular, Mode(Path.Combine(target, "notes/new/b.md")));
            Assert.Equal(executable, Mode(Path.Combine(target, "tools/run.sh")));
            Assert.Equal(regular, Mode(Path.Combine(target, "top.md")));
        }
    }

    private static string Mode(string path) => Convert.ToString((int)File.GetUnixFileMode(path), 8);
}
