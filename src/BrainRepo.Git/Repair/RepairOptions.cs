namespace BrainRepo.Git.Repair;

/// <summary>What <see cref="RepositoryRepair"/> may do beyond checking and healing.</summary>
/// <param name="WorkspaceRoot">The workspace whose files may hold the content of lost blobs.</param>
/// <param name="CopyFrom">
/// Another repository holding the same backup (a fresh clone of the remote): every object of it is copied in
/// (<c>git fetch --refetch</c>, which checks each one) before the snapshots are walked.
/// </param>
/// <param name="NewHistory">
/// When something stays lost: keep the damaged history under <c>refs/brainrepo/damaged/&lt;time&gt;</c>, move the tags
/// of damaged snapshots there too, and empty the branch, so that the next sync starts a new history.
/// </param>
public sealed record RepairOptions(string WorkspaceRoot, bool NewHistory = false, string? CopyFrom = null);
