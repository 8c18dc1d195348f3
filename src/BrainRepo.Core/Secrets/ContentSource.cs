using System.Formats.Tar;
using System.IO.Compression;

namespace BrainRepo.Core.Secrets;

/// <summary>
/// Where one layer of an archive can be read again from its start: a text member that cannot be scanned in windows is
/// read a second time, whole, instead of being kept in memory while it streams by. Every open is a new stream; the
/// archive bytes the chain starts from stay in memory (pinned, or in an array) for the whole scan.
/// </summary>
internal abstract class ContentSource
{
    /// <summary>Opens the content from its start (decompressing again as needed).</summary>
    public abstract Stream Open();

    public static unsafe ContentSource Pinned(byte* start, int length) => new PinnedSource(start, length);

    public static ContentSource Array(byte[] bytes, int length) => new ArraySource(bytes, length);

    public static ContentSource Gzip(ContentSource compressed) => new GzipSource(compressed);

    public static ContentSource ZipEntry(ZipArchiveEntry entry) => new ZipEntrySource(entry);

    /// <summary>The data of the <paramref name="index"/>-th entry (counting every entry type) of a tar.</summary>
    public static ContentSource TarEntry(ContentSource tar, int index) => new TarEntrySource(tar, index);

    private sealed unsafe class PinnedSource(byte* start, int length) : ContentSource
    {
        public override Stream Open() => new UnmanagedMemoryStream(start, length);
    }

    private sealed class ArraySource(byte[] bytes, int length) : ContentSource
    {
        public override Stream Open() => new MemoryStream(bytes, 0, length, writable: false);
    }

    private sealed class GzipSource(ContentSource compressed) : ContentSource
    {
        public override Stream Open() => new GZipStream(compressed.Open(), CompressionMode.Decompress, leaveOpen: false);
    }

    private sealed class ZipEntrySource(ZipArchiveEntry entry) : ContentSource
    {
        public override Stream Open() => entry.Open();
    }

    private sealed class TarEntrySource(ContentSource tar, int index) : ContentSource
    {
        public override Stream Open()
        {
            var reader = new TarReader(tar.Open(), leaveOpen: false);
            try
            {
                TarEntry? entry = null;
                for (var i = 0; i <= index; i++)
                {
                    entry = reader.GetNextEntry(copyData: false) ?? throw new InvalidDataException("The tar archive ended before the member.");
                }

                return new OwnedStream(entry!.DataStream ?? Stream.Null, reader);
            }
            catch
            {
                reader.Dispose();
                throw;
            }
        }
    }

    /// <summary>A tar member's data, which is read through its reader: disposing it disposes the reader.</summary>
    private sealed class OwnedStream(Stream inner, IDisposable owner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override int Read(Span<byte> buffer) => inner.Read(buffer);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                owner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
