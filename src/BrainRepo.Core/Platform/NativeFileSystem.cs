using System.Globalization;
using System.Runtime.InteropServices;

namespace BrainRepo.Core.Platform;

/// <summary>
/// The few POSIX calls .NET does not expose: fsync of a folder, syncfs of a file system, rename without
/// replacing, folder descriptors for the *at calls, and a plain open/write/close for restore's files.
/// (.NET's FileStream and File.OpenHandle also fstat, lseek and take an advisory flock on every open;
/// the process-wide switch that turns the flock off would also disarm <c>WorkspaceLock</c>, which relies on it.)
/// </summary>
internal static partial class NativeFileSystem
{
    private const int ORdOnly = 0;
    private const int OWrOnly = 1;
    private const int OCreat = 0x40; // Linux: the same on x86-64, arm64 and the generic ABI
    private const int OExcl = 0x80;
    internal const int OCloexec = 0x80000;
    private const int AtFdCwd = -100;
    private const uint RenameNoReplaceFlag = 1;
    internal const int EIntr = 4;
    internal const int ENoEnt = 2;
    private const int EPerm = 1;
    private const int EExist = 17;
    internal const int ENotDir = 20;
    private const int EInval = 22;
    private const int E2Big = 7;
    private const int ENoSys = 38;
    internal const int ELoop = 40;
    private const int ENoData = 61;
    private const int EXDev = 18;
    private const int EOpNotSupp = 95;
    private const long SysOpenat2 = 437; // the same number on every Linux architecture (new syscalls share one table)
    private const ulong ResolveNoSymlinks = 0x04;
    private const ulong ResolveBeneath = 0x08;

    /// <summary>True where O_DIRECTORY and O_NOFOLLOW have the arm/powerpc values rather than the generic (x86-64) ones.</summary>
    private static readonly bool ArmFlagLayout = RuntimeInformation.ProcessArchitecture is Architecture.Arm or Architecture.Arm64 or Architecture.Armv6 or Architecture.Ppc64le;
    internal static readonly int ODirectory = ArmFlagLayout ? 0x4000 : 0x10000;
    internal static readonly int ONoFollow = ArmFlagLayout ? 0x8000 : 0x20000;

    private static volatile bool noReplaceUnsupported;
    private static volatile bool openat2Unsupported;

