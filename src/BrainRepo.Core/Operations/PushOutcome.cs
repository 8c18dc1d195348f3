using BrainRepo.Core.Errors;
using BrainRepo.Core.Remote;

namespace BrainRepo.Core.Operations;

/// <summary>The push part of an operation, with the push state after it.</summary>
public sealed record PushOutcome(PushOutcomeKind Kind, PushState State)
{
    /// <summary>The remote, when one is configured.</summary>
    public RemoteConfig? Remote { get; init; }

    /// <summary>The verified push, when <see cref="Kind"/> is <see cref="PushOutcomeKind.Pushed"/>.</summary>
    public PushResult? Result { get; init; }

    /// <summary>Why the push failed, when <see cref="Kind"/> is <see cref="PushOutcomeKind.Failed"/>.</summary>
    public BrainRepoException? Error { get; init; }

    /// <summary>True when the push was due and did not land.</summary>
    public bool Failed => Kind == PushOutcomeKind.Failed;
}
