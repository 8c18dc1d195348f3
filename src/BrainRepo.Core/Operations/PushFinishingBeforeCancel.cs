namespace BrainRepo.Core.Operations;

/// <summary>A cancel was requested while a push was in flight: the push runs to its end first.</summary>
public sealed record PushFinishingBeforeCancel : OperationEvent;
