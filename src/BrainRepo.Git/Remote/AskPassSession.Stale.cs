using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using BrainRepo.Core.Coordination;

namespace BrainRepo.Git.Remote;

internal sealed partial class AskPassSession
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxTypeModeUid = 0x1 | 0x2 | 0x8;

    private static readonly Lazy<long> PidNamespace = new(ReadPidNamespace);
    private static readonly Lazy<long> StartTime = new(() => LocalProcessProbe.Instance.GetStartTime(Environment.ProcessId) ?? 0);

    private static long OwnPidNamespace => PidNamespace.Value;

    private static long OwnStartTime => StartTime.Value;

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static unsafe partial int Statx(int dirfd, byte* path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();

    /// <summary>
    /// Deletes the askpass folders in <paramref name="temp"/> that a killed push or clone left behind, and
    /// only those this process can prove are stale: the name is one this code makes, the folder (not a
    /// symlink) belongs to this user, it was made in this PID namespace, and its owner process (PID and
    /// start time) no longer runs. Linux only; elsewhere nothing is removed. The folders hold no secret
    /// (the token lives in git's environment only); this keeps the temporary folder tidy.
    /// </summary>
    /// <returns>The folders removed.</returns>
    public static IReadOnlyList<string> RemoveStale(string temp)
    {
        if (!OperatingSystem.IsLinux() || OwnPidNamespace == 0)
        {
            return [];
        }

        List<string> candidates;
        try
        {
            candidates = System.IO.Directory.EnumerateDirectories(temp, FolderPrefix + "*").ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }

        var removed = new List<string>();
        foreach (var folder in candidates)
        {
            if (!IsStale(folder))
            {
                continue;
            }

            try
            {
                System.IO.Directory.Delete(folder, recursive: true);
                removed.Add(folder);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Another process removed it first, or it is not ours to remove after all.
            }
        }

        return removed;
    }

    private static bool IsStale(string folder)
    {
        var parts = Path.GetFileName(folder)[FolderPrefix.Length..].Split('-');
        return parts.Length == 4
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pidNamespace)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var startTime)
            && parts[3].Length == 24 && parts[3].All(char.IsAsciiHexDigitLower)
            && pidNamespace == OwnPidNamespace
            && IsOwnDirectory(folder)
            && !LocalProcessProbe.Instance.IsAlive(pid, startTime);
    }

    /// <summary>lstat: a real directory (not a symlink to one) whose owner is this process's effective user.</summary>
    private static unsafe bool IsOwnDirectory(string path)
    {
        var bytes = Encoding.UTF8.GetBytes(path + "\0");
        Span<byte> buffer = stackalloc byte[256];
        int rc;
        fixed (byte* p = bytes)
        fixed (byte* b = buffer)
        {
            rc = Statx(AtFdCwd, p, AtSymlinkNoFollow, StatxTypeModeUid, b);
        }

        if (rc != 0)
        {
            return false;
        }

        var uid = BinaryPrimitives.ReadUInt32LittleEndian(buffer[20..]);
        var mode = BinaryPrimitives.ReadUInt16LittleEndian(buffer[28..]);
        return (mode & 0xF000) == 0x4000 && uid == GetEffectiveUserId();
    }

    /// <summary>The inode of this process's PID namespace (<c>/proc/self/ns/pid</c> reads <c>pid:[4026531836]</c>), or 0.</summary>
    private static long ReadPidNamespace()
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }

        try
        {
            var target = new FileInfo("/proc/self/ns/pid").LinkTarget ?? string.Empty;
            var open = target.IndexOf('[', StringComparison.Ordinal);
            var close = target.IndexOf(']', StringComparison.Ordinal);
            return open >= 0 && close > open
                && long.TryParse(target.AsSpan(open + 1, close - open - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var inode)
                ? inode
                : 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
