namespace BrainRepo.Core.Remote;

/// <summary>
/// What a check of a remote found: it was reached, the credentials were accepted and its refs were read.
/// </summary>
/// <param name="RefCount">How many refs the remote holds (0 for a new, empty repository).</param>
/// <param name="BranchCommit">The commit of the snapshot branch on the remote, or null when it has none yet.</param>
public sealed record RemoteCheck(int RefCount, string? BranchCommit);
