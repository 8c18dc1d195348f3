using BrainRepo.Core.Model;
using BrainRepo.Core.Storage;
using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text;
using BrainRepo.Core.Snapshots;

namespace BrainRepo.Git;

/// <summary>
/// The object sink of one snapshot: blobs, trees and the commit go into a single new pack.
/// Objects the last snapshot already has are not written again. The check is an in-memory set, not
/// an object-database lookup: libgit2 rescans the pack folder on every miss, and nearly every new
/// blob is a miss.
/// </summary>
internal sealed class PackObjectSink(GitBackupRepository repository, IReadOnlySet<string> knownObjects) : IObjectSink
{
    private readonly PackWriter pack = new(Path.Combine(repository.ObjectsDirectory, "pack"));

    public string AddBlob(ReadOnlySpan<byte> content) => Add(GitObjectType.Blob, content);

    public PreparedBlob PrepareBlob(ReadOnlySpan<byte> content) => Prepare(GitObjectType.Blob, content);

    public string Store(PreparedBlob blob)
    {
        if (blob is not Prepared prepared || !ReferenceEquals(prepared.Sink, this))
        {
            throw new ArgumentException("The blob was prepared by another sink.", nameof(blob));
        }

        if (prepared.Compressed is { } compressed)
        {
            pack.Append(prepared.RawId, prepared.Type, prepared.Size, compressed);
        }

        return prepared.Id;
    }

    public void StartWriteback() => pack.StartWriteback();

    public string? Finish(IReadOnlyDictionary<string, TrackedFile> files, SnapshotCommitInfo commit, string? parent, TreeCache? trees, CancellationToken cancellationToken, Action<string>? whileFlushing = null)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var rootTree = GitObjectFormat.ToHex(TreeSerializer.Build(files, content => GitObjectFormat.FromHex(Add(GitObjectType.Tree, content)), trees));
        if (parent is not null && repository.TreeOf(parent) == rootTree)
        {
            return null;
        }

        var when = commit.Time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var text = new StringBuilder()
            .Append("tree ").Append(rootTree).Append('\n');
        if (parent is not null)
        {
            text.Append("parent ").Append(parent).Append('\n');
        }

        var identity = $"{commit.AuthorName} <{commit.AuthorEmail}> {when} +0000";
        text.Append("author ").Append(identity).Append('\n')
            .Append("committer ").Append(identity).Append('\n')
            .Append('\n')
            .Append(commit.Message.TrimEnd()).Append('\n');
        var commitId = Add(GitObjectType.Commit, Encoding.UTF8.GetBytes(text.ToString()));
        cancellationToken.ThrowIfCancellationRequested();
        if (whileFlushing is null)
        {
            pack.Complete(cancellationToken);
            return commitId;
        }

        // The flush is mostly waiting for the disk (an fsync of the whole pack): the caller's work runs meanwhile.
        var flushing = Task.Run(() => pack.Complete(cancellationToken), CancellationToken.None);
        ExceptionDispatchInfo? failure = null;
        try
        {
            whileFlushing(commitId);
        }
        catch (Exception ex)
        {
            failure = ExceptionDispatchInfo.Capture(ex);
        }

        flushing.GetAwaiter().GetResult();
        failure?.Throw();
        return commitId;
    }

    public void Keep(CancellationToken cancellationToken) => pack.Complete(cancellationToken);

    public void Dispose() => pack.Dispose();

    private string Add(GitObjectType type, ReadOnlySpan<byte> content) => Store(Prepare(type, content));

    /// <summary>Hashes the object and compresses it unless the repository or this pack already has it.</summary>
    private Prepared Prepare(GitObjectType type, ReadOnlySpan<byte> content)
    {
        var id = GitObjectFormat.HashObject(type, content);
        var hex = GitObjectFormat.ToHex(id);
        var known = knownObjects.Contains(hex) || pack.Contains(hex);
        return new Prepared(this, type, hex, id, content.Length, known ? null : (ArraySegment<byte>?)PackWriter.Compress(content));
    }

    /// <summary>A hashed object and, unless the repository already has it, its compressed bytes.</summary>
    private sealed class Prepared(PackObjectSink sink, GitObjectType type, string id, byte[] rawId, long size, ArraySegment<byte>? compressed) : PreparedBlob
    {
        public override string Id { get; } = id;

        public PackObjectSink Sink { get; } = sink;

        public GitObjectType Type { get; } = type;

        public byte[] RawId { get; } = rawId;

        public long Size { get; } = size;

        public ArraySegment<byte>? Compressed { get; } = compressed;
    }
}
