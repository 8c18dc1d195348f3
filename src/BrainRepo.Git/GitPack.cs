using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.MemoryMappedFiles;
using BrainRepo.Core.Errors;

namespace BrainRepo.Git;

/// <summary>
/// One packfile and its version-2 index, mapped read-only, read in process. Everything in them is
/// untrusted: every offset and length is checked against the mapped size before it is used, and the
/// caller hashes what it reads. Thread-safe: the mappings are immutable and every read has its own
/// inflater. See git's Documentation/gitformat-pack.txt.
/// </summary>
internal sealed unsafe class GitPack : IDisposable
{
    public const int OfsDelta = 6;
    public const int RefDelta = 7;

    private const int IdLength = GitObjectFormat.IdLength;
    private const int FanoutStart = 8;
    private const int NamesStart = FanoutStart + (256 * 4);

    private readonly MemoryMappedFile indexFile;
    private readonly MemoryMappedViewAccessor indexView;
    private readonly MemoryMappedFile packFile;
    private readonly MemoryMappedViewAccessor packView;
    private readonly byte* index;
    private readonly byte* pack;
    private readonly long packLength;
    private readonly int count;
    private readonly long offsetsStart;
    private readonly long largeOffsetsStart;
    private readonly long largeOffsetCount;

    private GitPack(string name, MemoryMappedFile indexFile, MemoryMappedViewAccessor indexView, long indexLength, MemoryMappedFile packFile, MemoryMappedViewAccessor packView, long packLength)
    {
        Name = name;
        this.indexFile = indexFile;
        this.indexView = indexView;
        this.packFile = packFile;
        this.packView = packView;
        this.packLength = packLength;
        byte* p = null;
        indexView.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
        index = p + indexView.PointerOffset;
        p = null;
        packView.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
        pack = p + packView.PointerOffset;
        try
        {
            (count, offsetsStart, largeOffsetsStart, largeOffsetCount) = Validate(index, indexLength, pack, packLength);
        }
        catch
        {
            // Not ours to read: give the mappings back (Open disposes the views).
            indexView.SafeMemoryMappedViewHandle.ReleasePointer();
            packView.SafeMemoryMappedViewHandle.ReleasePointer();
            throw;
        }
    }

