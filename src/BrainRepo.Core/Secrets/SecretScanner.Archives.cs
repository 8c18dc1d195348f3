using System.Formats.Tar;
using System.IO.Compression;

namespace BrainRepo.Core.Secrets;

/// <summary>Archive scanning: zip, tar, gzip (and tar.gz), recursively, within depth, size and entry budgets.</summary>
public sealed partial class SecretScanner
{
    private void ScanArchive(
        string path,
        string? innerPath,
        ReadOnlySpan<byte> content,
        ContentKind kind,
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

        var bytes = content.ToArray();
        try
        {
            switch (kind)
            {
                case ContentKind.Zip:
                    ScanZip(path, innerPath, bytes, depth, state, findings, cancellationToken);
                    break;
                case ContentKind.Tar:
                    ScanTar(path, innerPath, bytes, depth, state, findings, cancellationToken);
                    break;
                default:
                    ScanGzip(path, innerPath, bytes, depth, state, findings, cancellationToken);
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

    private void ScanZip(string path, string? innerPath, byte[] bytes, int depth, ArchiveState state, List<SecretFinding> findings, CancellationToken cancellationToken)
    {
        using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
        foreach (var entry in zip.Entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (entry.FullName.EndsWith('/'))
            {
                continue;
            }

            var memberPath = Join(innerPath, entry.FullName);
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
                state.Report(ArchiveProblemKind.TooLarge, memberPath, "decompressed size exceeds the archive limit");
                return;
            }

            using var stream = entry.Open();
            var data = ReadLimited(stream, state, memberPath);
            if (data is null)
            {
                return;
            }

            ScanContent(path, memberPath, data, depth + 1, state, findings, cancellationToken);
        }
    }

    private void ScanTar(string path, string? innerPath, byte[] bytes, int depth, ArchiveState state, List<SecretFinding> findings, CancellationToken cancellationToken)
    {
        using var reader = new TarReader(new MemoryStream(bytes, writable: false), leaveOpen: false);
        while (reader.GetNextEntry(copyData: false) is { } entry)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile))
            {
                continue;
            }

            var memberPath = Join(innerPath, entry.Name);
            if (!TakeEntry(state, memberPath))
            {
                return;
            }

            if (entry.DataStream is null)
            {
                continue;
            }

            var data = ReadLimited(entry.DataStream, state, memberPath);
            if (data is null)
            {
                return;
            }

            ScanContent(path, memberPath, data, depth + 1, state, findings, cancellationToken);
        }
    }

    private void ScanGzip(string path, string? innerPath, byte[] bytes, int depth, ArchiveState state, List<SecretFinding> findings, CancellationToken cancellationToken)
    {
        using var gzip = new GZipStream(new MemoryStream(bytes, writable: false), CompressionMode.Decompress);
        var name = GzipMemberName(innerPath ?? path);
        var memberPath = Join(innerPath, name);
        if (!TakeEntry(state, memberPath))
        {
            return;
        }

        var data = ReadLimited(gzip, state, memberPath);
        if (data is null)
        {
            return;
        }

        // A .tar.gz is one gzip layer around one tar layer; the tar members are named directly under the archive.
        if (ContentSniffer.Detect(data) == ContentKind.Tar)
        {
            ScanArchive(path, innerPath, data, ContentKind.Tar, depth + 1, state, findings, cancellationToken);
            return;
        }

        ScanContent(path, memberPath, data, depth + 1, state, findings, cancellationToken);
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

    /// <summary>Reads a member fully unless it would exceed the shared decompressed-bytes budget.</summary>
    private static byte[]? ReadLimited(Stream stream, ArchiveState state, string memberPath)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (read > state.BytesLeft)
            {
                state.Report(ArchiveProblemKind.TooLarge, memberPath, "decompressed size exceeds the archive limit");
                return null;
            }

            state.BytesLeft -= read;
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static string Join(string? outer, string member)
    {
        var clean = member.Replace('\\', '/').TrimStart('/');
        return outer is null ? clean : $"{outer}!/{clean}";
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
