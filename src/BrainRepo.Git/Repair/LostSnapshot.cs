namespace BrainRepo.Git.Repair;

/// <summary>
/// A snapshot that cannot be restored in full: its commit is missing (<paramref name="CommitMissing"/>; nothing
/// more is known about it), or files and folders of it are (<paramref name="Lost"/>). <paramref name="Refs"/> are
/// the branch and tags that point at it.
/// </summary>
public sealed record LostSnapshot(string CommitId, DateTimeOffset? Time, IReadOnlyList<string> Refs, bool CommitMissing, IReadOnlyList<LostObject> Lost);