    /// <summary>
    /// Checks what can be checked without reading the pack's data: the index's own checksum (a garbled index),
    /// its tables, and that the pack is the one the index describes: the same object count, the checksum in
    /// its trailer equal to the index's copy (a truncated or replaced pack), and every offset inside it.
    /// Throws <see cref="InvalidDataException"/> for damage and <see cref="NotSupportedException"/> for an index
    /// format this reader does not handle (version 1: no magic number).
    /// </summary>
    private static (int Count, long OffsetsStart, long LargeOffsetsStart, long LargeOffsetCount) Validate(byte* index, long indexLength, byte* pack, long packLength)
    {
        var header = new ReadOnlySpan<byte>(index, NamesStart);
        if (!header[..4].SequenceEqual((ReadOnlySpan<byte>)[0xff, 0x74, 0x4f, 0x63]))
        {
            throw new NotSupportedException("not a version-2 pack index");
        }

        if (BinaryPrimitives.ReadUInt32BigEndian(header[4..]) != 2)
        {
            throw new InvalidDataException($"the index has the unknown version {BinaryPrimitives.ReadUInt32BigEndian(header[4..])}");
        }

        if (!Checksum(index, indexLength - IdLength).SequenceEqual(new ReadOnlySpan<byte>(index + indexLength - IdLength, IdLength)))
        {
            throw new InvalidDataException("the index does not match its own checksum (garbled)");
        }

        uint previous = 0;
        for (var i = 0; i < 256; i++)
        {
            var f = BinaryPrimitives.ReadUInt32BigEndian(header[(FanoutStart + (i * 4))..]);
            if (f < previous)
            {
                throw new InvalidDataException("the index's fan-out table is not sorted");
            }

            previous = f;
        }

        if (previous > int.MaxValue / 32)
        {
            throw new InvalidDataException("the index claims too many objects");
        }

        var count = (int)previous;
        var offsetsStart = NamesStart + ((long)count * (IdLength + 4));
        var largeOffsetsStart = offsetsStart + ((long)count * 4);
        var trailer = indexLength - (2 * IdLength);
        if (trailer < largeOffsetsStart || (trailer - largeOffsetsStart) % 8 != 0)
        {
            throw new InvalidDataException("the index's length does not fit its object count");
        }

        var packHeader = new ReadOnlySpan<byte>(pack, 12);
        var version = BinaryPrimitives.ReadUInt32BigEndian(packHeader[4..]);
        if (!packHeader[..4].SequenceEqual("PACK"u8) || version is not (2 or 3))
        {
            throw new InvalidDataException("the pack does not start with a version-2 pack header");
        }

        if (BinaryPrimitives.ReadUInt32BigEndian(packHeader[8..]) != (uint)count)
        {
            throw new InvalidDataException($"the pack holds {BinaryPrimitives.ReadUInt32BigEndian(packHeader[8..])} objects where its index lists {count}");
        }

        if (!new ReadOnlySpan<byte>(pack + packLength - IdLength, IdLength).SequenceEqual(new ReadOnlySpan<byte>(index + trailer, IdLength)))
        {
            throw new InvalidDataException("the pack's trailer checksum is not the one its index names (truncated or replaced)");
        }

        var largeCount = (trailer - largeOffsetsStart) / 8;
        var end = packLength - IdLength;
        var offsets = new ReadOnlySpan<byte>(index + offsetsStart, count * 4);
        for (var i = 0; i < count; i++)
        {
            long offset = BinaryPrimitives.ReadUInt32BigEndian(offsets[(i * 4)..]);
            if ((offset & 0x8000_0000) != 0)
            {
                var large = offset & 0x7fff_ffff;
                if (large >= largeCount)
                {
                    throw new InvalidDataException($"the index names a large offset ({large}) that is not in the index");
                }

                offset = (long)BinaryPrimitives.ReadUInt64BigEndian(new ReadOnlySpan<byte>(index + largeOffsetsStart + (large * 8), 8));
            }

            if (offset < 12 || offset >= end)
            {
                throw new InvalidDataException($"the index names an offset ({offset}) beyond the pack's {packLength} bytes (truncated)");
            }
        }

        return (count, offsetsStart, largeOffsetsStart, largeCount);
    }

    /// <summary>SHA-1 of the first <paramref name="length"/> bytes at <paramref name="data"/>, as git's pack and index trailers hold it.</summary>
    private static byte[] Checksum(byte* data, long length)
    {
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA1);
        for (long done = 0; done < length;)
        {
            var n = (int)Math.Min(length - done, 1 << 30);
            sha.AppendData(new ReadOnlySpan<byte>(data + done, n));
            done += n;
        }

