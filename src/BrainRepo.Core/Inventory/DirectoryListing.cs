using BrainRepo.Core.Platform;
using System.Runtime.InteropServices;
using System.Text;

namespace BrainRepo.Core.Inventory;

/// <summary>
/// Lists a folder through one descriptor on Linux: <c>getdents64(2)</c> gives the names with their types, and
/// the walk then stats each entry relative to the same descriptor. .NET's enumerator opens the folder itself, so
/// the walk needed a second open for the *at calls, and it gives no entry type without a stat: folders were stat'ed
/// only to learn that they are folders (about 3,200 fewer system calls per walk of the 20,000-file benchmark tree). The folder is opened with O_NOFOLLOW: a folder replaced by a symlink after it was listed
/// is not followed out of the workspace.
/// </summary>
internal static partial class DirectoryListing
{
    /// <summary>d_type of a folder; the other types are stat'ed by the walk.</summary>
    public const byte TypeDirectory = 4;

    private const int BufferSize = 32 * 1024;

    [ThreadStatic]
    private static byte[]? buffer;

    /// <summary>True on Linux; elsewhere the walk uses .NET's enumerator and a stat per entry.</summary>
    public static bool Supported { get; } = OperatingSystem.IsLinux();

    /// <summary>A listed name and its <c>d_type</c> (0 when the file system does not say).</summary>
    public readonly record struct Entry(string Name, byte Type);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true)]
    private static unsafe partial int Open(byte* path, int flags);

    [LibraryImport("libc", EntryPoint = "getdents64", SetLastError = true)]
    private static unsafe partial nint GetDents64(int fd, byte* buffer, nuint count);

    /// <summary>Opens <paramref name="directory"/> for listing; -1 with <paramref name="errno"/> when it cannot.</summary>
    public static unsafe int Open(string directory, out int errno)
    {
        var max = Encoding.UTF8.GetMaxByteCount(directory.Length) + 1;
        Span<byte> path = max <= 4096 ? stackalloc byte[max] : new byte[max];
        path[Encoding.UTF8.GetBytes(directory, path)] = 0;
        fixed (byte* p = path)
        {
            while (true)
            {
                var fd = Open(p, NativeFileSystem.ODirectory | NativeFileSystem.ONoFollow | NativeFileSystem.OCloexec);
                errno = fd >= 0 ? 0 : Marshal.GetLastPInvokeError();
                if (fd >= 0 || errno != NativeFileSystem.EIntr)
                {
                    return fd;
                }
            }
        }
    }

    /// <summary>True for the errno of <see cref="Open"/> that means the folder is no longer there as a folder.</summary>
    public static bool IsGone(int errno) => errno is NativeFileSystem.ENoEnt or NativeFileSystem.ENotDir or NativeFileSystem.ELoop;

    /// <summary>
    /// Appends every entry of the folder <paramref name="fd"/> except "." and "..", or with <paramref name="prefix"/>
    /// only those whose name starts with it (the others cost no string). Returns 0, or the errno of a failed read.
    /// Names that are not valid UTF-8 contain U+FFFD, as with .NET's enumerator.
    /// </summary>
    public static unsafe int Read(int fd, List<Entry> entries, ReadOnlySpan<byte> prefix = default)
    {
        var buf = buffer ??= GC.AllocateUninitializedArray<byte>(BufferSize);
        fixed (byte* b = buf)
        {
            while (true)
            {
                var n = GetDents64(fd, b, (nuint)buf.Length);
                if (n == 0)
                {
                    return 0;
                }

                if (n < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == NativeFileSystem.EIntr)
                    {
                        continue;
                    }

                    return errno;
                }

                // struct linux_dirent64 { u64 d_ino; s64 d_off; u16 d_reclen; u8 d_type; char d_name[]; }
                var span = new ReadOnlySpan<byte>(b, (int)n);
                var offset = 0;
                while (offset < span.Length)
                {
                    var length = MemoryMarshal.Read<ushort>(span[(offset + 16)..]);
                    var type = span[offset + 18];
                    var name = span.Slice(offset + 19, length - 19);
                    name = name[..name.IndexOf((byte)0)];
                    offset += length;
                    if ((name.Length <= 2 && name[0] == (byte)'.' && (name.Length == 1 || name[1] == (byte)'.'))
                        || !name.StartsWith(prefix))
                    {
                        continue;
                    }

                    entries.Add(new Entry(Encoding.UTF8.GetString(name), type));
                }
            }
        }
    }
}
