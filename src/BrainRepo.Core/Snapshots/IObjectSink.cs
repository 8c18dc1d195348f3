namespace BrainRepo.Core.Snapshots;

/// <summary>
/// Collects the objects of one snapshot. <see cref="AddBlob"/> is thread-safe so files can be hashed
/// and compressed in parallel. Disposing without <see cref="Finish"/> discards everything.
/// </summary>
public interface IObjectSink : IDisposable
{
    /// <summary>Hashes the content as a git blob, stores it if it is new, and returns its id.</summary>
    string AddBlob(ReadOnlySpan<byte> content);

    /// <summary>Hashes and compresses the content as a git blob without storing anything (thread-safe).</summary>
    PreparedBlob PrepareBlob(ReadOnlySpan<byte> content);

    /// <summary>Stores a blob from <see cref="PrepareBlob"/> of this sink if it is new, and returns its id.</summary>
    string Store(PreparedBlob blob);

    /// <summary>
    /// Writes the trees for <paramref name="files"/> (path → mode and blob) and a commit on top of
    /// <paramref name="parent"/>, then makes the objects durable. Returns null, and writes no commit,
    /// when the tree equals the parent's tree.
    /// </summary>
    /// <param name="trees">Reuses the tree ids of unchanged folders and collects the new ones; null rebuilds every tree.</param>
    string? Finish(IReadOnlyDictionary<string, TrackedFile> files, SnapshotCommitInfo commit, string? parent, TreeCache? trees, CancellationToken cancellationToken);
}
