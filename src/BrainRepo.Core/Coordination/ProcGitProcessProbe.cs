namespace BrainRepo.Core.Coordination;

/// <summary>
/// Finds git processes through <c>/proc</c> (Linux): a process whose command is <c>git</c> or <c>git-*</c> and whose
/// working directory is inside the given directory. Processes it may not inspect are skipped. Elsewhere it
/// answers true (cannot prove the absence of git), so only dead-owner or age rules with no git apply there.
/// </summary>
public sealed class ProcGitProcessProbe : IGitProcessProbe
{
    /// <summary>The shared instance.</summary>
    public static ProcGitProcessProbe Instance { get; } = new();

    /// <inheritdoc />
    public bool IsGitRunningIn(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return true;
        }

        var root = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        foreach (var process in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(process);
            if (name.Length == 0 || !name.All(char.IsAsciiDigit))
            {
                continue;
            }

            try
            {
                var command = File.ReadAllText(Path.Combine(process, "comm")).Trim();
                if (command != "git" && !command.StartsWith("git-", StringComparison.Ordinal))
                {
                    continue;
                }

                var cwd = new DirectoryInfo(Path.Combine(process, "cwd")).LinkTarget;
                if (cwd is not null && (cwd + Path.DirectorySeparatorChar).StartsWith(root, StringComparison.Ordinal))
                {
                    return true;
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return false;
    }
}
