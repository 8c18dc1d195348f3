using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace BrainRepo.Git;

/// <summary>
/// Writes one git packfile (version 2, whole objects, no deltas) and its version-2 index directly,
/// so a snapshot of N new files costs one file write instead of N loose objects. Objects are
/// compressed by the callers in parallel (<see cref="Compress"/>) and appended here under a lock.
/// Nothing is visible to git until <see cref="Complete"/> renames the finished pack into place.
/// </summary>
public sealed partial class PackWriter : IDisposable
{
    private const uint SyncFileRangeWrite = 2;

    private static readonly byte[] EmptyZlib = [0x78, 0x01, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01];

    private readonly object gate = new();
    private readonly string packDirectory;
    private readonly string tempPath;
    private readonly FileStream stream;
    private readonly List<Entry> entries = [];
    private readonly HashSet<string> written = new(StringComparer.Ordinal);
    private bool completed;

    public PackWriter(string packDirectory)
    {
        this.packDirectory = packDirectory;
        Directory.CreateDirectory(packDirectory);
        tempPath = Path.Combine(packDirectory, $"tmp_pack_brainrepo_{Guid.NewGuid():N}");
        stream = new FileStream(tempPath, System.IO.FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 20);
        stream.Write(new byte[12]);
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
            ObjectDisposedException.ThrowIf(completed, this);
            if (!written.Add(hex))
            {
                return false;
            }

            var offset = stream.Position;
            stream.Write(header[..headerLength]);
            stream.Write(compressed);
            entries.Add(new Entry(id, offset, crc.GetCurrentHashAsUInt32()));
            return true;
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
            if (completed || entries.Count == 0 || !OperatingSystem.IsLinux())
            {
                return;
            }

            stream.Flush();
            try
            {
                _ = SyncFileRange(stream.SafeFileHandle, 0, 0, SyncFileRangeWrite);
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
            completed = true;
            if (entries.Count == 0)
            {
                stream.Dispose();
                File.Delete(tempPath);
                return null;
            }

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
            var idxTemp = tempPath + ".idx";
            WriteIndex(idxTemp, packHash);
            var packPath = Path.Combine(packDirectory, name + ".pack");
            var idxPath = Path.Combine(packDirectory, name + ".idx");
            File.Move(tempPath, packPath, overwrite: true);
            File.Move(idxTemp, idxPath, overwrite: true);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(packPath, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
                File.SetUnixFileMode(idxPath, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }

            return packPath;
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            if (completed)
            {
                return;
            }

            completed = true;
            stream.Dispose();
            TryDelete(tempPath);
            TryDelete(tempPath + ".idx");
        }
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
        using var file = new FileStream(path, System.IO.FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
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

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a leftover tmp_pack_* file is ignored by git and cleaned by 'git gc'.
        }
    }

    [LibraryImport("libc", EntryPoint = "sync_file_range", SetLastError = true)]
    private static partial int SyncFileRange(SafeFileHandle fd, long offset, long count, uint flags);

    private readonly record struct Entry(byte[] Id, long Offset, uint Crc);
}
