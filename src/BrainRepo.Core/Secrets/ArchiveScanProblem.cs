namespace BrainRepo.Core.Secrets;

/// <summary>An archive (or a member of it) that could not be scanned completely.</summary>
/// <param name="Kind">Why it could not be scanned.</param>
/// <param name="InnerPath">The member where the problem happened, or null for the archive itself.</param>
/// <param name="Reason">A human-readable reason. It never contains file content.</param>
/// <param name="Action">What the configured policy says to do with the file.</param>
public sealed record ArchiveScanProblem(
    ArchiveProblemKind Kind,
    string? InnerPath,
    string Reason,
    UnscannableArchiveAction Action);
