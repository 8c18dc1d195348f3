namespace BrainRepo.Core.Remote;

/// <summary>
/// Persists a workspace's remote (URL, kind, credential name, never the token) and its <see cref="PushState"/>,
/// so that the pending count and the retry schedule survive restarts.
/// </summary>
public interface IPushStateStore : IDisposable
{
    /// <summary>The configured remote, or null when none is set.</summary>
    RemoteConfig? GetRemote();

    /// <summary>Sets the remote and replaces the push state in one transaction.</summary>
    void SetRemote(RemoteConfig remote, PushState state);

    /// <summary>Removes the remote and replaces the push state in one transaction; false when none was set.</summary>
    bool RemoveRemote(PushState state);

    /// <summary>The persisted push state, or <see cref="PushState.Initial"/> when none was saved.</summary>
    PushState LoadPushState();

    void SavePushState(PushState state);
}
