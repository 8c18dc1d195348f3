using System.Runtime.InteropServices;

namespace BrainRepo.Core.Restore;

/// <summary>The few POSIX calls .NET does not expose: fsync of a folder and syncfs of a file system.</summary>
internal static partial class NativeFileSystem
{
    private const int ORdOnly = 0;
    private const int ODirectory = 0x10000; // Linux
    private const int OCloexec = 0x80000; // Linux

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    private static partial int Syncfs(int fd);

    [LibraryImport("libc", EntryPoint = "rename", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int RenameNative(string from, string to);

    /// <summary>
    /// rename(2): atomically replaces a file or symlink at <paramref name="to"/>, never following either name.
    /// (File.Move refuses a symlink whose target is a folder.)
    /// </summary>
    public static void Rename(string from, string to)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            File.Move(from, to, overwrite: true);
            return;
        }

        if (RenameNative(from, to) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"Could not rename '{from}' to '{to}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).", errno);
        }
    }

    /// <summary>Flushes a folder's entries (new names, renames) to disk. Best effort off Linux.</summary>
    public static void FsyncDirectory(string path) => WithDirectory(path, fd => Fsync(fd));

    /// <summary>Flushes every dirty file of the file system holding <paramref name="path"/>; false when unsupported.</summary>
    public static bool SyncFileSystem(string path) => WithDirectory(path, fd => Syncfs(fd));

    private static bool WithDirectory(string path, Func<int, int> call)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        var fd = Open(path, ORdOnly | ODirectory | OCloexec);
        if (fd < 0)
        {
            return false;
        }

        try
        {
            return call(fd) == 0;
        }
        finally
        {
            _ = Close(fd);
        }
    }
}
