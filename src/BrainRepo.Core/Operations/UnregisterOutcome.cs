namespace BrainRepo.Core.Operations;

/// <summary>What <c>brainrepo workspaces remove</c> did.</summary>
/// <param name="WorkspaceRoot">The folder that is no longer backed up (it is never touched).</param>
/// <param name="RepositoryPath">The backup repository.</param>
/// <param name="RepositoryDeleted">True when the repository was deleted (asked for); false when it was kept.</param>
/// <param name="KeptSealKey">The seal key file that was kept (the repository's sealed files need it), or null.</param>
public sealed record UnregisterOutcome(string WorkspaceRoot, string RepositoryPath, bool RepositoryDeleted, string? KeptSealKey);
