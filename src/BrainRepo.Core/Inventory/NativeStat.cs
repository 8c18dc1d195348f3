using BrainRepo.Core.Model;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace BrainRepo.Core.Inventory;

/// <summary>
/// lstat through Linux <c>statx(2)</c>, whose struct layout is the same on every architecture.
/// .NET's own file APIs expose neither ctime nor the inode, which the stat cache needs. Elsewhere
/// (macOS, or a kernel without statx) it falls back to the managed API, without ctime and inode.
/// </summary>
public static partial class NativeStat
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;
    private const int ENOSYS = 38;

    private static bool useStatx = OperatingSystem.IsLinux();

    // O_PATH | O_CLOEXEC: the same values on x86-64 and arm64. An O_PATH descriptor serves only as a
    // statx anchor; it reads nothing.
    private const int OpenPathFlags = 0x200000 | 0x80000;

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static unsafe partial int Statx(int dirfd, byte* path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true)]
    private static unsafe partial int Open(byte* path, int flags);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    public static StatResult LStat(string path) => LStatAt(AtFdCwd, path, "");

    /// <summary>
    /// A descriptor of <paramref name="directory"/> for <see cref="LStatAt"/>, or -1 (then pass full paths).
    /// The walk stats each entry relative to its folder, so the kernel resolves one name instead of every
    /// component of the path again (a quarter of a no-change sync's kernel time on a deep tree).
    /// </summary>
    public static unsafe int OpenDirectory(string directory)
    {
        if (!useStatx)
        {
            return -1;
        }

        var max = Encoding.UTF8.GetMaxByteCount(directory.Length) + 1;
        Span<byte> pathBytes = max <= 4096 ? stackalloc byte[max] : new byte[max];
        pathBytes[Encoding.UTF8.GetBytes(directory, pathBytes)] = 0;
        fixed (byte* p = pathBytes)
        {
            var fd = Open(p, OpenPathFlags);
            return fd >= 0 ? fd : -1;
        }
    }

    public static void CloseDirectory(int fd)
    {
        if (fd >= 0)
        {
            _ = Close(fd);
        }
    }

    /// <summary>
    /// lstat of <paramref name="path"/>, relative to the folder <paramref name="directoryFd"/> (from
    /// <see cref="OpenDirectory"/>), which is <paramref name="directory"/> (used only without statx).
    /// </summary>
    public static unsafe StatResult LStatAt(int directoryFd, string path, string directory)
    {
        if (useStatx)
        {
            var max = Encoding.UTF8.GetMaxByteCount(path.Length) + 1;
            Span<byte> pathBytes = max <= 4096 ? stackalloc byte[max] : new byte[max];
            var len = Encoding.UTF8.GetBytes(path, pathBytes);
            pathBytes[len] = 0;
            Span<byte> buf = stackalloc byte[256];
            int rc;
            fixed (byte* p = pathBytes)
            fixed (byte* b = buf)
            {
                rc = Statx(directoryFd, p, AtSymlinkNoFollow, StatxBasicStats, b);
            }

            if (rc == 0)
            {
                return FromStatx(buf);
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno != ENOSYS)
            {
                return new StatResult(errno, EntryKind.Other, false, default);
            }

            useStatx = false;
        }

        return Managed(directoryFd == AtFdCwd ? path : Path.Combine(directory, path));
    }

    private static StatResult FromStatx(ReadOnlySpan<byte> b)
    {
        var mode = BinaryPrimitives.ReadUInt16LittleEndian(b[28..]);
        var ino = BinaryPrimitives.ReadUInt64LittleEndian(b[32..]);
        var size = (long)BinaryPrimitives.ReadUInt64LittleEndian(b[40..]);
        var ctime = Timestamp(b[96..]);
        var mtime = Timestamp(b[112..]);
        var kind = (mode & 0xF000) switch
        {
            0x8000 => EntryKind.File,
            0x4000 => EntryKind.Directory,
            0xA000 => EntryKind.Symlink,
            _ => EntryKind.Other,
        };
        var executable = (mode & 0x40) != 0;
        return new StatResult(0, kind, executable, new FileStamp(size, mtime, ctime, ino)) { Permissions = mode & 0xFFF };
    }

    private static long Timestamp(ReadOnlySpan<byte> b) =>
        BinaryPrimitives.ReadInt64LittleEndian(b) * 1_000_000_000L + BinaryPrimitives.ReadUInt32LittleEndian(b[8..]);

    private static StatResult Managed(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists && !Directory.Exists(path) && info.LinkTarget is null)
            {
                return new StatResult(StatResult.ENOENT, EntryKind.Other, false, default);
            }

            if (info.LinkTarget is not null)
            {
                return new StatResult(0, EntryKind.Symlink, false, new FileStamp(info.LinkTarget.Length, info.LastWriteTimeUtc.Ticks * 100, 0, 0));
            }

            if ((info.Attributes & FileAttributes.Directory) != 0)
            {
                return new StatResult(0, EntryKind.Directory, false, default);
            }

            var mode = OperatingSystem.IsWindows() ? 0 : (int)File.GetUnixFileMode(path);
            var exec = (mode & (int)UnixFileMode.UserExecute) != 0;
            return new StatResult(0, EntryKind.File, exec, new FileStamp(info.Length, info.LastWriteTimeUtc.Ticks * 100, 0, 0)) { Permissions = mode };
        }
        catch (UnauthorizedAccessException)
        {
            return new StatResult(StatResult.EACCES, EntryKind.Other, false, default);
        }
        catch (IOException)
        {
            return new StatResult(5, EntryKind.Other, false, default);
        }
    }
}
