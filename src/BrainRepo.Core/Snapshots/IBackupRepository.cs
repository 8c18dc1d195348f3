namespace BrainRepo.Core.Snapshots;

/// <summary>
/// The backup repository, as the engine sees it: read the last snapshot, write new objects, and move
/// the branch with a compare-and-swap. Implemented over git in BrainRepo.Git.
/// </summary>
public interface IBackupRepository : IDisposable
{
    string Path { get; }

    /// <summary>The commit the snapshot branch points at, or null before the first snapshot.</summary>
    string? Head();

    /// <summary>Resolves a snapshot name (commit id or prefix, tag, HEAD, HEAD~2) to a commit id.</summary>
    string? Resolve(string snapshot);

    /// <summary>Every file and symlink of a snapshot (the report folder excluded), keyed by path.</summary>
    Dictionary<string, TrackedFile> ReadFiles(string commitId, CancellationToken cancellationToken);

    /// <summary>The report that travels with a snapshot, or null if the commit has none.</summary>
    SnapshotReport? ReadReport(string commitId);

    /// <summary>The snapshots on the branch, newest first.</summary>
    IReadOnlyList<SnapshotInfo> Log(int max);

    /// <summary>Reads a blob and checks that its content hashes to its id.</summary>
    byte[] ReadBlobVerified(string blobId);

    /// <summary>Starts writing objects. Nothing is visible until the branch is moved.</summary>
    IObjectSink OpenSink();

    /// <summary>Moves the branch to <paramref name="newCommit"/> only if it still points at <paramref name="expectedOld"/>.</summary>
    void UpdateBranch(string newCommit, string? expectedOld, string reflogMessage, CancellationToken cancellationToken);
}
