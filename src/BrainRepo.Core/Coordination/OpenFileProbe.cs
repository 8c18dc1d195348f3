namespace BrainRepo.Core.Coordination;

/// <summary>
/// Whether any process on this host has a file open, from the descriptors listed under <c>/proc/&lt;pid&gt;/fd</c>
/// (Linux). Processes it may not inspect are skipped: they belong to other users, who cannot write into BrainRepo's
/// private folders anyway. Elsewhere it answers true (it cannot prove that nobody has the file open).
/// </summary>
public static class OpenFileProbe
{
    /// <summary>True when some process has <paramref name="path"/> open, or when that cannot be told.</summary>
    public static bool IsOpen(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return true;
        }

        var full = Path.GetFullPath(path);
        foreach (var process in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(process.AsSpan());
            if (name.Length == 0 || !char.IsAsciiDigit(name[0]))
            {
                continue;
            }

            try
            {
                foreach (var fd in Directory.EnumerateFileSystemEntries(Path.Combine(process, "fd")))
                {
                    if (string.Equals(new FileInfo(fd).LinkTarget, full, StringComparison.Ordinal))
                    {
                        return true;
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The process ended meanwhile, or is not ours to inspect.
            }
        }

        return false;
    }
}
