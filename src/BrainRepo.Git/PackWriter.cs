using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using BrainRepo.Core.Errors;
using Microsoft.Win32.SafeHandles;

namespace BrainRepo.Git;

/// <summary>
/// Writes one git packfile (version 2, whole objects, no deltas) and its version-2 index directly,
/// so a snapshot of N new files costs one file write instead of N loose objects. Objects are
/// compressed by the callers in parallel (<see cref="Compress"/>) and appended here under a lock.
/// Nothing is visible to git until <see cref="Complete"/> renames the finished pack into place.
/// A failed write removes the partial pack at once and fails every later call with the same
/// <see cref="BackupWriteException"/>; so does <see cref="Dispose"/> without <see cref="Complete"/>. The
/// temporary files are named <c>tmp_pack_brainrepo_&lt;owner&gt;_…</c> (see <see cref="Core.Coordination.TempFileOwner"/>),
/// so that a later sync can tell the leftovers of a killed process (<see cref="RemoveStaleTemporaryFiles"/>).
/// </summary>
public sealed partial class PackWriter : IDisposable
{
    private const uint SyncFileRangeWrite = 2;

    private static readonly byte[] EmptyZlib = [0x78, 0x01, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01];

    /// <summary>The start of the name of every temporary file BrainRepo writes in a pack folder.</summary>
    public const string TempPrefix = "tmp_pack_brainrepo_";

    private const string FailureConsequence = "Nothing was committed and the partial pack was removed.";

    private readonly object gate = new();
    private readonly string packDirectory;
    private readonly string tempPath;
    private readonly FileStream stream;
    private readonly List<Entry> entries = [];
    private readonly HashSet<string> written = new(StringComparer.Ordinal);
    private bool completed;
    private BackupWriteException? failure;

    public PackWriter(string packDirectory)
        : this(packDirectory, path => new FileStream(path, PrivateCreate(1 << 20)))
    {
    }

    /// <summary>Tests: <paramref name="create"/> opens the temporary pack (to inject write failures).</summary>
    internal PackWriter(string packDirectory, Func<string, FileStream> create)
    {
        this.packDirectory = packDirectory;
        tempPath = Path.Combine(packDirectory, $"{TempPrefix}{Core.Coordination.TempFileOwner.Current}_{Guid.NewGuid():N}");
        FileStream? opened = null;
        try
        {
            Directory.CreateDirectory(packDirectory);
            opened = create(tempPath);
            opened.Write(new byte[12]);
        }
        catch (IOException ex)
        {
            DisposeQuietly(opened);
            TryDelete(tempPath);
            throw BackupWriteException.For(ex, packDirectory, FailureConsequence);
        }

        stream = opened;
    }

    public int Count
    {
        get
        {
            lock (gate)
            {
                return entries.Count;
            }
        }
    }

    public bool Contains(string idHex)
    {
        lock (gate)
        {
            return written.Contains(idHex);
        }
    }

    /// <summary>Deflates <paramref name="content"/> as a zlib stream (git's object compression).</summary>
    public static ArraySegment<byte> Compress(ReadOnlySpan<byte> content)
    {
        if (content.IsEmpty)
        {
            // ZLibStream writes nothing at all for empty input; git needs a complete zlib stream.
            return EmptyZlib;
        }

        var output = new MemoryStream(Math.Max(64, content.Length / 2 + 64));
        using (var z = new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            z.Write(content);
        }

        return new ArraySegment<byte>(output.GetBuffer(), 0, (int)output.Length);
    }

    /// <summary>Appends an already compressed object. Returns false when the pack already holds it.</summary>
    public bool Append(byte[] id, GitObjectType type, long size, ArraySegment<byte> compressed)
    {
        Span<byte> header = stackalloc byte[16];
        var headerLength = EncodeHeader(type, size, header);
        var crc = new Crc32();
        crc.Append(header[..headerLength]);
        crc.Append(compressed);
        var hex = GitObjectFormat.ToHex(id);
        lock (gate)
        {
            ThrowIfFailed();
            ObjectDisposedException.ThrowIf(completed, this);
            if (!written.Add(hex))
            {
                return false;
            }

            try
            {
                var offset = stream.Position;
                stream.Write(header[..headerLength]);
                stream.Write(compressed);
                entries.Add(new Entry(id, offset, crc.GetCurrentHashAsUInt32()));
                return true;
            }
            catch (IOException ex)
            {
                throw Fail(ex);
            }
        }
    }

