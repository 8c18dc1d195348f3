using BrainRepo.Core.Restore;

namespace BrainRepo.Core.Operations;

/// <summary>A restore is planning, writing or deleting: how far it is.</summary>
public sealed record RestoreProgressed(RestoreProgress Progress) : OperationEvent;
