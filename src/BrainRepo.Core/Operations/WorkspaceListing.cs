using BrainRepo.Core.Model;
using BrainRepo.Core.Snapshots;

namespace BrainRepo.Core.Operations;

/// <summary>One registered workspace as <c>brainrepo workspaces</c> lists it.</summary>
/// <param name="Id">Its id (the name of its data folder).</param>
/// <param name="ConfigFile">Its configuration file.</param>
/// <param name="WorkspaceRoot">The folder it backs up; null when the configuration cannot be read.</param>
/// <param name="RepositoryPath">Its backup repository; null when the configuration cannot be read.</param>
/// <param name="Newest">Its newest snapshot, when there is one.</param>
/// <param name="Problem">What is wrong (the folder or repository is missing, the configuration is unreadable), or null.</param>
public sealed record WorkspaceListing(string Id, string ConfigFile, string? WorkspaceRoot, string? RepositoryPath, SnapshotInfo? Newest, string? Problem);
