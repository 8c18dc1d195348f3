using BrainRepo.Core.Errors;

namespace BrainRepo.Core.Snapshots;

/// <summary>
/// A path given to <c>ls</c> or <c>restore --path</c> matches nothing in the snapshot (a typo, most often); nothing
/// was changed. The message names the snapshot and, when there are any, the paths of the snapshot that look alike.
/// </summary>
public sealed class PathNotInSnapshotException : BrainRepoException
{
    public PathNotInSnapshotException(string path, string commit, IReadOnlyList<string> nearMatches)
        : base(ErrorCodes.PathNotInSnapshot, Describe(path, commit, nearMatches))
    {
        Path = path;
        NearMatches = nearMatches;
    }

    /// <summary>The exception for <paramref name="path"/>, with near matches among <paramref name="snapshotPaths"/> and their folders.</summary>
    public static PathNotInSnapshotException For(string path, string commit, IEnumerable<string> snapshotPaths)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(snapshotPaths);
        var candidates = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in snapshotPaths)
        {
            candidates.Add(file);
            for (var end = file.IndexOf('/'); end >= 0; end = file.IndexOf('/', end + 1))
            {
                candidates.Add(file[..end]);
            }
        }

        return new PathNotInSnapshotException(path, commit, Errors.NearMatches.Find(path.Trim('/'), candidates));
    }

    /// <summary>The path as the user gave it.</summary>
    public string Path { get; }

    /// <summary>Paths of the snapshot that look like <see cref="Path"/>.</summary>
    public IReadOnlyList<string> NearMatches { get; }

    private static string Describe(string path, string commit, IReadOnlyList<string> nearMatches)
    {
        var hint = nearMatches.Count > 0
            ? $" Did you mean {string.Join(" or ", nearMatches.Select(m => $"'{m}'"))}?"
            : string.Empty;
        return $"'{path}' matches nothing in snapshot {commit[..Math.Min(12, commit.Length)]}.{hint} Nothing was changed. " +
            "Fix: paths are relative to the workspace root; 'brainrepo ls <snapshot>' lists the snapshot's files.";
    }
}
