using System.Globalization;

namespace BrainRepo.Core.Remote;

/// <summary>
/// Decides which snapshot tags <c>forget</c> removes. A pure function: it touches no repository.
/// Rules: the newest <c>N</c> daily and <c>M</c> weekly tags are kept; milestones are never pruned;
/// every tag on the newest snapshot (the branch tip, and the newest tagged daily/weekly commit) is kept; undo points
/// (<c>pre-restore/…</c>) and tags that BrainRepo did not write are ignored.
/// </summary>
public static class RetentionPlanner
{
    /// <param name="tags">The tags found in the repository (see <see cref="SnapshotTagNames.TryParse"/>).</param>
    /// <param name="policy">How many daily and weekly tags to keep.</param>
    /// <param name="newestSnapshotCommit">The branch tip, when known. The newest tagged commit is protected as well.</param>
    public static RetentionPlan Plan(IEnumerable<SnapshotTag> tags, RetentionPolicy policy, string? newestSnapshotCommit = null)
    {
        ArgumentNullException.ThrowIfNull(tags);
        ArgumentNullException.ThrowIfNull(policy);
        var all = tags.Where(t => t.Kind != SnapshotTagKind.PreRestore).DistinctBy(t => t.Name, StringComparer.Ordinal).ToList();
        var newestTagged = all
            .Where(t => t.Kind != SnapshotTagKind.Milestone)
            .OrderByDescending(t => t.CommitDate)
            .ThenByDescending(t => t.Period ?? DateOnly.MinValue) // commit dates are in seconds: a tie goes to the later period
            .ThenByDescending(t => t.Name, StringComparer.Ordinal)
            .FirstOrDefault()?.Commit;
        // Why each protected commit is kept: the branch tip is the newest snapshot; the newest tagged commit may be an
        // older one (the tip has no daily or weekly tag yet), and is named as such.
        var newest = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (newestTagged is not null)
        {
            newest[newestTagged] = "points at the newest tagged snapshot, whose tags are always kept";
        }

        if (newestSnapshotCommit is not null)
        {
            newest[newestSnapshotCommit] = "points at the newest snapshot, which is always kept";
        }

        var keep = new List<RetentionDecision>();
        var remove = new List<RetentionDecision>();

        foreach (var milestone in all.Where(t => t.Kind == SnapshotTagKind.Milestone).OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            keep.Add(new RetentionDecision(milestone, true, "milestones are never pruned"));
        }

        Rank(all, SnapshotTagKind.Daily, policy.KeepDaily, "daily", newest, keep, remove);
        Rank(all, SnapshotTagKind.Weekly, policy.KeepWeekly, "weekly", newest, keep, remove);
        return new RetentionPlan(keep, remove);
    }

    private static void Rank(
        List<SnapshotTag> all,
        SnapshotTagKind kind,
        int count,
        string label,
        Dictionary<string, string> newest,
        List<RetentionDecision> keep,
        List<RetentionDecision> remove)
    {
        var ordered = all
            .Where(t => t.Kind == kind)
            .OrderByDescending(t => t.Period ?? DateOnly.MinValue)
            .ThenByDescending(t => t.CommitDate)
            .ThenBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            var tag = ordered[i];
            if (i < count)
            {
                keep.Add(new RetentionDecision(tag, true, string.Create(CultureInfo.InvariantCulture, $"{label} #{i + 1} of {count} kept")));
            }
            else if (newest.TryGetValue(tag.Commit, out var why))
            {
                keep.Add(new RetentionDecision(tag, true, why));
            }
            else
            {
                remove.Add(new RetentionDecision(tag, false, string.Create(CultureInfo.InvariantCulture, $"older than the {count} newest {label} tags")));
            }
        }
    }
}
