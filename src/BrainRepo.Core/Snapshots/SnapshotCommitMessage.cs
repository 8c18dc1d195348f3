using BrainRepo.Core.Model;
using System.Globalization;
using System.Text.RegularExpressions;
using BrainRepo.Core.Workspaces;

namespace BrainRepo.Core.Snapshots;

/// <summary>
/// The message of a snapshot commit: a subject that says what made it and its completeness, the counts, and
/// trailers (<c>BrainRepo-Origin</c>, <c>BrainRepo-Status</c>, <c>BrainRepo-Stored</c>) that <c>log</c> reads back, so
/// any clone of the backup shows them.
/// </summary>
public static partial class SnapshotCommitMessage
{
    public const string OriginTrailer = "BrainRepo-Origin";
    public const string StatusTrailer = "BrainRepo-Status";

    /// <summary>The message of a snapshot made by <paramref name="origin"/>.</summary>
    public static string Format(SnapshotReport report, int added, int modified, int deleted, SnapshotOrigin origin)
    {
        ArgumentNullException.ThrowIfNull(report);
        var counts = report.CountByDisposition();
        var status = report.Status == SnapshotStatus.Complete ? "complete" : "incomplete";
        return $"""
            brainrepo {Subject(origin)}: {status}

            {report.StoredFiles} files stored ({ByteSize.Humanize(report.StoredBytes)}): {added} added, {modified} modified, {deleted} deleted.
            {report.Entries.Count} entries not stored at their current content; see {SnapshotReport.TreePath}.

            {OriginTrailer}: {Name(origin)}
            {StatusTrailer}: {status}
            BrainRepo-Stored: {counts[Disposition.Stored]}
            """;
    }

    /// <summary>
    /// The message of a merge commit whose tree is the snapshot <paramref name="ours"/>: it keeps that snapshot's
    /// status (read from <paramref name="oursMessage"/>), so <c>log</c> shows it too.
    /// </summary>
    public static string FormatMerge(string ours, string? oursMessage)
    {
        ArgumentNullException.ThrowIfNull(ours);
        var status = oursMessage is null ? null : Parse(oursMessage).Status;
        var statusLine = status is null ? string.Empty : $"\n{StatusTrailer}: {(status == SnapshotStatus.Complete ? "complete" : "incomplete")}";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"Merge remote changes into snapshot {ours[..Math.Min(12, ours.Length)]}\n\nThe tree is the local snapshot; the remote history is kept as the second parent.\n\n{OriginTrailer}: {Name(SnapshotOrigin.Merge)}{statusLine}\n");
    }

    /// <summary>What a commit message says: completeness, origin and change counts, each null when it does not say.</summary>
    public static ParsedSnapshotMessage Parse(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        SnapshotStatus? status = null;
        SnapshotOrigin? origin = null;
        foreach (var line in message.Split('\n'))
        {
            if (line.StartsWith(StatusTrailer + ": ", StringComparison.Ordinal))
            {
                status = line.TrimEnd().EndsWith("incomplete", StringComparison.Ordinal) ? SnapshotStatus.Incomplete : SnapshotStatus.Complete;
            }
            else if (line.StartsWith(OriginTrailer + ": ", StringComparison.Ordinal))
            {
                origin = TryParseName(line[(OriginTrailer.Length + 2)..].Trim());
            }
        }

        // Snapshots written before the origin trailer existed were all made by a sync or a milestone.
        if (origin is null && status is not null && message.StartsWith("brainrepo snapshot:", StringComparison.Ordinal))
        {
            origin = SnapshotOrigin.Sync;
        }

        var counts = Counts().Match(message);
        return counts.Success
            ? new ParsedSnapshotMessage(status, origin, Int(counts.Groups[1].Value), Int(counts.Groups[2].Value), Int(counts.Groups[3].Value))
            : new ParsedSnapshotMessage(status, origin, null, null, null);
    }

    /// <summary>The trailer value of <paramref name="origin"/>: <c>sync</c>, <c>milestone</c>, <c>pre-restore</c>, <c>merge</c>.</summary>
    public static string Name(SnapshotOrigin origin) => origin switch
    {
        SnapshotOrigin.Milestone => "milestone",
        SnapshotOrigin.PreRestore => "pre-restore",
        SnapshotOrigin.Merge => "merge",
        _ => "sync",
    };

    private static SnapshotOrigin? TryParseName(string name) => name switch
    {
        "sync" => SnapshotOrigin.Sync,
        "milestone" => SnapshotOrigin.Milestone,
        "pre-restore" => SnapshotOrigin.PreRestore,
        "merge" => SnapshotOrigin.Merge,
        _ => null,
    };

    private static string Subject(SnapshotOrigin origin) => origin switch
    {
        SnapshotOrigin.Milestone => "milestone snapshot",
        SnapshotOrigin.PreRestore => "safety snapshot before a restore",
        _ => "snapshot",
    };

    private static int Int(string digits) => int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"files stored \([^)]*\): (\d+) added, (\d+) modified, (\d+) deleted\.")]
    private static partial Regex Counts();
}
