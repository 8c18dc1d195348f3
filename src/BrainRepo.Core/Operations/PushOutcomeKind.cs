namespace BrainRepo.Core.Operations;

/// <summary>What happened to the push part of an operation.</summary>
public enum PushOutcomeKind
{
    /// <summary>No remote is configured: snapshots stay on this machine.</summary>
    NoRemote,

    /// <summary>The caller asked for no push (<c>--no-push</c>); the snapshot stays pending.</summary>
    NotRequested,

    /// <summary>Everything is on the remote already.</summary>
    NothingPending,

    /// <summary>An earlier push failed and its retry time has not come yet.</summary>
    NotDue,

    /// <summary>A cancel came before the push started; the snapshot stays pending.</summary>
    CancelledBeforeStart,

    /// <summary>Pushed and verified by reading the remote refs back.</summary>
    Pushed,

    /// <summary>The push did not land: recorded with its cause and the next retry time.</summary>
    Failed,
}