    /// <summary>Tests only: false makes <see cref="OpenDirectoryBeneath"/> take its openat fallback, as on a kernel without openat2.</summary>
    internal static bool TryOpenat2
    {
        get => !openat2Unsupported;
        set => openat2Unsupported = !value;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct OpenHow
    {
        public ulong Flags;
        public ulong Mode;
        public ulong Resolve;
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "openat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int OpenAt(int dirFd, string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static unsafe partial long SyscallOpenat2(long number, int dirFd, byte* path, OpenHow* how, nuint size);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static unsafe partial nint WriteNative(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "fchmod", SetLastError = true)]
    private static partial int Fchmod(int fd, uint mode);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int CloseChecked(int fd);

    [LibraryImport("libc", EntryPoint = "renameat2", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int RenameAt2(int oldDirFd, string oldPath, int newDirFd, string newPath, uint flags);

    [LibraryImport("libc", EntryPoint = "symlinkat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int SymlinkAtNative(string linkText, int dirFd, string name);

    [LibraryImport("libc", EntryPoint = "mkdir", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int MkdirNative(string path, uint mode);

    [LibraryImport("libc", EntryPoint = "unlinkat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int UnlinkAt(int dirFd, string name, int flags);

    [LibraryImport("libc", EntryPoint = "fgetxattr", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial nint FGetXattr(int fd, string name, nint value, nuint size);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    private static partial int Syncfs(int fd);

    [LibraryImport("libc", EntryPoint = "rename", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int RenameNative(string from, string to);

    /// <summary>The descriptor that makes the *at calls take full paths.</summary>
    public static int CurrentDirectory => AtFdCwd;

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
    public static void WriteNewFile(string path, ReadOnlySpan<byte> content, UnixFileMode mode)
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

        WriteNewFileAt(AtFdCwd, path, content, mode, setMode: true, path);
    }

    /// <summary>
    /// Creates <paramref name="name"/> in the folder <paramref name="dirFd"/> (Linux only), which must not
    /// exist: O_CREAT|O_EXCL|O_NOFOLLOW never opens an existing file and never follows a symlink. Writes
    /// exactly <paramref name="content"/>. The file is created with <paramref name="mode"/>; it is set again
    /// with fchmod only when <paramref name="setMode"/> (see <see cref="CreateYieldsExactMode"/>).
    /// </summary>
    public static unsafe void WriteNewFileAt(int dirFd, string name, ReadOnlySpan<byte> content, UnixFileMode mode, bool setMode, string displayPath)
    {
        var fd = OpenAt(dirFd, name, OWrOnly | OCreat | OExcl | OCloexec | ONoFollow, (uint)mode);
        if (fd < 0)
        {
            throw Error("create", displayPath);
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

                        failure = Error("write", displayPath);
                        break;
                    }

                    done += (int)n;
                }
            }

            if (failure is null && setMode && Fchmod(fd, (uint)mode) != 0)
            {
                failure = Error("set the mode of", displayPath);
            }
        }
        finally
        {
            if (CloseChecked(fd) != 0 && Marshal.GetLastPInvokeError() != EIntr)
            {
                failure ??= Error("close", displayPath); // some file systems report a failed write only here
            }
        }

        if (failure is not null)
        {
            // The file is ours (O_EXCL created it): remove the partial copy.
            _ = UnlinkAt(dirFd, name, 0);
            throw failure;
        }
    }

    /// <summary>symlinkat(2): creates the link <paramref name="name"/> in <paramref name="dirFd"/>; fails if anything is there.</summary>
    public static void SymlinkAt(string linkText, int dirFd, string name, string displayPath)
    {
        if (SymlinkAtNative(linkText, dirFd, name) != 0)
        {
            throw Error("create the symlink", displayPath);
        }
    }

    /// <summary>mkdir(2) with mode 0777 (less the umask, as any new folder): 0, or the errno (EEXIST when anything is at the path, a symlink included).</summary>
    public static int MakeDirectory(string path) =>
        MkdirNative(path, Convert.ToUInt32("777", 8)) == 0 ? 0 : Marshal.GetLastPInvokeError();

    /// <summary>
    /// True when creating a file with <paramref name="mode"/> in a folder yields exactly that mode, so no
    /// fchmod is needed: the <paramref name="umask"/> (from <see cref="ReadUmask"/>; null when unknown)
    /// clears none of its bits, and the folder has no default ACL (which would replace the umask).
    /// </summary>
    public static bool CreateYieldsExactMode(UnixFileMode mode, bool folderHasDefaultAcl, int? umask) =>
        !folderHasDefaultAcl && umask is { } mask && (mask & (int)mode) == 0;

    /// <summary>True when the folder <paramref name="dirFd"/> has a default ACL, or when that cannot be told.</summary>
    public static bool HasDefaultAcl(int dirFd)
    {
        if (FGetXattr(dirFd, "system.posix_acl_default", 0, 0) >= 0)
        {
            return true;
        }

        return Marshal.GetLastPInvokeError() is not (ENoData or EOpNotSupp);
    }

    /// <summary>
    /// The process umask from the "Umask:" line of /proc/self/status (Linux 4.7+), or null where it cannot
    /// be read. Reading it this way never changes it (umask(2) can only be read by setting it).
    /// </summary>
    public static int? ReadUmask()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("Umask:", StringComparison.Ordinal))
                {
                    var digits = line["Umask:".Length..].Trim();
                    return digits.Length > 0 && digits.All(c => c is >= '0' and <= '7') ? Convert.ToInt32(digits, 8) : null;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }

        return null;
    }

    /// <summary>Opens the folder <paramref name="path"/> (following symlinks, as named by the user) for the *at calls; -1 when it cannot.</summary>
    public static int OpenDirectory(string path) =>
        OperatingSystem.IsLinux() ? Open(path, ORdOnly | ODirectory | OCloexec) : -1;

    /// <summary>
    /// Opens the folder <paramref name="relative"/> below <paramref name="rootFd"/> without following any
    /// symlink on the way: openat2(RESOLVE_BENEATH|RESOLVE_NO_SYMLINKS), or, where that is unavailable, one
    /// openat(O_NOFOLLOW|O_DIRECTORY) per component. Returns the descriptor, or -1 with <paramref name="errno"/>
    /// (ELOOP/EXDEV/ENOTDIR: a symlink or a non-folder is in the way; ENOENT: it is gone).
    /// </summary>
    public static unsafe int OpenDirectoryBeneath(int rootFd, string relative, out int errno)
    {
        errno = 0;
        var flags = ORdOnly | ODirectory | ONoFollow | OCloexec;
        if (!openat2Unsupported)
        {
            var how = new OpenHow { Flags = (ulong)flags, Mode = 0, Resolve = ResolveBeneath | ResolveNoSymlinks };
            var max = System.Text.Encoding.UTF8.GetMaxByteCount(relative.Length) + 1;
            Span<byte> bytes = max <= 4096 ? stackalloc byte[max] : new byte[max];
            bytes[System.Text.Encoding.UTF8.GetBytes(relative, bytes)] = 0;
            long fd;
            try
            {
                fixed (byte* p = bytes)
                {
                    fd = SyscallOpenat2(SysOpenat2, rootFd, p, &how, (nuint)sizeof(OpenHow));
                }
            }
            catch (EntryPointNotFoundException)
            {
                fd = -1;
                openat2Unsupported = true;
            }

            if (fd >= 0)
            {
                return (int)fd;
            }

            if (!openat2Unsupported)
            {
                errno = Marshal.GetLastPInvokeError();
                if (errno is not (ENoSys or EPerm or E2Big or EInval))
                {
                    return -1;
                }

                openat2Unsupported = true; // an old kernel, or a seccomp filter that does not know it
            }
        }

        var current = rootFd;
        foreach (var part in relative.Split('/'))
        {
            var next = OpenAt(current, part, flags, 0);
            var failed = next < 0 ? Marshal.GetLastPInvokeError() : 0;
            if (current != rootFd)
            {
                _ = Close(current);
            }

            if (next < 0)
            {
                errno = failed;
                return -1;
            }

            current = next;
        }

        return current == rootFd ? -1 : current;
    }

    /// <summary>True for the errno of <see cref="OpenDirectoryBeneath"/> that means "something other than a real folder is in the way".</summary>
    public static bool IsNotAFolder(int errno) => errno is ELoop or EXDev or ENotDir;

    /// <summary>Closes a descriptor from <see cref="OpenDirectory"/> or <see cref="OpenDirectoryBeneath"/>.</summary>
    public static void CloseDirectory(int fd)
    {
        if (fd >= 0)
        {
            _ = Close(fd);
        }
    }

    /// <summary>
    /// renameat2(RENAME_NOREPLACE): renames only when nothing is at <paramref name="to"/>. Returns false
    /// when something is (a file that appeared after the plan); throws <see cref="PlatformNotSupportedException"/>
    /// when the system cannot rename without replacing (not Linux, an old kernel or libc, or a file system without it).
    /// </summary>
    public static bool RenameNoReplace(string from, string to) => RenameNoReplaceAt(AtFdCwd, from, to);

    /// <summary><see cref="RenameNoReplace"/> of two names in the folder <paramref name="dirFd"/>.</summary>
    public static bool RenameNoReplaceAt(int dirFd, string from, string to)
    {
        if (!SupportsRenameNoReplace)
        {
            throw new PlatformNotSupportedException("rename without replacing is not available here.");
        }

        int result;
        try
        {
            result = RenameAt2(dirFd, from, dirFd, to, RenameNoReplaceFlag);
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

    /// <summary>The text of an errno, for messages.</summary>
    public static string Describe(int errno) => $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno.ToString(CultureInfo.InvariantCulture)})";

    /// <summary>True for ENOENT.</summary>
    public static bool IsGone(int errno) => errno == ENoEnt;

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
