using BrainRepo.Core.Model;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace BrainRepo.Core.Storage;

/// <summary>
/// The stat cache of the last snapshot as one compact binary value: every tracked file (path, mode,
/// blob id, size, stamp) and every folder's tree id. Loading 20,000 files from it takes a few
/// milliseconds where one SQLite row per file took tens (and ten times that at 200,000 files).
/// <para>
/// Layout (little-endian): "BRSC", a version byte; version 2 then has the 20-byte commit id and the
/// scanner configuration (UTF-8, length-prefixed), version 1 (a SQLite value whose commit and scanner
/// were separate rows) has neither. Then the file count, and per file: UTF-8 path (length-prefixed),
/// mode, 20-byte blob id, size, a stamp flag and, when set, stamp size, mtime ns, ctime ns, inode; then the
/// folder count and per folder: UTF-8 path, 20-byte tree id; last an XxHash64 of everything before it.
/// A value that does not decode (wrong magic, version, length or checksum) is treated as no cache at all:
/// the next sync rebuilds it from the repository, which is always correct, just slower once.
/// </para>
/// </summary>
public static class StatCacheCodec
{
    private const byte LegacyVersion = 1;
    private const byte Version = 2;
    private const int IdBytes = 20;
    private static ReadOnlySpan<byte> Magic => "BRSC"u8;

    /// <summary>Encodes the cache of <paramref name="commitId"/> (version 2, self-contained).</summary>
    public static byte[] Encode(string commitId, string scanner, IReadOnlyDictionary<string, TrackedFile> files, IReadOnlyDictionary<string, string> trees) =>
        Encode(Version, commitId, scanner, files, trees);

    /// <summary>Encodes a version-1 value (no commit, no scanner), as migration 4 stored it; for tests of the upgrade.</summary>
    public static byte[] EncodeLegacy(IReadOnlyDictionary<string, TrackedFile> files, IReadOnlyDictionary<string, string> trees) =>
        Encode(LegacyVersion, null, null, files, trees);

    private static byte[] Encode(byte version, string? commitId, string? scanner, IReadOnlyDictionary<string, TrackedFile> files, IReadOnlyDictionary<string, string> trees)
    {
        // Sized exactly up front: one allocation, no growth and no copy (fresh memory is what this costs).
        var buffer = new ArrayBufferWriterStream(HeaderSize(version, scanner) + FilesSize(files) + TreesSize(trees) + 8);
        WriteHeader(buffer, version, commitId, scanner);
        WriteFiles(buffer, files);
        WriteTrees(buffer, trees);
        buffer.WriteInt64(unchecked((long)XxHash64.HashToUInt64(buffer.Written)));
        return buffer.ToArray();
    }

    /// <summary>
    /// The larger first part of <see cref="Encode(string, string, IReadOnlyDictionary{string, TrackedFile}, IReadOnlyDictionary{string, string})"/>,
    /// for when the commit and its folders are not known yet: the header with the commit id left blank, and every file.
    /// <see cref="FinishEncode"/> then produces exactly the bytes <c>Encode</c> would. The buffer leaves room for
    /// about as many folders as <paramref name="expectedTrees"/> (the previous snapshot's), so finishing rarely copies.
    /// </summary>
    public static Draft BeginEncode(string scanner, IReadOnlyDictionary<string, TrackedFile> files, IReadOnlyDictionary<string, string> expectedTrees)
    {
        var expected = TreesSize(expectedTrees);
        var buffer = new ArrayBufferWriterStream(HeaderSize(Version, scanner) + FilesSize(files) + expected + (expected / 8) + 4096 + 8);
        WriteHeader(buffer, Version, null, scanner);
        WriteFiles(buffer, files);
        return new Draft(buffer);
    }

    /// <summary>Completes a <see cref="BeginEncode"/> with the commit id and folder trees; a draft is finished once.</summary>
    public static ReadOnlyMemory<byte> FinishEncode(Draft draft, string commitId, IReadOnlyDictionary<string, string> trees)
    {
        var buffer = draft.Take();
        buffer.WriteIdAt(Magic.Length + 1, commitId);
        WriteTrees(buffer, trees);
        buffer.WriteInt64(unchecked((long)XxHash64.HashToUInt64(buffer.Written)));
        return buffer.WrittenMemory;
    }

