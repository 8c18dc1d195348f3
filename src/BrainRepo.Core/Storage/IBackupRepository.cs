using BrainRepo.Core.Model;

namespace BrainRepo.Core.Storage;

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

    /// <summary>Reads a blob without hashing it; the caller verifies what it does with it.</summary>
    byte[] ReadBlob(string blobId);

    /// <summary>
    /// Reads a blob into <paramref name="buffer"/> (replaced by a larger array when it is too small) and
    /// returns its length. Safe on several threads at once, each with its own buffer: restore's workers
    /// read in parallel. Content is not hashed: the caller verifies it. A missing object, a non-blob, or
    /// one larger than <paramref name="maxSize"/> is a repository error.
    /// </summary>
    int ReadBlob(string blobId, long maxSize, ref byte[] buffer);

    /// <summary>Reads a blob and checks that its content hashes to its id.</summary>
    byte[] ReadBlobVerified(string blobId);

    /// <summary>The root tree id of a commit, read from the raw commit object.</summary>
    string RootTree(string commitId, CancellationToken cancellationToken);

    /// <summary>
    /// The entries of a tree object exactly as stored, hostile names included (see <see cref="RawTreeEntry"/>).
    /// Throws a repository error when the object is missing, is not a tree, or is malformed.
    /// </summary>
    IReadOnlyList<RawTreeEntry> ReadRawTree(string treeId, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="ReadRawTree"/> for many trees through one stream, in the order given, lazily (one tree in
    /// memory at a time; abandoning the enumeration ends the reader).
    /// </summary>
    IEnumerable<IReadOnlyList<RawTreeEntry>> ReadRawTrees(IReadOnlyList<string> treeIds, CancellationToken cancellationToken);

    /// <summary><see cref="BlobSize"/> for many blobs through one stream, in the order given.</summary>
    IEnumerable<long> BlobSizes(IReadOnlyList<string> blobIds, CancellationToken cancellationToken);

    /// <summary>The size of a blob read from its header (its content is not read), or -1 when it is missing or not a blob.</summary>
    long BlobSize(string blobId);

    /// <summary>Creates <c>refs/tags/<paramref name="name"/></c> at <paramref name="commitId"/>; false if the tag already exists.</summary>
    bool TryCreateTag(string name, string commitId, CancellationToken cancellationToken);

    /// <summary>
    /// Which of <paramref name="objectIds"/> the repository does not have. Cheap: an index lookup per id (or
    /// the existence of a loose object), no content is read. An object of a damaged pack (a garbled index, a
    /// pack shorter than its index says or whose trailer is not the one its index names) counts as missing.
    /// </summary>
    ObjectPresence CheckObjects(IReadOnlyCollection<string> objectIds, CancellationToken cancellationToken);

    /// <summary>
    /// Starts writing objects. Nothing is visible until the branch is moved. Objects in
    /// <paramref name="knownObjects"/> (the last snapshot's blobs, each checked with <see cref="CheckObjects"/>
    /// first) are not written again; any other object is written, which at worst stores a duplicate that git tolerates.
    /// </summary>
    IObjectSink OpenSink(IReadOnlySet<string> knownObjects);

    /// <summary>How many pack files the repository holds.</summary>
    int PackCount();

    /// <summary>
    /// Housekeeping after a committed snapshot: when the repository holds more packs than its limit, repacks them
    /// into one. Returns the pack counts before and after, or null when nothing was needed.
    /// </summary>
    (int Before, int After)? ConsolidatePacks(CancellationToken cancellationToken);

    /// <summary>Moves the branch to <paramref name="newCommit"/> only if it still points at <paramref name="expectedOld"/>.</summary>
    void UpdateBranch(string newCommit, string? expectedOld, string reflogMessage, CancellationToken cancellationToken);
}
