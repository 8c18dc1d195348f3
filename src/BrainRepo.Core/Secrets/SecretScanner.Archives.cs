using System.Buffers;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace BrainRepo.Core.Secrets;

/// <summary>
/// Archive scanning: zip, tar, gzip (and tar.gz), recursively, within depth, size, member and memory budgets. Members are
/// streamed, not inflated into memory: a member that fits in one window is read whole and scanned like a file; a larger
/// text is scanned window by window as it is decompressed (<c>SecretScanner.StreamWindows.cs</c>); binary content is read
/// through (its size counts toward the decompressed-bytes limit) and not kept. Only what cannot be streamed is held whole,
/// from the exclusive half of the memory budget: a text that cannot be scanned in windows (it is read again, from the
/// start, into one string) and a zip inside another archive (a zip is read from its end).
/// </summary>
public sealed partial class SecretScanner
{
    /// <summary>An archive in memory: the top-level file, or a member small enough to have been read whole.</summary>
    private unsafe void ScanArchive(
        string path,
        string? innerPath,
        ReadOnlySpan<byte> content,
        ContentKind kind,
        int depth,
        ArchiveState state,
        List<SecretFinding> findings,
        CancellationToken cancellationToken)
    {
        fixed (byte* start = content)
        {
            var source = ContentSource.Pinned(start, content.Length);
            using var stream = source.Open();
            ScanArchiveStream(path, innerPath, source, stream, kind, content.Length, depth, state, findings, cancellationToken);
        }
    }

    private void ScanArchiveStream(
        string path,
        string? innerPath,
        ContentSource source,
        Stream stream,
        ContentKind kind,
        long? length,
        int depth,
        ArchiveState state,
        List<SecretFinding> findings,
        CancellationToken cancellationToken)
    {
        if (state.Exhausted)
        {
            return;
        }

        if (depth >= Options.MaxArchiveDepth)
        {
            state.Report(ArchiveProblemKind.TooDeep, innerPath, $"archives nested deeper than {Options.MaxArchiveDepth} levels");
            return;
        }

        try
        {
            switch (kind)
            {
                case ContentKind.Zip:
                    ScanZip(path, innerPath, stream, length, depth, state, findings, cancellationToken);
                    break;
                case ContentKind.Tar:
                    ScanTar(path, innerPath, source, stream, depth, state, findings, cancellationToken);
                    break;
                default:
                    ScanGzip(path, innerPath, source, stream, depth, state, findings, cancellationToken);
                    break;
            }
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or FormatException or NotSupportedException
            or ArgumentException or InvalidOperationException or OverflowException)
        {
            // Never echo the exception message: it may quote archive content.
            state.Report(ArchiveProblemKind.Corrupt, innerPath, $"{Describe(kind)} is corrupt or uses an unsupported format ({ex.GetType().Name})");
        }
    }

    private void ScanZip(string path, string? innerPath, Stream stream, long? length, int depth, ArchiveState state, List<SecretFinding> findings, CancellationToken cancellationToken)
    {
        var held = default(HeldContent);
        var seekable = stream;
        if (!stream.CanSeek)
        {
            // A zip is read from its end (the central directory), so one inside another archive is held whole.
            held = ReadWhole(stream, length, state, innerPath, "zip archive", cancellationToken);
            if (held.Bytes is null)
            {
                return;
            }

            seekable = new MemoryStream(held.Bytes, 0, held.Length, writable: false);
        }

        try
        {
            using var zip = new ZipArchive(seekable, ZipArchiveMode.Read, leaveOpen: true);
            foreach (var entry in zip.Entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (state.Exhausted)
                {
                    return;
                }

                if (entry.FullName.EndsWith('/'))
                {
                    continue;
                }

                var memberPath = MemberPath(innerPath, entry.FullName, findings, cancellationToken);
                if (!TakeEntry(state, memberPath))
                {
                    return;
                }

                if (entry.IsEncrypted)
                {
                    state.Report(ArchiveProblemKind.Encrypted, memberPath, "zip member is encrypted");
                    continue;
                }

                if (entry.Length > state.BytesLeft)
                {
                    // Skipped without inflating it: the members after it are still scanned (and reported).
                    state.Report(ArchiveProblemKind.TooLarge, memberPath, $"the member declares {entry.Length} bytes, more than the scanner's limit of {state.Limit / (1024 * 1024)} MiB decompressed per file (a possible zip bomb)", stop: false);
                    continue;
                }

                using var raw = entry.Open();
                using var counted = MemberStream.Counting(raw, state, memberPath);
                ScanStream(path, memberPath, null, ContentSource.ZipEntry(entry), counted, entry.Length, depth + 1, state, findings, cancellationToken);
            }
        }
        finally
        {
            state.Shrink(held.Grown);
        }
    }

