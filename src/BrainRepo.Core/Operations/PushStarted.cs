namespace BrainRepo.Core.Operations;

/// <summary>A push to <paramref name="Remote"/> (its display form, never a token) has started.</summary>
public sealed record PushStarted(string Remote) : OperationEvent;
