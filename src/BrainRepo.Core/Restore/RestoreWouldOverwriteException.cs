using BrainRepo.Core.Errors;

namespace BrainRepo.Core.Restore;

/// <summary>
/// A restore into a folder other than the workspace would overwrite files that exist there, and no safety snapshot
/// covers that folder: refused before anything is written, naming the files, unless the user confirms with
/// <c>--overwrite</c>.
/// </summary>
public sealed class RestoreWouldOverwriteException : BrainRepoException
{
    private const int MaxListed = 20;

    public RestoreWouldOverwriteException(string targetRoot, IReadOnlyList<string> paths)
        : base(ErrorCodes.RestoreWouldOverwrite, Describe(targetRoot, paths))
    {
        TargetRoot = targetRoot;
        Paths = paths;
    }

    /// <summary>The folder restored into.</summary>
    public string TargetRoot { get; }

    /// <summary>The existing files, relative to <see cref="TargetRoot"/>, that differ from the snapshot.</summary>
    public IReadOnlyList<string> Paths { get; }

    private static string Describe(string targetRoot, IReadOnlyList<string> paths)
    {
        var lines = paths.Take(MaxListed).Select(p => "  " + p);
        var more = paths.Count > MaxListed ? $"\n  … and {paths.Count - MaxListed} more" : string.Empty;
        return $"Restore refused, nothing was written: {paths.Count} existing file(s) in {targetRoot} differ from the snapshot and would be overwritten, " +
            $"with no copy kept:\n{string.Join('\n', lines)}{more}\n" +
            "Fix: restore into an empty folder, move those files away, or pass --overwrite to replace them.";
    }
}
