namespace BrainRepo.Core.Remote;

/// <summary>
/// BrainRepo's tags in a backup repository: daily and weekly tags once per period, milestones that never move.
/// Implemented over git in BrainRepo.Git.
/// </summary>
public interface ISnapshotTagStore
{
    /// <summary>Tags <paramref name="commit"/> <c>snapshot/daily/YYYY-MM-DD</c> for today (UTC), once per day.</summary>
    Task<TagResult> EnsureDailyTagAsync(string? commit, CancellationToken cancellationToken);

    /// <summary>Tags <paramref name="commit"/> <c>snapshot/weekly/YYYY-Www</c> for this ISO week (UTC), once per week.</summary>
    Task<TagResult> EnsureWeeklyTagAsync(string? commit, CancellationToken cancellationToken);

    /// <summary>Tags <paramref name="commit"/> <c>milestone/&lt;name&gt;</c> (annotated); the same name on another commit is refused.</summary>
    Task<TagResult> CreateMilestoneAsync(string name, string? message, string? commit, CancellationToken cancellationToken);

    /// <summary>Every BrainRepo tag with its commit and date.</summary>
    Task<IReadOnlyList<SnapshotTag>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Deletes the named tags locally; returns those that existed.</summary>
    Task<IReadOnlyList<string>> DeleteAsync(IEnumerable<string> tagNames, CancellationToken cancellationToken);
}