        return sha.GetHashAndReset();
    }

    /// <summary>
    /// Hashes the whole pack and compares the result with its trailer: proves every byte of it is as written
    /// (the check <see cref="Open"/> leaves out, since it reads the whole pack). Thread-safe.
    /// </summary>
    public bool PackChecksumMatches() =>
        Checksum(pack, packLength - IdLength).AsSpan().SequenceEqual(new ReadOnlySpan<byte>(pack + packLength - IdLength, IdLength));

    /// <summary>How many objects the pack holds.</summary>
    public int Count => count;

    /// <summary>The id of every object the index lists, in index order.</summary>
    public IEnumerable<byte[]> ObjectIds()
    {
        for (var i = 0; i < count; i++)
        {
            yield return IdAt(i);
        }
    }

    private byte[] IdAt(int position) => new ReadOnlySpan<byte>(index + NamesStart + ((long)position * IdLength), IdLength).ToArray();

    /// <summary>The pack's file name, for messages.</summary>
    public string Name { get; }

    /// <summary>
    /// Maps a pack by its index path (<c>pack-….idx</c> next to <c>pack-….pack</c>). Throws
    /// <see cref="InvalidDataException"/> for a damaged pack or index (see <see cref="Validate"/>; a missing
    /// pack file is damage too), and <see cref="NotSupportedException"/> or <see cref="IOException"/> for one
    /// this reader does not handle (the caller leaves such a pack to git).
    /// </summary>
    public static GitPack Open(string indexPath)
    {
        var packPath = Path.ChangeExtension(indexPath, ".pack");
        var indexLength = new FileInfo(indexPath).Length;
        var packInfo = new FileInfo(packPath);
        if (!packInfo.Exists)
        {
            throw new InvalidDataException("the pack file of this index is missing");
        }

        var packLength = packInfo.Length;
        if (indexLength < NamesStart + (2 * IdLength) || packLength < 12 + IdLength)
        {
            throw new InvalidDataException("the pack or its index is truncated");
        }

        MemoryMappedFile? indexFile = null, packFile = null;
        MemoryMappedViewAccessor? indexView = null, packView = null;
        try
        {
            indexFile = MemoryMappedFile.CreateFromFile(indexPath, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
            indexView = indexFile.CreateViewAccessor(0, indexLength, MemoryMappedFileAccess.Read);
            packFile = MemoryMappedFile.CreateFromFile(packPath, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
            packView = packFile.CreateViewAccessor(0, packLength, MemoryMappedFileAccess.Read);
            return new GitPack(Path.GetFileName(packPath), indexFile, indexView, indexLength, packFile, packView, packLength);
        }
        catch
        {
            packView?.Dispose();
            packFile?.Dispose();
            indexView?.Dispose();
            indexFile?.Dispose();
            throw;
        }
    }

    /// <summary>The offset of object <paramref name="id"/> in the pack, or -1 when this pack does not hold it.</summary>
    public long Find(ReadOnlySpan<byte> id)
    {
        var fanout = new ReadOnlySpan<byte>(index + FanoutStart, 256 * 4);
        var lo = id[0] == 0 ? 0 : (int)BinaryPrimitives.ReadUInt32BigEndian(fanout[((id[0] - 1) * 4)..]);
        var hi = (int)BinaryPrimitives.ReadUInt32BigEndian(fanout[(id[0] * 4)..]);
        var names = new ReadOnlySpan<byte>(index + NamesStart, count * IdLength);
        while (lo < hi)
        {
            var mid = (int)((uint)(lo + hi) >> 1);
            var c = names.Slice(mid * IdLength, IdLength).SequenceCompareTo(id);
            if (c == 0)
            {
                return OffsetAt(mid);
            }

            if (c < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return -1;
    }

    private long OffsetAt(int position)
    {
        var small = BinaryPrimitives.ReadUInt32BigEndian(new ReadOnlySpan<byte>(index + offsetsStart + ((long)position * 4), 4));
        long offset = small;
        if ((small & 0x8000_0000) != 0)
        {
            var large = small & 0x7fff_ffff;
            if (large >= largeOffsetCount)
            {
                throw Corrupt($"its index names a large offset ({large}) that is not in the index");
            }

            offset = (long)BinaryPrimitives.ReadUInt64BigEndian(new ReadOnlySpan<byte>(index + largeOffsetsStart + (large * 8), 8));
        }

        CheckOffset(offset);
        return offset;
    }

    /// <summary>
    /// Reads the header of the entry at <paramref name="offset"/>: its type (1–4, or a delta), its
    /// inflated size, where its zlib data starts, and for a delta its base (an earlier offset in this
    /// pack, or an object id).
    /// </summary>
    public PackEntry ReadEntry(long offset)
    {
        CheckOffset(offset);
        var span = new ReadOnlySpan<byte>(pack + offset, (int)Math.Min(64, packLength - IdLength - offset));
        var i = 0;
        var b = Next(span, ref i);
        var type = (b >> 4) & 7;
        long size = b & 0x0f;
        var shift = 4;
        while ((b & 0x80) != 0)
        {
            b = Next(span, ref i);
            if (shift > 56)
            {
                throw Corrupt($"the size of the entry at offset {offset} does not fit in 64 bits");
            }

            size |= (long)(b & 0x7f) << shift;
            shift += 7;
        }

        if (size < 0)
        {
            throw Corrupt($"the entry at offset {offset} has a negative size");
        }

        switch (type)
        {
            case 1 or 2 or 3 or 4:
                return new PackEntry(type, size, offset + i, -1, null);
            case OfsDelta:
            {
                b = Next(span, ref i);
                long distance = b & 0x7f;
                while ((b & 0x80) != 0)
                {
                    b = Next(span, ref i);
                    if (distance > (long.MaxValue >> 8))
                    {
                        throw Corrupt($"the delta base distance at offset {offset} overflows");
                    }

                    distance = ((distance + 1) << 7) | (long)(b & 0x7f);
                }

                // A base always lies before its delta: a chain of these can never loop.
                if (distance <= 0 || distance > offset)
                {
                    throw Corrupt($"the delta at offset {offset} names a base outside the pack");
                }

                return new PackEntry(type, size, offset + i, offset - distance, null);
            }

            case RefDelta:
            {
                if (i + IdLength > span.Length)
                {
                    throw Corrupt($"the entry at offset {offset} is truncated");
                }

                var baseId = span.Slice(i, IdLength).ToArray();
                return new PackEntry(type, size, offset + i + IdLength, -1, baseId);
            }

            default:
                throw Corrupt($"the entry at offset {offset} has the unknown type {type}");
        }
    }

    /// <summary>Inflates exactly <paramref name="destination"/>.Length bytes of the zlib stream at <paramref name="dataOffset"/>.</summary>
    public void Inflate(long dataOffset, Span<byte> destination)
    {
        if (destination.IsEmpty)
        {
            return;
        }

        CheckOffset(dataOffset);
        var available = packLength - IdLength - dataOffset;
        var bound = CompressedBound(dataOffset, destination.Length);
        try
        {
            InflateFrom(dataOffset, bound, destination);
        }
        catch (Exception ex) when (bound < available && ex is InvalidDataException or EndOfStreamException or IOException)
        {
            // Valid but unusually long deflate data (padding, empty blocks): read again up to the end of the pack.
            try
            {
                InflateFrom(dataOffset, available, destination);
            }
            catch (Exception again) when (again is InvalidDataException or EndOfStreamException or IOException)
            {
                throw Corrupt($"the compressed data at offset {dataOffset} is damaged or shorter than its header says ({again.Message})");
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or IOException)
        {
            throw Corrupt($"the compressed data at offset {dataOffset} is damaged or shorter than its header says ({ex.Message})");
        }
    }

    private void InflateFrom(long dataOffset, long inputLength, Span<byte> destination)
    {
        using var input = new UnmanagedMemoryStream(pack + dataOffset, inputLength);
        using var zlib = new ZLibStream(input, CompressionMode.Decompress);
        zlib.ReadExactly(destination);
    }

    /// <summary>Inflates up to <paramref name="destination"/>.Length bytes (fewer only if the stream is shorter); the count read.</summary>
    public int InflatePrefix(long dataOffset, Span<byte> destination)
    {
        CheckOffset(dataOffset);
        try
        {
            using var input = new UnmanagedMemoryStream(pack + dataOffset, packLength - IdLength - dataOffset);
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);
            return zlib.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            throw Corrupt($"the compressed data at offset {dataOffset} is damaged ({ex.Message})");
        }
    }

    /// <summary>
    /// The most bytes that zlib data inflating to <paramref name="size"/> bytes normally takes, within the
    /// pack: stored blocks add 5 bytes per 16 KiB, and fixed Huffman codes (zlib-ng's fastest level, which
    /// our own packs use) up to 12.5% on incompressible data; zlib adds 6. The inflater reads its
    /// input in blocks: without this bound every small object would copy a whole block of its neighbours.
    /// Longer but valid data (padding) is read again without the bound.
    /// </summary>
    private long CompressedBound(long dataOffset, long size) =>
        Math.Min(packLength - IdLength - dataOffset, size + (size >> 2) + 64);

    private void CheckOffset(long offset)
    {
        if (offset < 12 || offset >= packLength - IdLength)
        {
            throw Corrupt($"an offset ({offset}) lies outside the pack");
        }
    }

    private byte Next(ReadOnlySpan<byte> span, ref int i)
    {
        if (i >= span.Length)
        {
            throw Corrupt("an entry header is truncated");
        }

        return span[i++];
    }

    private BrainRepoException Corrupt(string what) =>
        new(ErrorCodes.RepositoryCorrupt, $"The backup repository's pack {Name} is corrupt: {what}.");

    public void Dispose()
    {
        indexView.SafeMemoryMappedViewHandle.ReleasePointer();
        packView.SafeMemoryMappedViewHandle.ReleasePointer();
        indexView.Dispose();
        indexFile.Dispose();
        packView.Dispose();
        packFile.Dispose();
    }
}
