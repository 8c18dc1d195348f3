namespace BrainRepo.Core.Operations;

/// <summary>Another run holds the workspace: this operation waits for it to finish.</summary>
public sealed record WaitingForWorkspace : OperationEvent;
