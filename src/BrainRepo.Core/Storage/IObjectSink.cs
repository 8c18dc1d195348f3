using BrainRepo.Core.Model;

namespace BrainRepo.Core.Storage;

/// <summary>
/// Collects the objects of one snapshot. <see cref="AddBlob"/> is thread-safe so files can be hashed
/// and compressed in parallel. Disposing without <see cref="Finish"/> discards everything, temporary files included.
/// A failed write (a full disk, an I/O error) throws <see cref="Errors.BackupWriteException"/>, never a plain
/// <see cref="IOException"/>: the engine must not mistake it for a workspace file it could not read.
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
    /// Starts writing the objects stored so far to disk without waiting for it, so that the flush in
    /// <see cref="Finish"/> has less left to wait for. Optional: durability comes from <see cref="Finish"/> alone.
    /// </summary>
    void StartWriteback()
    {
    }

    /// <summary>
    /// Makes the objects stored so far durable although no commit is written: objects that the repository had
    /// lost and this sync stored again, when the snapshot itself is unchanged. Ends the sink.
    /// </summary>
    void Keep(CancellationToken cancellationToken);

    /// <summary>
    /// Writes the trees for <paramref name="files"/> (path → mode and blob) and a commit on top of
    /// <paramref name="parent"/>, then makes the objects durable. Returns null, and writes no commit,
    /// when the tree equals the parent's tree.
    /// </summary>
    /// <param name="trees">Reuses the tree ids of unchanged folders and collects the new ones; null rebuilds every tree.</param>
    /// <param name="whileFlushing">
    /// Called on this thread with the new commit's id while the objects are flushed to disk on another, so that
    /// work which needs the id but not the durable objects overlaps the flush. Not called when no commit is written.
    /// Its exception is rethrown once the flush has ended; a failed flush wins over it.
    /// </param>
    string? Finish(IReadOnlyDictionary<string, TrackedFile> files, SnapshotCommitInfo commit, string? parent, TreeCache? trees, CancellationToken cancellationToken, Action<string>? whileFlushing = null);
}
