using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using BrainRepo.Core.Secrets;

namespace BrainRepo.Bench.Secrets;

/// <summary>
/// <c>realworld [--review FILE] ROOT...</c>: scans real, legitimate files (documentation, libraries, SDK xml docs) with the
/// default scanner and prints files, bytes and findings per rule. With <c>--review</c>, writes one TSV row per finding
/// with the surrounding line so every finding can be classified by hand. Symlinks are not followed; files the process
/// cannot read are counted and skipped. Everything is read whole, as <c>brainrepo scan</c> does.
/// </summary>
internal static class RealWorldScan
{
    private const int ContextChars = 160;

    public static int Run(string[] args)
    {
        string? review = null;
        var roots = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--review")
            {
                review = args[++i];
            }
            else
            {
                roots.Add(Path.GetFullPath(args[i]));
            }
        }

        var files = new List<string>();
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        foreach (var root in roots)
        {
            if (!Directory.Exists(root))
            {
                Console.WriteLine($"root missing, skipped: {root}");
                continue;
            }

            files.AddRange(Directory.EnumerateFiles(root, "*", options).Order(StringComparer.Ordinal));
        }

        var scanner = new SecretScanner();
        var results = new (long Bytes, ContentKind Kind, SecretScanResult? Result)[files.Count];
        var unreadable = 0;
        var sw = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        Parallel.For(0, files.Count, i =>
        {
            byte[] content;
            try
            {
                content = File.ReadAllBytes(files[i]);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Interlocked.Increment(ref unreadable);
                return;
            }

            results[i] = (content.Length, ContentSniffer.Detect(content), scanner.Scan(files[i], content, CancellationToken.None));
        });
        sw.Stop();
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;

        long totalBytes = 0, textBytes = 0, archiveBytes = 0;
        int textFiles = 0, archiveFiles = 0;
        foreach (var (bytes, kind, result) in results)
        {
            if (result is null)
            {
                continue;
            }

            totalBytes += bytes;
            if (ContentSniffer.IsText(kind))
            {
                textFiles++;
                textBytes += bytes;
            }
            else if (kind is ContentKind.Zip or ContentKind.Gzip or ContentKind.Tar)
            {
                archiveFiles++;
                archiveBytes += bytes;
            }
        }

        var scanned = files.Count - unreadable;
        Console.WriteLine("roots:");
        foreach (var root in roots)
        {
            Console.WriteLine($"  {root}");
        }

        Console.WriteLine(FormattableString.Invariant(
            $"files: {scanned} read ({unreadable} unreadable), {totalBytes} bytes ({totalBytes / 1e6:F1} MB)"));
        Console.WriteLine(FormattableString.Invariant(
            $"  text: {textFiles} files, {textBytes / 1e6:F1} MB; archives (zip/gzip/tar, opened): {archiveFiles} files, {archiveBytes / 1e6:F1} MB (compressed); binary, not scanned: {scanned - textFiles - archiveFiles} files, {(totalBytes - textBytes - archiveBytes) / 1e6:F1} MB"));
        Console.WriteLine(FormattableString.Invariant(
            $"scan: {sw.Elapsed.TotalSeconds:F1} s wall, {cpuSeconds:F1} s CPU, {Environment.ProcessorCount} threads"));

        var perRule = new SortedDictionary<string, (int Findings, HashSet<string> Files, HashSet<string> Fingerprints)>(StringComparer.Ordinal);
        foreach (var id in SecretRuleIds.All)
        {
            perRule[id] = (0, [], []);
        }

        var rows = new ConcurrentBag<(string Path, SecretFinding Finding)>();
        var problems = 0;
        for (var i = 0; i < files.Count; i++)
        {
            if (results[i].Result is not { } result)
            {
                continue;
            }

            problems += result.ArchiveProblem is null ? 0 : 1;
            foreach (var finding in result.Findings)
            {
                var entry = perRule[finding.RuleId];
                entry.Files.Add(files[i]);
                entry.Fingerprints.Add(finding.Fingerprint);
                perRule[finding.RuleId] = (entry.Findings + 1, entry.Files, entry.Fingerprints);
                rows.Add((files[i], finding));
            }
        }

