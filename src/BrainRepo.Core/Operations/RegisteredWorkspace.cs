using BrainRepo.Core.Model;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Workspaces;

namespace BrainRepo.Core.Operations;

/// <summary>A workspace just registered, and the snapshot whose history it continues when its repository held one.</summary>
public sealed record RegisteredWorkspace(WorkspaceConfig Config, SnapshotInfo? Continues);
