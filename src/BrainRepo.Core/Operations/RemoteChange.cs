using BrainRepo.Core.Remote;

namespace BrainRepo.Core.Operations;

/// <summary>A change of a workspace's remote: the remote before and after, whether a token was stored or deleted, and the push state.</summary>
public sealed record RemoteChange(RemoteConfig? Previous, RemoteConfig? Current, bool TokenStored, bool TokenRemoved, PushState State)
{
    /// <summary>What the check of the new remote found before it was saved; null when the check was skipped.</summary>
    public RemoteCheck? Check { get; init; }
}
