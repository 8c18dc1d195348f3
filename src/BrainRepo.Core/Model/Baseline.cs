namespace BrainRepo.Core.Model;

/// <summary>The last snapshot's files, keyed by path, and the commit they belong to.</summary>
/// <remarks>
/// <see cref="Trees"/> caches the tree id of every folder of that commit, so that only folders with a
/// changed file are re-hashed; empty when unknown (everything is then rebuilt, which is always correct).
/// </remarks>
public sealed record Baseline(string? CommitId, Dictionary<string, TrackedFile> Files)
{
    public IReadOnlyDictionary<string, string> Trees { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// The secrets scanner configuration (rules, allow list) the cached stamps were scanned under.
    /// When it differs from the current one, no stamp is trusted: every file is read and scanned again.
    /// </summary>
    public string? Scanner { get; init; }

    public static Baseline Empty() => new(null, new Dictionary<string, TrackedFile>(StringComparer.Ordinal));
}