    private static int HeaderSize(byte version, string? scanner) =>
        Magic.Length + 1 + (version == Version ? IdBytes + 4 + Encoding.UTF8.GetByteCount(scanner!) : 0);

    private static int FilesSize(IReadOnlyDictionary<string, TrackedFile> files)
    {
        var size = 4;
        foreach (var file in files.Values)
        {
            size += 4 + Encoding.UTF8.GetByteCount(file.Path) + 4 + IdBytes + 8 + 1 + (file.Stamp is null ? 0 : 32);
        }

        return size;
    }

    private static int TreesSize(IReadOnlyDictionary<string, string> trees)
    {
        var size = 4;
        foreach (var path in trees.Keys)
        {
            size += 4 + Encoding.UTF8.GetByteCount(path) + IdBytes;
        }

        return size;
    }

    /// <summary>Magic, version and (version 2) the commit id, zeros when <paramref name="commitId"/> is null, and the scanner.</summary>
    private static void WriteHeader(ArrayBufferWriterStream buffer, byte version, string? commitId, string? scanner)
    {
        buffer.Write(Magic);
        buffer.WriteByte(version);
        if (version == Version)
        {
            if (commitId is null)
            {
                buffer.Write(new byte[IdBytes]);
            }
            else
            {
                buffer.WriteId(commitId);
            }

            buffer.WriteString(scanner!);
        }
    }

    private static void WriteFiles(ArrayBufferWriterStream buffer, IReadOnlyDictionary<string, TrackedFile> files)
    {
        buffer.WriteInt32(files.Count);
        foreach (var file in files.Values)
        {
            buffer.WriteString(file.Path);
            buffer.WriteInt32(file.Mode);
            buffer.WriteId(file.BlobId);
            buffer.WriteInt64(file.Size);
            if (file.Stamp is { } stamp)
            {
                buffer.WriteByte(1);
                buffer.WriteInt64(stamp.Size);
                buffer.WriteInt64(stamp.MtimeNs);
                buffer.WriteInt64(stamp.CtimeNs);
                buffer.WriteInt64(unchecked((long)stamp.Inode));
            }
            else
            {
                buffer.WriteByte(0);
            }
        }
    }

    private static void WriteTrees(ArrayBufferWriterStream buffer, IReadOnlyDictionary<string, string> trees)
    {
        buffer.WriteInt32(trees.Count);
        foreach (var (path, id) in trees)
        {
            buffer.WriteString(path);
            buffer.WriteId(id);
        }
    }

    /// <summary>An encoding begun by <see cref="BeginEncode"/>, waiting for its commit and folders.</summary>
    public sealed class Draft
    {
        private ArrayBufferWriterStream? buffer;

        public Draft(ArrayBufferWriterStream buffer) => this.buffer = buffer;

        public ArrayBufferWriterStream Take() =>
            Interlocked.Exchange(ref buffer, null) ?? throw new InvalidOperationException("This stat cache draft was already finished.");
    }

    /// <summary>Decodes a version-2 value: the commit and scanner it belongs to, and its files and trees.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> data, out string? commitId, out string? scanner, out Dictionary<string, TrackedFile> files, out Dictionary<string, string> trees) =>
        TryDecode(data, Version, out commitId, out scanner, out files, out trees);

    /// <summary>Decodes a version-1 value (the SQLite row of migration 4; its commit and scanner are separate rows).</summary>
    public static bool TryDecodeLegacy(ReadOnlySpan<byte> data, out Dictionary<string, TrackedFile> files, out Dictionary<string, string> trees) =>
        TryDecode(data, LegacyVersion, out _, out _, out files, out trees);

