using BrainRepo.Core.Remote;

namespace BrainRepo.Core.Operations;

/// <summary>git's progress during a push.</summary>
public sealed record PushProgressed(PushProgress Progress) : OperationEvent;
