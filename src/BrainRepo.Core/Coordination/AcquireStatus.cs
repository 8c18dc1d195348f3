namespace BrainRepo.Core.Coordination;

/// <summary>The outcome of <see cref="ICoordinationStore.TryAcquireAsync"/>.</summary>
public enum AcquireStatus
{
    /// <summary>The lease is ours.</summary>
    Acquired,

    /// <summary>Another owner holds an unexpired lease.</summary>
    Busy,
}
