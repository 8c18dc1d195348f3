using BrainRepo.Core.Platform;
using System.Globalization;
using BrainRepo.Core.Coordination;

namespace BrainRepo.Core.Restore;

/// <summary>
/// The names of restore's staging files and folders, which carry their owner process:
/// <c>.brainrepo-restore-&lt;pid&gt;-&lt;start&gt;-&lt;run&gt;-&lt;n&gt;.tmp</c> (or <c>.dir</c>; see <see cref="TempFileOwner"/>).
/// A killed restore leaves them behind. The next restore, in the folders it writes to, and every sync remove
/// those whose owner is provably dead; a name of an older version, which carries no owner
/// (<c>.brainrepo-restore-&lt;12 hex digits&gt;-&lt;n&gt;</c>), once it is a day old. Nothing else is ever removed.
/// </summary>
public static class RestoreStaging
{
    /// <summary>The start of every staging name.</summary>
    public const string Prefix = ".brainrepo-restore-";

    /// <summary>A staging name of an older version, which names no owner, is abandoned once this old.</summary>
    public static readonly TimeSpan OwnerlessAfter = TimeSpan.FromDays(1);

    /// <summary>A new staging name of this process: run <paramref name="runId"/>, number <paramref name="n"/>.</summary>
    public static string Name(string runId, long n, bool folder) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}{TempFileOwner.Current}-{runId}-{n:x}{(folder ? ".dir" : ".tmp")}");

    /// <summary>
    /// Removes <paramref name="path"/> (a staging file, symlink or folder, never followed) when its name is a staging
    /// name and it is abandoned. Returns true when it was removed.
    /// </summary>
    public static bool TryRemoveAbandoned(string path, IProcessProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var name = Path.GetFileName(path);
        if (!TryParse(name, out var owner, out var isFolder))
        {
            return false;
        }

        try
        {
            var info = isFolder ? (FileSystemInfo)new DirectoryInfo(path) : new FileInfo(path);
            // A staging folder is a real folder, a staging file a file or a symlink: anything else is not restore's.
            var isLink = info.LinkTarget is not null;
            if (isFolder ? !info.Exists || isLink : !info.Exists && !isLink)
            {
                return false;
            }

            var abandoned = owner is not null
                ? TempFileOwner.IsOwnerDead(owner, probe)
                // By the real clock, deliberately not an injected TimeProvider: the age is the file system's.
                : TimeProvider.System.GetUtcNow() - new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero) > OwnerlessAfter;
            if (!abandoned)
            {
                return false;
            }

            if (isFolder)
            {
                Directory.Delete(path, recursive: true); // symlinks inside are removed, never followed
            }
            else
            {
                File.Delete(path);
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false; // gone meanwhile, or not removable: a later run tries again
        }
    }

    /// <summary>
    /// Removes the abandoned staging entries directly inside <paramref name="folder"/>; returns how many. One
    /// <c>getdents64</c> listing per folder on Linux, which turns no name into a string but the staging ones.
    /// </summary>
    public static int RemoveAbandonedIn(string folder, IProcessProbe probe)
    {
        var removed = 0;
        foreach (var name in StagingNamesIn(folder))
        {
            if (TryRemoveAbandoned(Path.Combine(folder, name), probe))
            {
                removed++;
            }
        }

        return removed;
    }

    private static List<string> StagingNamesIn(string folder)
    {
        if (!Inventory.DirectoryListing.Supported)
        {
            try
            {
                return [.. Directory.EnumerateFileSystemEntries(folder, Prefix + "*").Select(p => Path.GetFileName(p))];
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return []; // the folder cannot be listed: its leftovers wait for a later run
            }
        }

        var entries = new List<Inventory.DirectoryListing.Entry>();
        var fd = Inventory.DirectoryListing.Open(folder, out _);
        if (fd < 0)
        {
            return [];
        }

        try
        {
            Inventory.DirectoryListing.Read(fd, entries, PrefixBytes);
        }
        finally
        {
            NativeFileSystem.CloseDirectory(fd);
        }

        return [.. entries.Select(e => e.Name)];
    }

    private static ReadOnlySpan<byte> PrefixBytes => ".brainrepo-restore-"u8;

    /// <summary>
    /// Parses a staging name: <paramref name="owner"/> is its owner tag, or null for an older version's name.
    /// False for any other name.
    /// </summary>
    public static bool TryParse(string name, out string? owner, out bool isFolder)
    {
        owner = null;
        isFolder = name.EndsWith(".dir", StringComparison.Ordinal);
        if (!name.StartsWith(Prefix, StringComparison.Ordinal) || !(isFolder || name.EndsWith(".tmp", StringComparison.Ordinal)))
        {
            return false;
        }

        var parts = name[Prefix.Length..^4].Split('-');
        if (parts.Length == 4 && IsDigits(parts[0]) && IsDigits(parts[1]) && IsHex(parts[2]) && IsHex(parts[3]))
        {
            owner = parts[0] + "-" + parts[1];
            return TempFileOwner.TryParse(owner, out _, out _);
        }

        return parts.Length == 2 && parts[0].Length == 12 && IsHex(parts[0]) && IsHex(parts[1]);
    }

    private static bool IsDigits(string s) => s.Length is > 0 and <= 20 && s.All(char.IsAsciiDigit);

    private static bool IsHex(string s) => s.Length is > 0 and <= 16 && s.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