    /// <summary>
    /// Starts writing what the pack holds so far to disk, without waiting for it (Linux <c>sync_file_range</c>;
    /// elsewhere nothing). Called once the blobs are in and before the trees are built: the flush to disk in
    /// <see cref="Complete"/> then finds most of the pack already written instead of starting the whole write
    /// itself. It changes nothing about durability: <see cref="Complete"/> still flushes everything.
    /// </summary>
    public void StartWriteback()
    {
        lock (gate)
        {
            ThrowIfFailed();
            if (completed || entries.Count == 0 || !OperatingSystem.IsLinux())
            {
                return;
            }

            try
            {
                stream.Flush();
                _ = SyncFileRange(stream.SafeFileHandle, 0, 0, SyncFileRangeWrite);
            }
            catch (IOException ex)
            {
                throw Fail(ex);
            }
            catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
            {
                // Only a head start: the flush in Complete does the whole work.
            }
        }
    }

    /// <summary>
    /// Finishes the pack and its index, flushes both to disk and moves them into place.
    /// Returns the pack's path, or null when no object was written.
    /// </summary>
    public string? Complete(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            ThrowIfFailed();
            ObjectDisposedException.ThrowIf(completed, this);
            if (entries.Count == 0)
            {
                completed = true;
                DisposeQuietly(stream);
                TryDelete(tempPath);
                return null;
            }

            try
            {
                var packPath = WritePack(cancellationToken);
                completed = true;
                return packPath;
            }
            catch (IOException ex)
            {
                throw Fail(ex);
            }
            catch
            {
                // Cancelled, or anything else: the temporary files go too; the writer is done.
                completed = true;
                DiscardTemporaryFiles();
                throw;
            }
        }
    }

    /// <summary>Discards the pack unless <see cref="Complete"/> finished it: nothing of it stays on disk.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            if (completed)
            {
                return;
            }

            completed = true;
            DiscardTemporaryFiles();
        }
    }

    /// <summary>
    /// Removes the temporary files that a killed or failed writer left in <paramref name="packDirectory"/>, only
    /// those provably abandoned: BrainRepo's own (<c>tmp_pack_brainrepo_&lt;owner&gt;_…</c>) whose owner process is
    /// dead, and temporary files of git or of an older BrainRepo, which name no owner (<c>tmp_pack_*</c>,
    /// <c>tmp_idx_*</c>, <c>.tmp-*</c>), once older than <paramref name="ownerlessAfter"/> and open in no process.
    /// Returns the names removed. Run it under the workspace's lease, before writing.
    /// </summary>
    public static IReadOnlyList<string> RemoveStaleTemporaryFiles(string packDirectory, TimeSpan ownerlessAfter, Core.Coordination.IProcessProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var removed = new List<string>();
        if (!Directory.Exists(packDirectory))
        {
            return removed;
        }

        // File ages are judged by the real clock, deliberately not an injected TimeProvider: they are the file system's.
        var now = TimeProvider.System.GetUtcNow();
        foreach (var path in Directory.EnumerateFiles(packDirectory))
        {
            var name = Path.GetFileName(path);
            bool stale;
            if (name.StartsWith(TempPrefix, StringComparison.Ordinal) && OwnerTag(name) is { } tag)
            {
                stale = Core.Coordination.TempFileOwner.IsOwnerDead(tag, probe);
            }
            else if (name.StartsWith("tmp_", StringComparison.Ordinal) || name.StartsWith(".tmp-", StringComparison.Ordinal))
            {
                stale = now - new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero) > ownerlessAfter
                    && !Core.Coordination.OpenFileProbe.IsOpen(path);
            }
            else
            {
                continue;
            }

            if (stale && TryDelete(path))
            {
                removed.Add(name);
            }
        }

        return removed;
    }

    /// <summary>The owner tag of a temporary file name of ours, or null for a name without one (an older BrainRepo's).</summary>
    private static string? OwnerTag(string name)
    {
        var rest = name.AsSpan(TempPrefix.Length);
        var end = rest.IndexOf('_');
        return end > 0 && Core.Coordination.TempFileOwner.TryParse(rest[..end], out _, out _) ? rest[..end].ToString() : null;
    }

    private string WritePack(CancellationToken cancellationToken)
    {
        Span<byte> header = stackalloc byte[12];
        "PACK"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32BigEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt32BigEndian(header[8..], (uint)entries.Count);
        stream.Position = 0;
        stream.Write(header);
        stream.Flush();

        cancellationToken.ThrowIfCancellationRequested();
        stream.Position = 0;
        var packHash = SHA1.HashData(stream);
        stream.Position = stream.Length;
        stream.Write(packHash);
        stream.Flush(flushToDisk: true);
        stream.Dispose();

        var name = "pack-" + GitObjectFormat.ToHex(packHash);
        WriteIndex(IndexTempPath, packHash);
        var packPath = Path.Combine(packDirectory, name + ".pack");
        var idxPath = Path.Combine(packDirectory, name + ".idx");
        if (!OperatingSystem.IsWindows())
        {
            // Readable by the owner only, as git itself makes them under core.sharedRepository=0600.
            File.SetUnixFileMode(tempPath, UnixFileMode.UserRead);
            File.SetUnixFileMode(IndexTempPath, UnixFileMode.UserRead);
        }

        // The same name means the same content: a pack already there is as good as this one.
        var packExisted = File.Exists(packPath);
        File.Move(tempPath, packPath, overwrite: true);
        try
        {
            File.Move(IndexTempPath, idxPath, overwrite: true);
        }
        catch when (!packExisted)
        {
            TryDelete(packPath); // a pack without its index is garbage to git
            throw;
        }

        return packPath;
    }

    private string IndexTempPath => tempPath + ".idx";

    /// <summary>Records the first write failure, removes the partial pack and returns the error to throw.</summary>
    private BackupWriteException Fail(IOException ex)
    {
        completed = true;
        DiscardTemporaryFiles();
        failure ??= BackupWriteException.For(ex, packDirectory, FailureConsequence);
        return failure;
    }

    private void ThrowIfFailed()
    {
        if (failure is not null)
        {
            throw failure;
        }
    }

    /// <summary>Closes the stream (a flush that fails on a full disk is ignored: the file is deleted anyway) and deletes both files.</summary>
    private void DiscardTemporaryFiles()
    {
        DisposeQuietly(stream);
        TryDelete(tempPath);
        TryDelete(IndexTempPath);
    }

    private static void DisposeQuietly(FileStream? file)
    {
        try
        {
            file?.Dispose();
        }
        catch (IOException)
        {
            // Its buffered bytes could not be written: they belong to a file that is being deleted.
        }
    }

    private static FileStreamOptions PrivateCreate(int bufferSize)
    {
        var options = new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.ReadWrite, Share = FileShare.None, BufferSize = bufferSize };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return options;
    }

    internal static int EncodeHeader(GitObjectType type, long size, Span<byte> output)
    {
        var i = 0;
        var c = (byte)(((int)type << 4) | (int)(size & 0x0f));
        size >>= 4;
        while (size != 0)
        {
            output[i++] = (byte)(c | 0x80);
            c = (byte)(size & 0x7f);
            size >>= 7;
        }

        output[i++] = c;
        return i;
    }

    private void WriteIndex(string path, byte[] packHash)
    {
        entries.Sort((a, b) => a.Id.AsSpan().SequenceCompareTo(b.Id));
        using var file = new FileStream(path, PrivateCreate(1 << 16));
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        void Put(ReadOnlySpan<byte> bytes)
        {
            file.Write(bytes);
            sha.AppendData(bytes);
        }

        Span<byte> b4 = stackalloc byte[4];
        Span<byte> b8 = stackalloc byte[8];
        Put([0xff, (byte)'t', (byte)'O', (byte)'c', 0, 0, 0, 2]);
        var fanout = new uint[256];
        foreach (var e in entries)
        {
            fanout[e.Id[0]]++;
        }

        uint running = 0;
        for (var i = 0; i < 256; i++)
        {
            running += fanout[i];
            BinaryPrimitives.WriteUInt32BigEndian(b4, running);
            Put(b4);
        }

        foreach (var e in entries)
        {
            Put(e.Id);
        }

        foreach (var e in entries)
        {
            BinaryPrimitives.WriteUInt32BigEndian(b4, e.Crc);
            Put(b4);
        }

        var large = new List<long>();
        foreach (var e in entries)
        {
            uint value;
            if (e.Offset < 0x80000000L)
            {
                value = (uint)e.Offset;
            }
            else
            {
                value = 0x80000000u | (uint)large.Count;
                large.Add(e.Offset);
            }

            BinaryPrimitives.WriteUInt32BigEndian(b4, value);
            Put(b4);
        }

        foreach (var offset in large)
        {
            BinaryPrimitives.WriteUInt64BigEndian(b8, (ulong)offset);
            Put(b8);
        }

        Put(packHash);
        file.Write(sha.GetHashAndReset());
        file.Flush(flushToDisk: true);
    }

    private static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover is removed by a later sync once its owner is provably gone.
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "sync_file_range", SetLastError = true)]
    private static partial int SyncFileRange(SafeFileHandle fd, long offset, long count, uint flags);

    private readonly record struct Entry(byte[] Id, long Offset, uint Crc);
}
