namespace BrainRepo.Core.Snapshots;

/// <summary>The last snapshot's files, keyed by path, and the commit they belong to.</summary>
public sealed record Baseline(string? CommitId, Dictionary<string, TrackedFile> Files)
{
    public static Baseline Empty() => new(null, new Dictionary<string, TrackedFile>(StringComparer.Ordinal));
}