    private void ScanTar(string path, string? innerPath, ContentSource source, Stream stream, int depth, ArchiveState state, List<SecretFinding> findings, CancellationToken cancellationToken)
    {
        using var reader = new TarReader(stream, leaveOpen: true);
        var index = -1;
        while (!state.Exhausted && reader.GetNextEntry(copyData: false) is { } entry)
        {
            index++;
            cancellationToken.ThrowIfCancellationRequested();
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile))
            {
                continue;
            }

            var memberPath = MemberPath(innerPath, entry.Name, findings, cancellationToken);
            if (!TakeEntry(state, memberPath))
            {
                return;
            }

            if (entry.DataStream is null)
            {
                continue;
            }

            ScanStream(path, memberPath, null, ContentSource.TarEntry(source, index), entry.DataStream, entry.Length, depth + 1, state, findings, cancellationToken);
        }
    }

    private void ScanGzip(string path, string? innerPath, ContentSource source, Stream stream, int depth, ArchiveState state, List<SecretFinding> findings, CancellationToken cancellationToken)
    {
        // The member is named after the file (or the member) it came from, whose own name was checked where it was
        // listed; it is only redacted here, never reported twice.
        var name = GzipMemberName(innerPath ?? path);
        if (innerPath is null && ScanName(name, cancellationToken) is { Count: > 0 } hits)
        {
            name = SecretNames.Redact(name, hits);
        }

        var memberPath = innerPath is null ? name : $"{innerPath}!/{name}";
        if (!TakeEntry(state, memberPath))
        {
            return;
        }

        using var gzip = new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
        using var counted = MemberStream.Counting(gzip, state, memberPath);
        ScanStream(path, memberPath, new GzipParent(innerPath), ContentSource.Gzip(source), counted, null, depth + 1, state, findings, cancellationToken);
    }

    /// <summary>The archive path a gzip layer sits at: a tar inside it names its members directly under it (a .tar.gz is one archive).</summary>
    private sealed record GzipParent(string? InnerPath);

    /// <summary>
    /// One layer read from a stream: an archive member or a decompressed stream. <paramref name="length"/> is its size when
    /// the archive declares one. <paramref name="gzipParent"/> is set for the content of a gzip layer.
    /// </summary>
    private void ScanStream(
        string path,
        string innerPath,
        GzipParent? gzipParent,
        ContentSource source,
        Stream stream,
        long? length,
        int depth,
        ArchiveState state,
        List<SecretFinding> findings,
        CancellationToken cancellationToken)
    {
        // (A scanner built with huge windows, i.e. one pass, for tests, reads members whole.)
        var streamed = _windowChars <= DefaultWindowChars;
        var headLength = Math.Min(_windowChars, DefaultWindowChars) + 1;
        var head = ArrayPool<byte>.Shared.Rent(headLength);
        try
        {
            var n = MemberStream.ReadFull(stream, head.AsSpan(0, headLength));
            var kind = ContentSniffer.Detect(head.AsSpan(0, n));
            var archivePath = kind == ContentKind.Tar && gzipParent is not null ? gzipParent.InnerPath : innerPath;
            if (n < headLength)
            {
                // It fits in one window: scanned in memory, like a file.
                ScanContent(path, archivePath, head.AsSpan(0, n), depth, state, findings, cancellationToken);
                return;
            }

            var rest = MemberStream.AfterHead(stream, head, n);
            switch (kind)
            {
                case ContentKind.Zip or ContentKind.Gzip or ContentKind.Tar:
                    ScanArchiveStream(path, archivePath, source, rest, kind, length, depth, state, findings, cancellationToken);
                    break;
                case ContentKind.Text8Bit or ContentKind.Utf8Bom:
                    var prefix = kind == ContentKind.Utf8Bom ? 3 : 0;
                    MemberStream.ReadFull(rest, stackalloc byte[prefix]);
                    if (!streamed || !TryScanWindowedStream(rest, prefix, innerPath, findings, cancellationToken))
                    {
                        ScanWholeText(innerPath, source, rest, kind, head, length, state, findings, cancellationToken);
                    }

                    break;
                case ContentKind.Utf16LittleEndian or ContentKind.Utf16BigEndian:
                    ScanWholeText(innerPath, source, rest, kind, head, length, state, findings, cancellationToken);
                    break;
                default:
                    // Binary: nothing in it is scanned, but it is read through, so its size counts toward the limit.
                    Drain(rest, cancellationToken);
                    break;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(head);
        }
    }

    /// <summary>
    /// A text member that cannot be scanned in windows: read again from its start into one string, which the exclusive
    /// half of the memory budget must hold (two bytes per char); when it cannot, the member is reported as too large to
    /// scan within the budget.
    /// </summary>
    private void ScanWholeText(string innerPath, ContentSource source, MemberStream current, ContentKind kind, byte[] head, long? length, ArchiveState state, List<SecretFinding> findings, CancellationToken cancellationToken)
    {
        long total;
        if (length is { } declared)
        {
            total = declared;
        }
        else
        {
            Drain(current, cancellationToken);
            if (state.Exhausted)
            {
                return;
            }

            total = current.Consumed;
        }

        var utf16 = kind is ContentKind.Utf16LittleEndian or ContentKind.Utf16BigEndian;
        var prefix = kind == ContentKind.Utf8Bom ? 3
            : utf16 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF)) ? 2
            : 0;
        var chars = utf16 ? (total - prefix) / 2 : total - prefix;
        var need = chars * 2;
        if (chars > MaxStringChars)
        {
            state.Report(ArchiveProblemKind.OverMemoryBudget, innerPath, "archive member too large to scan within the memory budget: its text is longer than one string can be", stop: false);
            return;
        }

        if (!state.TryGrow(need, innerPath, "archive member"))
        {
            return;
        }

        try
        {
            using var again = source.Open();
            MemberStream.ReadFull(again, stackalloc byte[prefix]);
            var text = string.Create((int)chars, (Stream: again, Kind: kind), static (span, read) =>
            {
                var decoder = read.Kind switch
                {
                    ContentKind.Utf16LittleEndian => Encoding.Unicode.GetDecoder(),
                    ContentKind.Utf16BigEndian => Encoding.BigEndianUnicode.GetDecoder(),
                    _ => Encoding.Latin1.GetDecoder(),
                };
                var bytesPerChar = read.Kind is ContentKind.Utf16LittleEndian or ContentKind.Utf16BigEndian ? 2 : 1;
                var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
                try
                {
                    var filled = 0;
                    while (filled < span.Length)
                    {
                        var want = Math.Min(chunk.Length / bytesPerChar, span.Length - filled) * bytesPerChar;
                        var got = MemberStream.ReadFull(read.Stream, chunk.AsSpan(0, want));
                        if (got < want)
                        {
                            throw new InvalidDataException("The member is shorter than it was.");
                        }

                        filled += decoder.GetChars(chunk.AsSpan(0, got), span[filled..], flush: false);
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(chunk);
                }
            });

            // Exactly as long as it was (or as it declares): a member longer than its declared size is not scanned in part.
            var rest = total - prefix - (chars * (utf16 ? 2 : 1));
            if (MemberStream.ReadFull(again, stackalloc byte[2]) != rest)
            {
                throw new InvalidDataException("The member is not as long as it was.");
            }

            ScanDecoded(new DecodedText(text, prefix, utf16 ? 2 : 1, kind), innerPath, findings, cancellationToken, utf16Text: false);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or NotSupportedException or InvalidOperationException)
        {
            state.Report(ArchiveProblemKind.Corrupt, innerPath, $"archive member could not be read again ({ex.GetType().Name})");
        }
        finally
        {
            state.Shrink(need);
        }
    }

    /// <summary>The longest string the runtime allows.</summary>
    private const long MaxStringChars = 0x3FFFFFDF;

    /// <summary>Bytes held whole, and how much of the exclusive budget they took.</summary>
    private readonly record struct HeldContent(byte[]? Bytes, int Length, long Grown);

    /// <summary>Reads a stream whole into memory taken from the exclusive half of the budget (null when it does not fit).</summary>
    private static HeldContent ReadWhole(Stream stream, long? length, ArchiveState state, string? innerPath, string what, CancellationToken cancellationToken)
    {
        var capacity = length is { } known ? known : 1L << 20;
        if (capacity > Array.MaxLength || !state.TryGrow(capacity, innerPath, what))
        {
            return default;
        }

        var bytes = GC.AllocateUninitializedArray<byte>((int)capacity);
        var count = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (count == bytes.Length)
            {
                if (length is not null)
                {
                    if (stream.ReadByte() >= 0)
                    {
                        state.Shrink(capacity);
                        throw new InvalidDataException("The member is longer than it declares.");
                    }

                    break;
                }

                // Grown by doubling; the old and the new buffer are both held while the bytes are copied.
                var larger = Math.Min((long)bytes.Length * 2, Array.MaxLength);
                if (larger == bytes.Length || !state.TryGrow(larger, innerPath, what))
                {
                    state.Shrink(capacity);
                    return default;
                }

                var next = GC.AllocateUninitializedArray<byte>((int)larger);
                bytes.AsSpan(0, count).CopyTo(next);
                state.Shrink(capacity);
                bytes = next;
                capacity = larger;
            }

            var n = stream.Read(bytes, count, bytes.Length - count);
            if (n == 0)
            {
                break;
            }

            count += n;
        }

        if (state.Exhausted)
        {
            state.Shrink(capacity);
            return default;
        }

        return new HeldContent(bytes, count, capacity);
    }

    private static void Drain(Stream stream, CancellationToken cancellationToken)
    {
        var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (stream.Read(chunk, 0, chunk.Length) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private static bool TakeEntry(ArchiveState state, string memberPath)
    {
        if (state.EntriesLeft <= 0)
        {
            state.Report(ArchiveProblemKind.TooManyEntries, memberPath, "archive has more members than the limit");
            return false;
        }

        state.EntriesLeft--;
        return true;
    }

    /// <summary>
    /// The path of a member (nested levels joined by <c>!/</c>). A member name that holds a secret is a finding (the name
    /// is stored in the archive's own bytes), and the path shows it redacted, so that no report or output repeats it.
    /// </summary>
    private string MemberPath(string? outer, string member, List<SecretFinding> findings, CancellationToken cancellationToken)
    {
        var clean = member.Replace('\\', '/').TrimStart('/');
        var hits = ScanName(clean, cancellationToken);
        if (hits.Count > 0)
        {
            clean = SecretNames.Redact(clean, hits);
        }

        var memberPath = outer is null ? clean : $"{outer}!/{clean}";
        foreach (var hit in hits)
        {
            findings.Add(hit with { InnerPath = memberPath });
        }

        return memberPath;
    }

    private static string GzipMemberName(string path)
    {
        var slash = path.LastIndexOf('/');
        var bang = path.LastIndexOf("!/", StringComparison.Ordinal);
        var name = path[(Math.Max(slash, bang) + 1)..];
        if (name.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase))
        {
            return name[..^4] + ".tar";
        }

        return name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) && name.Length > 3 ? name[..^3] : name + ".ungz";
    }

    private static string Describe(ContentKind kind) => kind switch
    {
        ContentKind.Zip => "zip archive",
        ContentKind.Tar => "tar archive",
        _ => "gzip stream",
    };
}
