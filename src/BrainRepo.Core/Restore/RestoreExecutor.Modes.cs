using BrainRepo.Core.Model;
using BrainRepo.Core.Inventory;
using BrainRepo.Core.Snapshots;

namespace BrainRepo.Core.Restore;

public sealed partial class RestoreExecutor
{
    /// <summary>
    /// The mode of a restored file: git's 0644 or 0755, less what the umask takes away for a new file; for a file
    /// that replaces one (<paramref name="replaced"/>, its permission bits), never more open than that one was:
    /// read and write only where the old file allowed them, execute (when git's mode has it) only where reading is
    /// allowed. A 0600 file stays 0600 and a 000 file 000; the umask does not narrow a replaced file further.
    /// </summary>
    private UnixFileMode ModeOf(RestoreAction action, int? replaced)
    {
        const int executeBits = 0b001_001_001;
        var mode = (int)(action.Mode == GitFileMode.Executable ? Executable : Regular);
        if (replaced is not { } old)
        {
            return (UnixFileMode)(mode & ~(umask ?? 0));
        }

        var limited = mode & (old | executeBits);
        var readable = (limited >> 2) & executeBits;
        return (UnixFileMode)(limited & (~executeBits | readable));
    }

    /// <summary>The permission bits of the regular file at <paramref name="name"/> in the cursor's folder, or null when there is none.</summary>
    private static int? ReplacedPermissions(FolderCursor folder, string folderPath, string name)
    {
        var stat = folder.Fd >= 0 ? NativeStat.LStatAt(folder.Fd, name, folderPath) : NativeStat.LStat(Path.Combine(folderPath, name));
        return stat.Exists && stat.Kind == EntryKind.File ? stat.Permissions : null;
    }
}
