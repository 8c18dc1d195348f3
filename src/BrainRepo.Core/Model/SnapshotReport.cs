namespace BrainRepo.Core.Model;

/// <summary>
/// The accounting of one snapshot: every path that is not simply stored at its current content, and
/// why. It is stored in the snapshot itself (<see cref="TreePath"/>), so any clone can be checked offline.
/// It holds nothing that varies between identical runs (no times, no durations), so an unchanged
/// workspace gives an identical report and no new commit.
/// </summary>
public sealed record SnapshotReport
{
    public const string Format = "brainrepo-report/1";
    public const string TreePath = ".brainrepo/report.json";

    public required SnapshotStatus Status { get; init; }

    /// <summary>Effective watch paths ("" is the whole workspace).</summary>
    public required IReadOnlyList<string> WatchPaths { get; init; }

    public required int StoredFiles { get; init; }

    public required long StoredBytes { get; init; }

    /// <summary>Problems that make the snapshot incomplete, in words a user can act on.</summary>
    public required IReadOnlyList<string> Problems { get; init; }

    /// <summary>
    /// What the user should know that does not make the snapshot incomplete: objects the backup repository had
    /// lost and this sync stored again from disk, damaged packs whose objects were not used.
    /// </summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Sorted by path.</summary>
    public required IReadOnlyList<ReportEntry> Entries { get; init; }

    /// <summary>Files of the user's that this snapshot holds in no version (see <see cref="ReportEntry.NotInBackup"/>).</summary>
    public int NotInBackup => Entries.Count(e => e.NotInBackup);

    public IReadOnlyDictionary<Disposition, int> CountByDisposition()
    {
        var counts = new Dictionary<Disposition, int> { [Disposition.Stored] = StoredFiles };
        foreach (var e in Entries)
        {
            counts[e.Disposition] = counts.GetValueOrDefault(e.Disposition) + 1;
        }

        return counts;
    }
}
