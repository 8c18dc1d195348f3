using System.Text.Json;
using BrainRepo.Core.Workspaces;

namespace BrainRepo.Core.Model;

/// <summary>Deterministic JSON for <see cref="SnapshotReport"/>: fixed key order, entries sorted by path.</summary>
public static class SnapshotReportJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Serialize(SnapshotReport report)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("format", SnapshotReport.Format);
            w.WriteString("status", report.Status == SnapshotStatus.Complete ? "complete" : "incomplete");
            w.WriteStartArray("watch_paths");
            foreach (var p in report.WatchPaths)
            {
                w.WriteStringValue(p.Length == 0 ? "." : p);
            }

            w.WriteEndArray();
            w.WriteNumber("stored_files", report.StoredFiles);
            w.WriteNumber("stored_bytes", report.StoredBytes);
            w.WriteStartObject("counts");
            foreach (var (d, n) in report.CountByDisposition().OrderBy(kv => kv.Key))
            {
                w.WriteNumber(d.ToName(), n);
            }

            w.WriteEndObject();
            w.WriteStartArray("problems");
            foreach (var p in report.Problems)
            {
                w.WriteStringValue(p);
            }

            w.WriteEndArray();
            if (report.Notes.Count > 0)
            {
                // Only when there are any: the report of a repository without damage stays byte for byte as it was.
                w.WriteStartArray("notes");
                foreach (var n in report.Notes)
                {
                    w.WriteStringValue(n);
                }

                w.WriteEndArray();
            }

            w.WriteStartArray("entries");
            foreach (var e in report.Entries.OrderBy(e => e.Path, StringComparer.Ordinal).ThenBy(e => e.Disposition))
            {
                w.WriteStartObject();
                w.WriteString("path", e.Path);
                w.WriteString("disposition", e.Disposition.ToName());
                w.WriteString("rule", e.Rule);
                if (e.IsDirectory) w.WriteBoolean("dir", true);
                if (e.Line is { } line) w.WriteNumber("line", line);
                if (e.Detail is not null) w.WriteString("detail", e.Detail);
                if (e.CarriedBlob is not null) w.WriteString("carried", e.CarriedBlob);
                if (e.Fingerprints is not null) w.WriteString("fingerprints", e.Fingerprints);
                if (e.PathFingerprint is not null) w.WriteString("path_fingerprint", e.PathFingerprint);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    public static SnapshotReport Parse(ReadOnlySpan<byte> json)
    {
        using var doc = JsonDocument.Parse(json.ToArray());
        var root = doc.RootElement;
        var format = root.GetProperty("format").GetString();
        if (format != SnapshotReport.Format)
        {
            throw new FormatException($"Unsupported report format '{format}'.");
        }

        var entries = new List<ReportEntry>();
        foreach (var e in root.GetProperty("entries").EnumerateArray())
        {
            entries.Add(new ReportEntry(
                e.GetProperty("path").GetString()!,
                DispositionNames.Parse(e.GetProperty("disposition").GetString()!),
                e.GetProperty("rule").GetString()!,
                e.TryGetProperty("dir", out var dir) && dir.GetBoolean(),
                e.TryGetProperty("detail", out var detail) ? detail.GetString() : null,
                e.TryGetProperty("carried", out var carried) ? carried.GetString() : null,
                e.TryGetProperty("line", out var line) ? line.GetInt32() : null,
                e.TryGetProperty("fingerprints", out var fingerprints) ? fingerprints.GetString() : null,
                e.TryGetProperty("path_fingerprint", out var pathFingerprint) ? pathFingerprint.GetString() : null));
        }

        return new SnapshotReport
        {
            Status = root.GetProperty("status").GetString() == "complete" ? SnapshotStatus.Complete : SnapshotStatus.Incomplete,
            WatchPaths = root.GetProperty("watch_paths").EnumerateArray().Select(p => p.GetString() is "." ? "" : RelativePath.Normalize(p.GetString()!, out _) ?? "").ToList(),
            StoredFiles = root.GetProperty("stored_files").GetInt32(),
            StoredBytes = root.GetProperty("stored_bytes").GetInt64(),
            Problems = root.GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToList(),
            Notes = root.TryGetProperty("notes", out var notes) ? notes.EnumerateArray().Select(n => n.GetString()!).ToList() : [],
            Entries = entries,
        };
    }
}
