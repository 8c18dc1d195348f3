using System.Runtime.InteropServices;

namespace BrainRepo.Core.Restore;

/// <summary>
/// The few POSIX calls .NET does not expose: fsync of a folder, syncfs of a file system, rename without
/// replacing, and a plain open/write/close for restore's staging files. (.NET's FileStream and
/// File.OpenHandle also fstat, lseek and take an advisory flock on every open; the process-wide switch
/// that turns the flock off would also disarm <c>WorkspaceLock</c>, which relies on it.)
/// </summary>
internal static partial class NativeFileSystem
{
    private const int OWrOnly = 1;
    private const int OCreat = 0x40; // Linux (x86-64 and the generic ABI of arm64 agree on these three)
    private const int OExcl = 0x80;
    private const int AtFdCwd = -100;
    private const uint RenameNoReplaceFlag = 1;
    private const int EIntr = 4;
    private const int EExist = 17;
    private const int EInval = 22;
    private const int ENoSys = 38;

    private static volatile bool noReplaceUnsupported;

    private const int ORdOnly = 0;
    private const int ODirectory = 0x10000; // Linux
    private const int OCloexec = 0x80000; // Linux

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int OpenCreate(string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static unsafe partial nint WriteNative(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "fchmod", SetLastError = true)]
    private static partial int Fchmod(int fd, uint mode);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int CloseChecked(int fd);

    [LibraryImport("libc", EntryPoint = "renameat2", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int RenameAt2(int oldDirFd, string oldPath, int newDirFd, string newPath, uint flags);

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

    /// <summary>
    /// Creates <paramref name="path"/>, which must not exist (O_CREAT|O_EXCL: never opens an existing file
    /// and never follows a symlink), writes exactly <paramref name="content"/> and sets
    /// <paramref name="mode"/> exactly, whatever the umask. No flush: the caller decides when data must be durable.
    /// </summary>
    public static unsafe void WriteNewFile(string path, ReadOnlySpan<byte> content, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Restore writes POSIX modes; it runs on Linux and macOS.");
        }

        if (!OperatingSystem.IsLinux())
        {
            using var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.None);
            RandomAccess.Write(handle, content, 0);
            File.SetUnixFileMode(handle, mode);
            return;
        }

        var fd = OpenCreate(path, OWrOnly | OCreat | OExcl | OCloexec, (uint)mode);
        if (fd < 0)
        {
            throw Error("create", path);
        }

        IOException? failure = null;
        try
        {
            fixed (byte* start = content)
            {
                var done = 0;
                while (done < content.Length)
                {
                    var n = WriteNative(fd, start + done, (nuint)(content.Length - done));
                    if (n < 0)
                    {
                        if (Marshal.GetLastPInvokeError() == EIntr)
                        {
                            continue;
                        }

                        failure = Error("write", path);
                        break;
                    }

                    done += (int)n;
                }
            }

            if (failure is null && Fchmod(fd, (uint)mode) != 0)
            {
                failure = Error("set the mode of", path);
            }
        }
        finally
        {
            if (CloseChecked(fd) != 0 && Marshal.GetLastPInvokeError() != EIntr)
            {
                failure ??= Error("close", path); // some file systems report a failed write only here
            }
        }

        if (failure is not null)
        {
            // The file is ours (O_EXCL created it): remove the partial copy.
            try
            {
                File.Delete(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }

            throw failure;
        }
    }

    /// <summary>
    /// renameat2(RENAME_NOREPLACE): renames only when nothing is at <paramref name="to"/>. Returns false
    /// when something is (a file that appeared after the plan); throws <see cref="PlatformNotSupportedException"/>
    /// when the system cannot rename without replacing (not Linux, an old kernel or libc, or a file system without it).
    /// </summary>
    public static bool RenameNoReplace(string from, string to)
    {
        if (!SupportsRenameNoReplace)
        {
            throw new PlatformNotSupportedException("rename without replacing is not available here.");
        }

        int result;
        try
        {
            result = RenameAt2(AtFdCwd, from, AtFdCwd, to, RenameNoReplaceFlag);
        }
        catch (EntryPointNotFoundException)
        {
            noReplaceUnsupported = true;
            throw new PlatformNotSupportedException("renameat2 is not available in this C library.");
        }

        if (result == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno == EExist)
        {
            return false;
        }

        if (errno is EInval or ENoSys)
        {
            noReplaceUnsupported = true;
            throw new PlatformNotSupportedException($"renameat2(RENAME_NOREPLACE) is not supported here (errno {errno}).");
        }

        throw new IOException($"Could not rename '{from}' to '{to}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).", errno);
    }

    /// <summary>False once rename without replacing is known not to work here (and always off Linux).</summary>
    public static bool SupportsRenameNoReplace => OperatingSystem.IsLinux() && !noReplaceUnsupported;

    private static IOException Error(string what, string path)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new IOException($"Could not {what} '{path}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).", errno);
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
