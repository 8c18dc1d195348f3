namespace BrainRepo.Core.Remote;

/// <summary>A BrainRepo tag in the backup repository.</summary>
/// <param name="Name">The tag name without <c>refs/tags/</c>, for example <c>snapshot/daily/2025-11-26</c>.</param>
/// <param name="Kind">Its family.</param>
/// <param name="Period">The first day of the period it stands for (the day, or the Monday of the ISO week); null for milestones.</param>
/// <param name="Commit">The snapshot commit it points at (peeled).</param>
/// <param name="CommitDate">When that snapshot commit was made.</param>
public sealed record SnapshotTag(string Name, SnapshotTagKind Kind, DateOnly? Period, string Commit, DateTimeOffset CommitDate);
