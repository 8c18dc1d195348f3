namespace BrainRepo.Core.Model;

/// <summary>The commit metadata of a snapshot.</summary>
public sealed record SnapshotCommitInfo(string Message, DateTimeOffset Time, string AuthorName, string AuthorEmail);