    private static bool TryDecode(ReadOnlySpan<byte> data, byte version, out string? commitId, out string? scanner, out Dictionary<string, TrackedFile> files, out Dictionary<string, string> trees)
    {
        commitId = null;
        scanner = null;
        files = new Dictionary<string, TrackedFile>(StringComparer.Ordinal);
        trees = new Dictionary<string, string>(StringComparer.Ordinal);
        if (data.Length < Magic.Length + 1 + 4 + 4 + 8 || !data.StartsWith(Magic) || data[Magic.Length] != version)
        {
            return false;
        }

        var body = data[..^8];
        if (XxHash64.HashToUInt64(body) != BinaryPrimitives.ReadUInt64LittleEndian(data[^8..]))
        {
            return false;
        }

        var reader = new Reader(body[(Magic.Length + 1)..]);
        try
        {
            if (version == Version)
            {
                commitId = reader.Id();
                scanner = reader.String();
            }

            var count = reader.Int32();
            files = new Dictionary<string, TrackedFile>(Math.Max(0, count), StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                var path = reader.String();
                var mode = reader.Int32();
                var blob = reader.Id();
                var size = reader.Int64();
                FileStamp? stamp = reader.Byte() == 0
                    ? null
                    : new FileStamp(reader.Int64(), reader.Int64(), reader.Int64(), unchecked((ulong)reader.Int64()));
                files[path] = new TrackedFile(path, mode, blob, size, stamp);
            }

            var treeCount = reader.Int32();
            trees = new Dictionary<string, string>(Math.Max(0, treeCount), StringComparer.Ordinal);
            for (var i = 0; i < treeCount; i++)
            {
                trees[reader.String()] = reader.Id();
            }

            return reader.AtEnd;
        }
        catch (FormatException)
        {
            commitId = null;
            scanner = null;
            files = new Dictionary<string, TrackedFile>(StringComparer.Ordinal);
            trees = new Dictionary<string, string>(StringComparer.Ordinal);
            return false;
        }
    }

    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private ReadOnlySpan<byte> rest = data;

        public readonly bool AtEnd => rest.IsEmpty;

        public byte Byte() => Take(1)[0];

        public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

        public long Int64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

        public string Id() => Convert.ToHexStringLower(Take(IdBytes));

        public string String()
        {
            var length = Int32();
            return length < 0 ? throw new FormatException("negative length") : Encoding.UTF8.GetString(Take(length));
        }

        private ReadOnlySpan<byte> Take(int n)
        {
            if (n > rest.Length)
            {
                throw new FormatException("truncated stat cache");
            }

            var taken = rest[..n];
            rest = rest[n..];
            return taken;
        }
    }

    /// <summary>A growable byte buffer with little-endian writers.</summary>
    public sealed class ArrayBufferWriterStream(int capacity)
    {
        private byte[] buffer = new byte[capacity];
        private int length;

        public ReadOnlySpan<byte> Written => buffer.AsSpan(0, length);

        public ReadOnlyMemory<byte> WrittenMemory => buffer.AsMemory(0, length);

        /// <summary>The written bytes; the buffer itself when it is exactly full (no copy).</summary>
        public byte[] ToArray() => length == buffer.Length ? buffer : buffer.AsSpan(0, length).ToArray();

        public void Write(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));

        public void WriteByte(byte value) => Reserve(1)[0] = value;

        public void WriteInt32(int value) => BinaryPrimitives.WriteInt32LittleEndian(Reserve(4), value);

        public void WriteInt64(long value) => BinaryPrimitives.WriteInt64LittleEndian(Reserve(8), value);

        public void WriteString(string value)
        {
            var count = Encoding.UTF8.GetByteCount(value);
            WriteInt32(count);
            Encoding.UTF8.GetBytes(value, Reserve(count));
        }

        public void WriteId(string hex)
        {
            if (hex.Length != IdBytes * 2 || Convert.FromHexString(hex, Reserve(IdBytes), out _, out var written) != System.Buffers.OperationStatus.Done || written != IdBytes)
            {
                throw new ArgumentException($"'{hex}' is not a 40-digit object id.", nameof(hex));
            }
        }

        /// <summary>Overwrites the 20 bytes at <paramref name="offset"/> (already written) with an object id.</summary>
        public void WriteIdAt(int offset, string hex)
        {
            var end = length;
            length = offset;
            WriteId(hex);
            length = end;
        }

        private Span<byte> Reserve(int n)
        {
            if (length + n > buffer.Length)
            {
                Array.Resize(ref buffer, Math.Max(buffer.Length * 2, length + n));
            }

            var span = buffer.AsSpan(length, n);
            length += n;
            return span;
        }
    }
}
