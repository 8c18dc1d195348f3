using BrainRepo.Core.Model;
using BrainRepo.Core.Storage;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using BrainRepo.Core.Coordination;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Workspaces;
using LibGit2Sharp;

namespace BrainRepo.Git;

/// <summary>
/// The bare backup repository. Reads go through libgit2; new objects are written as packs by
/// <see cref="PackObjectSink"/>; the branch moves with <c>git update-ref</c>'s compare-and-swap.
/// Snapshots live on <see cref="Branch"/>. Git's index and ignore rules are never involved.
/// </summary>
public sealed partial class GitBackupRepository : IBackupRepository
{
    public const string Branch = "refs/heads/main";

    private const long MaxTreeSize = 64L * 1024 * 1024;

    private readonly object gate = new();
    private readonly Repository repo;
    private Lazy<LocalObjectStore?> store;
    private GitCatFile? catFile;

    static GitBackupRepository()
    {
        // The repository path comes from BrainRepo's own configuration, not from a folder the user
        // happens to stand in; BrainRepo never runs its hooks or honours its config for execution.
        GlobalSettings.SetOwnerValidation(false);
    }

    private GitBackupRepository(string path)
    {
        Path = path;
        repo = new Repository(path);
        store = new Lazy<LocalObjectStore?>(() => LocalObjectStore.TryOpen(path), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Path { get; }

    internal string ObjectsDirectory => System.IO.Path.Combine(Path, "objects");

    /// <summary>A temporary file in the pack folder that names no owner (git's own, or an older BrainRepo's) is stale after this long, if no process has it open.</summary>
    public static readonly TimeSpan OwnerlessTempStaleAfter = TimeSpan.FromHours(6);

    /// <summary>
    /// Creates the bare repository if needed and opens it. The repository is private to its owner: its folder is
    /// 0700 and <c>core.sharedRepository=0600</c> makes git (a repack, a fetch) write its files for the owner alone
    /// too; a repository found open to others (made by an older version) is closed once (<see cref="PrivateFolder"/>).
    /// </summary>
    public static GitBackupRepository CreateOrOpen(string path, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(System.IO.Path.Combine(path, "objects")))
        {
            PrivateFolder.Ensure(path);
            var (code, _, err) = Git(null, ["init", "--quiet", "--bare", "--shared=0600", "-b", "main", path], cancellationToken);
            if (code != 0)
            {
                throw new BrainRepoException(ErrorCodes.RepositoryCorrupt, $"Could not create the backup repository at '{path}': {err.Trim()}");
            }

            Git(path, ["config", "core.logAllRefUpdates", "always"], cancellationToken);
            Git(path, ["config", "gc.auto", "0"], cancellationToken);
        }
        else
        {
            EnsurePrivate(path, cancellationToken);
        }

        return Open(path);
    }

    /// <summary>
    /// Opens an existing backup repository (never creating one, see <see cref="Open"/>) after closing it to other
    /// users if an older version left it open: one stat when it is already private.
    /// </summary>
    public static GitBackupRepository OpenPrivate(string path, CancellationToken cancellationToken)
    {
        if (!IsAbsentOrEmpty(path))
        {
            EnsurePrivate(path, cancellationToken);
        }

        return Open(path);
    }

    private static void EnsurePrivate(string path, CancellationToken cancellationToken)
    {
        PrivateFolder.Ensure(path);
        if (!OperatingSystem.IsWindows() && !IsSharedPrivately(path))
        {
            Git(path, ["config", "core.sharedRepository", "0600"], cancellationToken);
        }
    }

    /// <summary>True when the repository's own config already has <c>core.sharedRepository=0600</c> (read as text: cheaper than opening git's config stack).</summary>
    private static bool IsSharedPrivately(string path)
    {
        try
        {
            return SharedPrivately().IsMatch(File.ReadAllText(System.IO.Path.Combine(path, "config")));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return true; // not readable as a file: opening the repository reports what is wrong
        }
    }

    [GeneratedRegex(@"^\s*sharedrepository\s*=\s*0?600\s*$", RegexOptions.IgnoreCase | RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex SharedPrivately();

    /// <summary>Runs git (hardened, see <see cref="GitProcessRunner"/>) on <paramref name="gitDirectory"/>, for this synchronous interface.</summary>
    private static GitProcessResult Git(string? gitDirectory, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        GitProcessRunner.Default.Run(new GitProcessRequest { GitDirectory = gitDirectory, Arguments = arguments }, cancellationToken);

    /// <summary>
    /// Opens an existing backup repository and never creates one: a folder that is absent or empty (an unmounted
    /// disk's mount point) is a <see cref="BackupRepositoryMissingException"/>, anything else that is not a git
    /// repository a repository error.
    /// </summary>
    public static GitBackupRepository Open(string path)
    {
        if (IsAbsentOrEmpty(path))
        {
            throw new BackupRepositoryMissingException(
                path,
                $"The backup repository '{path}' is missing (an unmounted disk, or a moved folder?). Nothing was created or changed. Fix: mount the disk or put the repository back, or correct 'repository' in the workspace's brainrepo.toml.");
        }

        try
        {
            return new GitBackupRepository(path);
        }
        catch (RepositoryNotFoundException)
        {
            throw new BrainRepoException(ErrorCodes.RepositoryCorrupt, $"'{path}' is not a git repository. Fix: point 'repository' in the config at the backup repository.");
        }
    }

    /// <summary>True when <paramref name="path"/> does not exist or is an empty folder (for example the mount point of an unmounted disk).</summary>
    public static bool IsAbsentOrEmpty(string path)
    {
        try
        {
            return !Directory.Exists(path) || !Directory.EnumerateFileSystemEntries(path).Any();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false; // it exists: opening it reports what is wrong
        }
    }

    public string? Head()
    {
        lock (gate)
        {
            return repo.Refs[Branch]?.ResolveToDirectReference()?.TargetIdentifier;
        }
    }

    public string? Resolve(string snapshot)
    {
        lock (gate)
        {
            try
            {
                var spec = snapshot == "HEAD" ? Branch : snapshot;
                return repo.Lookup(spec)?.Peel<Commit>()?.Sha;
            }
            catch (LibGit2SharpException)
            {
                return null;
            }
        }
    }

    internal string? TreeOf(string commitId)
    {
        lock (gate)
        {
            return repo.Lookup<Commit>(commitId)?.Tree.Sha;
        }
    }

    public Dictionary<string, TrackedFile> ReadFiles(string commitId, CancellationToken cancellationToken)
    {
        var files = new Dictionary<string, TrackedFile>(StringComparer.Ordinal);
        lock (gate)
        {
            try
            {
                var commit = repo.Lookup<Commit>(commitId) ?? throw NotFound(commitId);
                Collect(commit.Tree, "", files, cancellationToken);
            }
            catch (LibGit2SharpException ex)
            {
                // A damaged or missing tree: a clear repository error, not a crash of the command.
                throw new BrainRepoException(ErrorCodes.RepositoryCorrupt, $"Snapshot {commitId[..Math.Min(12, commitId.Length)]} cannot be read: one of its trees is damaged or missing ({ex.Message}).", inner: ex);
            }
        }

        return files;
    }

    private void Collect(Tree tree, string prefix, Dictionary<string, TrackedFile> files, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var entry in tree)
        {
            var path = prefix.Length == 0 ? entry.Name : prefix + "/" + entry.Name;
            if (prefix.Length == 0 && entry.Name == Core.Policy.SnapshotPolicy.ReservedFolder)
            {
                continue;
            }

            switch (entry.TargetType)
            {
                case TreeEntryTargetType.Tree:
                    Collect((Tree)entry.Target, path, files, cancellationToken);
                    break;
                case TreeEntryTargetType.Blob:
                    // A missing object is listed with size -1, not thrown here: verify's object pass names it
                    // (with every other bad object), and a sync re-reads the file from disk anyway.
                    long size;
                    try
                    {
                        size = repo.ObjectDatabase.RetrieveObjectMetadata(entry.Target.Id).Size;
                    }
                    catch (NotFoundException)
                    {
                        size = -1;
                    }

                    files[path] = new TrackedFile(path, (int)entry.Mode, entry.Target.Sha, size, null);
                    break;
                default:
                    break; // submodule links are never written by BrainRepo
            }
        }
    }

    public SnapshotReport? ReadReport(string commitId)
    {
        lock (gate)
        {
            var commit = repo.Lookup<Commit>(commitId) ?? throw NotFound(commitId);
            if (commit[SnapshotReport.TreePath]?.Target is not Blob blob)
            {
                return null;
            }

            try
            {
                return SnapshotReportJson.Parse(blob.GetContentStream().ReadAllBytes());
            }
            catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new BrainRepoException(ErrorCodes.RepositoryCorrupt, $"The report of snapshot {commitId[..12]} is not readable ({ex.GetType().Name}).");
            }
        }
    }

    public IReadOnlyList<SnapshotInfo> Log(int max)
    {
        lock (gate)
        {
            var head = repo.Refs[Branch];
            if (head is null)
            {
                return [];
            }

            return repo.Commits.QueryBy(new CommitFilter { IncludeReachableFrom = Branch, SortBy = CommitSortStrategies.Topological | CommitSortStrategies.Time })
                .Take(max)
                .Select(c => Info(c.Sha, c.Committer.When, c.MessageShort, c.Message))
                .ToList();
        }
    }

    private static SnapshotInfo Info(string commit, DateTimeOffset time, string summary, string message)
    {
        var parsed = SnapshotCommitMessage.Parse(message);
        return new SnapshotInfo(commit, time, summary, parsed.Status)
        {
            Origin = parsed.Origin,
            Added = parsed.Added,
            Modified = parsed.Modified,
            Deleted = parsed.Deleted,
        };
    }

    public byte[] ReadBlob(string blobId)
    {
        lock (gate)
        {
            var blob = repo.Lookup<Blob>(blobId) ?? throw new BrainRepoException(ErrorCodes.RepositoryCorrupt, $"Object {blobId} is missing from the backup repository.");
            return blob.GetContentStream().ReadAllBytes();
        }
    }

    /// <summary>
    /// Reads a blob in process from the repository's packs and loose objects (any number of threads at
    /// once); what that reader does not handle is asked of git. Content is not hashed: the caller verifies it.
    /// </summary>
    public int ReadBlob(string blobId, long maxSize, ref byte[] buffer)
    {
        if (store.Value is { } local && local.TryRead(ParseId(blobId), maxSize, ref buffer, out var type, out var length))
        {
            return type == GitObjectType.Blob
                ? length
                : throw new BrainRepoException(ErrorCodes.RepositoryCorrupt, $"Object {blobId} is a {GitObjectFormat.TypeName(type)} where a blob was expected.");
        }

        var (rawType, content) = ReadWithGit(blobId, maxSize)
            ?? throw new BrainRepoException(ErrorCodes.RepositoryCorrupt, $"Object {blobId} is missing from the backup repository.");
        if (rawType != "blob")
        {
            throw new BrainRepoException(ErrorCodes.RepositoryCorrupt, $"Object {blobId} is a {rawType} where a blob was expected.");
        }

        buffer = content;
        return content.Length;
    }

    public IEnumerable<IReadOnlyList<RawTreeEntry>> ReadRawTrees(IReadOnlyList<string> treeIds, CancellationToken cancellationToken)
    {
        if (store.Value is { } local)
        {
            // In process: batches read on every core, each batch's declared size bounded so that a hostile
            // repository of huge trees cannot hold more than MaxTreeSize (plus one tree) in memory at once.
            foreach (var batch in TreeBatches(local, treeIds))
            {
                foreach (var tree in InParallel(batch, t => ReadRawTree(t, cancellationToken), cancellationToken))
                {
                    yield return tree;
                }
            }

            yield break;
        }

        var i = 0;
        foreach (var content in Stream(() => new GitCatFile(Path, buffered: true), c => c.ReadAll(treeIds, "tree", MaxTreeSize, cancellationToken)))
        {
            var id = treeIds[i++];
            VerifyTree(id, content);
            yield return RawTreeParser.Parse(id, content);
        }
    }

    public IEnumerable<long> BlobSizes(IReadOnlyList<string> blobIds, CancellationToken cancellationToken)
    {
        if (store.Value is not { } local)
        {
            return Stream(() => new GitCatFile(Path, buffered: true, headersOnly: true), c => c.ReadHeaders(blobIds, cancellationToken))
                .Select(h => h.Type == "blob" ? h.Size : -1);
        }

        return InParallel(blobIds, id => local.TryReadHeader(ParseId(id), out var type, out var size)
            ? (type == GitObjectType.Blob ? size : -1)
            : BlobSize(id), cancellationToken);
    }

    private const int TreeBatch = 512;

    /// <summary>Consecutive runs of at most <see cref="TreeBatch"/> trees whose declared sizes add up to at most <see cref="MaxTreeSize"/> (or one tree).</summary>
    private static IEnumerable<List<string>> TreeBatches(LocalObjectStore local, IReadOnlyList<string> treeIds)
    {
        var batch = new List<string>();
        long bytes = 0;
        foreach (var id in treeIds)
        {
            // A tree whose size cannot be told here is read by git, and counted at the most it may be.
            var size = local.TryReadHeader(ParseId(id), out _, out var declared) ? Math.Max(0, declared) : MaxTreeSize;
            if (batch.Count > 0 && (batch.Count >= TreeBatch || bytes + size > MaxTreeSize))
            {
                yield return batch;
                batch = [];
                bytes = 0;
            }

            batch.Add(id);
            bytes += size;
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    /// <summary>Maps <paramref name="items"/> on every core, results in order; the first failure is rethrown as itself.</summary>
    private static TResult[] InParallel<TItem, TResult>(IReadOnlyList<TItem> items, Func<TItem, TResult> read, CancellationToken cancellationToken)
    {
        var results = new TResult[items.Count];
        try
        {
            Parallel.For(0, items.Count, new ParallelOptions { CancellationToken = cancellationToken }, i => results[i] = read(items[i]));
        }
        catch (AggregateException ex)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.Flatten().InnerExceptions[0]);
        }

        return results;
    }

    private static byte[] ParseId(string objectId)
    {
        if (objectId.Length != 40 || objectId.AsSpan().IndexOfAnyExcept(LowerHex) >= 0)
        {
            throw new ArgumentException($"'{objectId}' is not an object id.", nameof(objectId));
        }

        return Convert.FromHexString(objectId);
    }

    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    /// <summary>A tree is hashed before it is trusted: a damaged or substituted tree would misplace every path under it.</summary>
    private static void VerifyTree(string treeId, ReadOnlySpan<byte> content)
    {
        var actual = GitObjectFormat.ToHex(GitObjectFormat.HashObject(GitObjectType.Tree, content));
        if (actual != treeId)
        {
            throw new BrainRepoException(ErrorCodes.RepositoryCorrupt, $"Tree {treeId} is corrupt: its content hashes to {actual}.");
        }
    }

    /// <summary>
    /// Runs one streaming read on its own git process, outside the lock (it runs alongside other reads);
    /// an abandoned enumeration ends the process at once.
    /// </summary>
    private static IEnumerable<T> Stream<T>(Func<GitCatFile> start, Func<GitCatFile, IEnumerable<T>> read)
    {
        var process = start();
        var complete = false;
        try
        {
            foreach (var item in read(process))
            {
                yield return item;
            }

            complete = true;
        }
        finally
        {
            if (!complete)
            {
                process.Kill();
            }

            process.Dispose();
        }
    }

    public byte[] ReadBlobVerified(string blobId)
    {
        byte[] content;
        lock (gate)
        {
            try
            {
                var blob = repo.Lookup<Blob>(blobId) ?? throw new BrainRepoException(ErrorCodes.RepositoryCorrupt, $"Object {blobId} is missing from the backup repository.");
                content = blob.GetContentStream().ReadAllBytes();
            }
            catch (LibGit2SharpException ex)
            {
                // libgit2 itself refuses some damage (a loose object whose content does not match its name).
                throw new BrainRepoException(ErrorCodes.RepositoryCorrupt, $"Object {blobId} is corrupt or unreadable ({ex.Message}).");
            }
        }

        var actual = GitObjectFormat.ToHex(GitObjectFormat.HashObject(GitObjectType.Blob, content));
        if (actual != blobId)
        {
            throw new BrainRepoException(ErrorCodes.RepositoryCorrupt, $"Object {blobId} is corrupt: its content hashes to {actual}.");
        }

        return content;
    }

    public string RootTree(string commitId, CancellationToken cancellationToken)
    {
        var (type, content) = ReadRaw(commitId, 16L * 1024 * 1024) ?? throw NotFound(commitId);
        if (type != "commit" || content.Length < 46 || !content.AsSpan(0, 5).SequenceEqual("tree "u8) || content[45] != (byte)'\n')
        {
            throw new BrainRepoException(ErrorCodes.RepositoryCorrupt, $"Object {commitId} is not a well-formed commit.");
        }

        var actual = GitObjectFormat.ToHex(GitObjectFormat.HashObject(GitObjectType.Commit, content));
        if (actual != commitId)
        {
            throw new BrainRepoException(ErrorCodes.RepositoryCorrupt, $"Commit {commitId} is corrupt: its content hashes to {actual}.");
        }

        var tree = System.Text.Encoding.ASCII.GetString(content, 5, 40);
        if (!tree.All(char.IsAsciiHexDigitLower))
        {
            throw new BrainRepoException(ErrorCodes.RepositoryCorrupt, $"Commit {commitId} names a malformed tree id.");
        }

        return tree;
    }

    public IReadOnlyList<RawTreeEntry> ReadRawTree(string treeId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var raw = ReadRaw(treeId, MaxTreeSize)
            ?? throw new BrainRepoException(ErrorCodes.RepositoryCorrupt, $"Tree {treeId} is missing from the backup repository.");
        if (raw.Type != "tree")
        {
            throw new BrainRepoException(ErrorCodes.RepositoryCorrupt, $"Object {treeId} is a {raw.Type} where a tree was expected.");
        }

        VerifyTree(treeId, raw.Content);
        return RawTreeParser.Parse(treeId, raw.Content);
    }

    /// <summary>An object's type and content (not hashed), in process when possible, else from git; null when it is missing.</summary>
    internal (string Type, byte[] Content)? ReadRaw(string objectId, long maxSize)
    {
        if (store.Value is { } local)
        {
            byte[] content = [];
            if (local.TryRead(ParseId(objectId), maxSize, ref content, out var type, out var length))
            {
                return (GitObjectFormat.TypeName(type), content.Length == length ? content : content[..length]);
            }
        }

        return ReadWithGit(objectId, maxSize);
    }

    private (string Type, byte[] Content)? ReadWithGit(string objectId, long maxSize)
    {
        lock (gate)
        {
            catFile ??= new GitCatFile(Path);
            return catFile.Read(objectId, maxSize);
        }
    }

    public long BlobSize(string blobId)
    {
        lock (gate)
        {
            var id = new ObjectId(blobId);
            if (!repo.ObjectDatabase.Contains(id))
            {
                return -1;
            }

            var meta = repo.ObjectDatabase.RetrieveObjectMetadata(id);
            return meta.Type == ObjectType.Blob ? meta.Size : -1;
        }
    }

    public bool TryCreateTag(string name, string commitId, CancellationToken cancellationToken)
    {
        var (code, _, _) = Git(Path, ["update-ref", "-m", "brainrepo tag", "refs/tags/" + name, commitId, new string('0', 40)], cancellationToken);
        return code == 0;
    }

    /// <summary>At this many packs a sync merges them: git's own <c>gc.autoPackLimit</c> default.</summary>
    public const int DefaultPackLimit = 50;

    /// <summary>How many packs the repository holds.</summary>
    public int PackCount()
    {
        var directory = System.IO.Path.Combine(ObjectsDirectory, "pack");
        return Directory.Exists(directory) ? Directory.EnumerateFiles(directory, "pack-*.pack").Count() : 0;
    }

    /// <summary>
    /// Every sync that changes something adds one pack, and every object lookup (git's, libgit2's, a restore's)
    /// searches the pack indexes in turn, so a repository synced every few minutes slows down week by week.
    /// With at least <paramref name="limit"/> packs this runs <c>git repack --geometric=2 -d</c>: packs are merged
    /// until each is at least twice the size of all smaller ones together, so the recent small packs are
    /// rolled up and the large old ones are normally left alone (the work follows what changed recently).
    /// Objects are copied as they are, without new deltas, so its cost stays predictable. Returns the pack
    /// counts before and after, or null when below the limit. Run it under the workspace's lease.
    /// </summary>
    public (int Before, int After)? ConsolidatePacks(int limit, CancellationToken cancellationToken)
    {
        var before = PackCount();
        if (before < limit)
        {
            return null;
        }

        // Let go of the packs this process has mapped: repack deletes the ones it merges (their space is
        // only freed once nothing maps them, and some systems refuse to delete a mapped file at all).
        ReleaseObjectStore();
        var (code, _, err) = Git(Path, ["repack", "--geometric=2", "-d", "-q", "--window=0", "--no-write-bitmap-index"], cancellationToken);
        if (code != 0)
        {
            throw new BrainRepoException(ErrorCodes.RepositoryCorrupt, $"git repack failed ({code}): {err.Trim()}");
        }

        return (before, PackCount());
    }

    /// <summary>Unmaps the packs read in process (after any read in flight); the next read maps them afresh.</summary>
    internal void ReleaseObjectStore()
    {
        lock (gate)
        {
            // git cat-file keeps the packs it has opened: a pack deleted or moved meanwhile would still answer.
            catFile?.Dispose();
            catFile = null;
        }

        var old = store;
        store = new Lazy<LocalObjectStore?>(() => LocalObjectStore.TryOpen(Path), LazyThreadSafetyMode.ExecutionAndPublication);
        if (old.IsValueCreated)
        {
            old.Value?.Dispose();
        }
    }

    /// <inheritdoc/>
    public (int Before, int After)? ConsolidatePacks(CancellationToken cancellationToken) => ConsolidatePacks(DefaultPackLimit, cancellationToken);

    /// <summary>
    /// Starts a new pack. First removes the temporary packs that a killed or failed sync left behind, those provably
    /// abandoned (see <see cref="PackWriter.RemoveStaleTemporaryFiles"/>): on a small disk one can hold all the free space.
    /// </summary>
    public IObjectSink OpenSink(IReadOnlySet<string> knownObjects)
    {
        PackWriter.RemoveStaleTemporaryFiles(System.IO.Path.Combine(ObjectsDirectory, "pack"), OwnerlessTempStaleAfter, LocalProcessProbe.Instance);
        return new PackObjectSink(this, knownObjects);
    }

    public ObjectPresence CheckObjects(IReadOnlyCollection<string> objectIds, CancellationToken cancellationToken)
    {
        var missing = new HashSet<string>(StringComparer.Ordinal);
        var local = store.Value;
        if (local is null)
        {
            missing.UnionWith(objectIds);
        }
        else
        {
            local.FindMissing(objectIds, missing, cancellationToken);
        }

        var damaged = local?.DamagedPacks().Select(d => $"{d.Pack}: {d.Problem}").ToList() ?? [];
        if (missing.Count > 0 && (local is null || local.HasUnsupportedPacks))
        {
            // Objects this reader cannot judge (alternates, a pack format only git reads): git's answer counts.
            var ask = missing.Where(id => id.Length == 2 * GitObjectFormat.IdLength && id.AsSpan().IndexOfAnyExcept(LowerHex) < 0).ToList();
            var i = 0;
            foreach (var (type, _) in Stream(() => new GitCatFile(Path, buffered: true, headersOnly: true), c => c.ReadHeaders(ask, cancellationToken)))
            {
                if (type != "missing")
                {
                    missing.Remove(ask[i]);
                }

                i++;
            }
        }

        return new ObjectPresence(missing, damaged);
    }

    /// <summary>The damaged packs of the repository (file name and what is wrong), as the in-process reader judges them.</summary>
    public IReadOnlyList<(string Pack, string Problem)> DamagedPacks()
    {
        if (store.Value is not { } local)
        {
            return [];
        }

        return local.DamagedPacks();
    }


    /// <summary>
    /// Moves the branch to <paramref name="newCommit"/> only if it still points at <paramref name="expectedOld"/>
    /// (or, when that is null, does not exist yet): a compare-and-swap under git's own <c>.lock</c> file, in
    /// process (libgit2 rechecks the value on disk while it holds the lock), so a concurrent writer makes
    /// this fail instead of being overwritten. Git's CLI honours the same lock.
    /// </summary>
    public void UpdateBranch(string newCommit, string? expectedOld, string reflogMessage, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            try
            {
                var target = new ObjectId(newCommit);
                if (expectedOld is null)
                {
                    repo.Refs.Add(Branch, target, reflogMessage, allowOverwrite: false);
                    return;
                }

                var current = repo.Refs[Branch]?.ResolveToDirectReference();
                if (current is null || current.CanonicalName != Branch || current.TargetIdentifier != expectedOld)
                {
                    throw Conflict($"it is at {current?.TargetIdentifier ?? "nothing"}, expected {expectedOld}");
                }

                repo.Refs.UpdateTarget(current, target, reflogMessage);
            }
            catch (LibGit2SharpException ex) when (BackupWriteException.IsDiskFull(ex))
            {
                // The ref, its lock or its reflog could not be written: the branch did not move.
                throw BackupWriteException.For(ex, Path, "The new snapshot was not recorded; the backup still ends at the previous snapshot.");
            }
            catch (LibGit2SharpException ex)
            {
                throw Conflict(ex.Message);
            }
        }

        static BrainRepoException Conflict(string detail) => new(
            ErrorCodes.RepositoryConflict,
            $"The backup repository's branch moved during the sync, or could not be updated ({detail}). The new snapshot was not recorded; run the sync again.",
            isTransient: true);
    }

    public void Dispose()
    {
        catFile?.Dispose();
        if (store.IsValueCreated)
        {
            store.Value?.Dispose();
        }

        repo.Dispose();
    }

    private static BrainRepoException NotFound(string commitId) =>
        new(ErrorCodes.SnapshotNotFound, $"Snapshot {commitId} is not in the backup repository.");
}
