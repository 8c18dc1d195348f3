namespace BrainRepo.Core.Workspaces;

/// <summary>
/// BrainRepo's own folders (the data folder, each workspace's state folder, each backup repository) belong to
/// their owner alone: 0700, and the files BrainRepo creates in them 0600, so that no other local user can read
/// the backups, the stat cache or the state. A folder found open to others (made by an older version, or under a
/// loose umask) is closed once, with everything under it; from then on the check is one stat.
/// </summary>
public static class PrivateFolder
{
    /// <summary>The mode of BrainRepo's folders: 0700.</summary>
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>The mode of the files BrainRepo creates there: 0600.</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode OpenToOthers = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>
    /// Creates <paramref name="path"/> as a 0700 folder (its missing parents as any folder), or, when it exists and
    /// is open to others, removes the group's and others' access from it and from everything under it (symlinks are
    /// not followed). Returns true when an existing folder had to be closed.
    /// </summary>
    public static bool Ensure(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return false;
        }

        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        if (!Directory.Exists(full))
        {
            if (Path.GetDirectoryName(full) is { Length: > 0 } parent)
            {
                Directory.CreateDirectory(parent);
            }

            Directory.CreateDirectory(full, FolderMode);
            return false;
        }

        var mode = File.GetUnixFileMode(full);
        if ((mode & OpenToOthers) == 0)
        {
            return false;
        }

        // The contents first and the folder itself last: a fix that is interrupted is done again next time.
        CloseContents(new DirectoryInfo(full));
        File.SetUnixFileMode(full, mode & ~OpenToOthers);
        return true;
    }

    /// <summary>Creates <paramref name="path"/> as an empty 0600 file if nothing is there (for files that a library creates with its own mode).</summary>
    public static void CreateFile(string path)
    {
        if (OperatingSystem.IsWindows() || File.Exists(path))
        {
            return;
        }

        try
        {
            new FileStream(path, new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = FileMode }).Dispose();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Created meanwhile by another process, or not creatable here: whoever opens it next reports what is wrong.
        }
    }

    /// <summary>Writes <paramref name="text"/> (UTF-8) to <paramref name="path"/> as a new 0600 file, replacing any file there.</summary>
    public static void WriteNewFile(string path, string text)
    {
        File.Delete(path);
        var options = new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        using var stream = new FileStream(path, options);
        stream.Write(System.Text.Encoding.UTF8.GetBytes(text));
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void CloseContents(DirectoryInfo folder)
    {
        IEnumerable<FileSystemInfo> entries;
        try
        {
            entries = folder.EnumerateFileSystemInfos().ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return;
        }

        foreach (var entry in entries)
        {
            try
            {
                if (entry.LinkTarget is not null)
                {
                    continue; // a chmod would change the link's target, which may lie anywhere
                }

                if (entry is DirectoryInfo sub)
                {
                    CloseContents(sub);
                }

                var mode = entry.UnixFileMode;
                if ((mode & OpenToOthers) != 0)
                {
                    entry.UnixFileMode = mode & ~OpenToOthers;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or not ours: the folder above it keeps others out all the same.
            }
        }
    }
}