        var total = perRule.Values.Sum(v => v.Findings);
        Console.WriteLine(FormattableString.Invariant($"findings: {total} in {rows.Select(r => r.Path).Distinct().Count()} files; archives not fully scanned: {problems}"));
        Console.WriteLine();
        Console.WriteLine("| rule | findings | files | distinct values (fingerprints) |");
        Console.WriteLine("| --- | --- | --- | --- |");
        foreach (var (rule, (count, inFiles, fingerprints)) in perRule)
        {
            Console.WriteLine(FormattableString.Invariant($"| {rule} | {count} | {inFiles.Count} | {fingerprints.Count} |"));
        }

        if (review is not null)
        {
            WriteReview(review, rows.OrderBy(r => r.Finding.RuleId, StringComparer.Ordinal).ThenBy(r => r.Path, StringComparer.Ordinal).ThenBy(r => r.Finding.Line));
            Console.WriteLine($"review file: {review}");
        }

        return 0;
    }

    private static void WriteReview(string path, IEnumerable<(string Path, SecretFinding Finding)> rows)
    {
        var sb = new StringBuilder("rule\tfingerprint\tpath\tinner\tline\tcolumn\tvalue\tcontext\n");
        var cache = new Dictionary<(string, string?), byte[]?>();
        foreach (var (file, f) in rows)
        {
            var context = Context(file, f, cache);
            sb.Append(CultureInfo.InvariantCulture, $"{f.RuleId}\t{f.Fingerprint}\t{file}\t{f.InnerPath}\t{f.Line}\t{f.Column}\t{context}\n");
        }

        File.WriteAllText(path, sb.ToString());
    }

    /// <summary>The text around the finding (from the file, or from a gzip/zip member one level deep), tabs and newlines escaped.</summary>
    private static string Context(string file, SecretFinding f, Dictionary<(string, string?), byte[]?> cache)
    {
        try
        {
            if (!cache.TryGetValue((file, f.InnerPath), out var bytes))
            {
                bytes = File.ReadAllBytes(file);
                if (f.InnerPath is not null)
                {
                    bytes = Member(bytes, f.InnerPath);
                }

                cache[(file, f.InnerPath)] = bytes;
            }

            bytes ??= [];

            if (f.StartOffset + f.Length > bytes.Length)
            {
                return "(context unavailable)\t";
            }

            // The matched value (cut at 120 characters), then its line (cut at ContextChars either side).
            var value = Encoding.Latin1.GetString(bytes, f.StartOffset, Math.Min(f.Length, 120));
            var lineStart = f.StartOffset;
            while (lineStart > 0 && bytes[lineStart - 1] != (byte)'\n' && f.StartOffset - lineStart < ContextChars)
            {
                lineStart--;
            }

            var lineEnd = f.StartOffset + f.Length;
            while (lineEnd < bytes.Length && bytes[lineEnd] != (byte)'\n' && lineEnd - f.StartOffset - f.Length < ContextChars)
            {
                lineEnd++;
            }

            return Escape(value) + "\t" + Escape(Encoding.Latin1.GetString(bytes, lineStart, lineEnd - lineStart));
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return "(context unavailable: " + ex.GetType().Name + ")\t";
        }
    }

    private static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal)
            .Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static byte[]? Member(byte[] archive, string inner)
    {
        var kind = ContentSniffer.Detect(archive);
        if (kind == ContentKind.Gzip)
        {
            using var gz = new GZipStream(new MemoryStream(archive), CompressionMode.Decompress);
            using var ms = new MemoryStream();
            gz.CopyTo(ms);
            var inside = ms.ToArray();
            return ContentSniffer.Detect(inside) == ContentKind.Tar ? TarMember(inside, inner) : inside;
        }

        if (kind == ContentKind.Zip && !inner.Contains("!/", StringComparison.Ordinal))
        {
            using var zip = new ZipArchive(new MemoryStream(archive), ZipArchiveMode.Read);
            var entry = zip.GetEntry(inner);
            if (entry is null)
            {
                return null;
            }

            using var s = entry.Open();
            using var ms = new MemoryStream();
            s.CopyTo(ms);
            return ms.ToArray();
        }

        return kind == ContentKind.Tar ? TarMember(archive, inner) : null;
    }

    private static byte[]? TarMember(byte[] tar, string inner)
    {
        using var reader = new System.Formats.Tar.TarReader(new MemoryStream(tar));
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.Name.TrimStart('.', '/') == inner.TrimStart('.', '/') && entry.DataStream is { } data)
            {
                using var ms = new MemoryStream();
                data.CopyTo(ms);
                return ms.ToArray();
            }
        }

        return null;
    }
}
