using BrainRepo.Core.Coordination;
using BrainRepo.Core.Credentials;
using BrainRepo.Core.Remote;
using BrainRepo.Core.Workspaces;

namespace BrainRepo.Core.Operations;

/// <summary>
/// Setting and removing a workspace's remote, under the workspace's lease so that no push runs while the remote
/// changes. The token is stored encrypted in the credential store, never in the URL or the repository's config.
/// </summary>
public sealed class RemotePipeline(OperationServices services)
{
    /// <summary>
    /// Sets the remote (and stores or deletes its token). A new URL starts with every snapshot pending: the new
    /// remote holds none of them until a push there is verified.
    /// </summary>
    public Task<RemoteChange> SetAsync(
        WorkspaceConfig config, RemoteSpec spec, SecretToken? token, TimeSpan wait, IProgress<OperationEvent>? events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return RunAsync(config, "remote set", wait, events, cancellationToken, async ct =>
        {
            var credentials = services.OpenCredentials(config);
            if (token is not null)
            {
                await credentials.SetTokenAsync(PushPipeline.CredentialName, token, ct).ConfigureAwait(false);
            }
            else
            {
                await credentials.RemoveTokenAsync(PushPipeline.CredentialName, ct).ConfigureAwait(false);
            }

            using var store = services.Storage.OpenPushState(config);
            var previous = store.GetRemote();
            var state = store.LoadPushState();
            if (previous is null || !string.Equals(previous.Url, spec.Url, StringComparison.Ordinal))
            {
                using var repository = services.Storage.OpenRepository(config, ct);
                var head = repository.Head();
                state = PushState.Initial with
                {
                    LastSnapshotCommit = head,
                    LastSnapshotAt = head is null ? null : services.Time.GetUtcNow(),
                    PendingSnapshots = head is null ? 0 : repository.Log(int.MaxValue).Count,
                };
            }

            var remote = new RemoteConfig(spec.Url, spec.Kind, token is null ? null : PushPipeline.CredentialName, services.Time.GetUtcNow());
            store.SetRemote(remote, state);
            return new RemoteChange(previous, remote, token is not null, false, state);
        });
    }

    /// <summary>Forgets the remote and deletes its token; nothing changes on the remote itself.</summary>
    public Task<RemoteChange> RemoveAsync(WorkspaceConfig config, TimeSpan wait, IProgress<OperationEvent>? events, CancellationToken cancellationToken) =>
        RunAsync(config, "remote remove", wait, events, cancellationToken, async token =>
        {
            using var store = services.Storage.OpenPushState(config);
            var previous = store.GetRemote();
            var tokenRemoved = await services.OpenCredentials(config).RemoveTokenAsync(PushPipeline.CredentialName, token).ConfigureAwait(false);
            var old = store.LoadPushState();
            var state = PushState.Initial with { LastSnapshotCommit = old.LastSnapshotCommit, LastSnapshotAt = old.LastSnapshotAt };
            var removed = store.RemoveRemote(state);
            return new RemoteChange(removed ? previous : null, null, false, tokenRemoved, state);
        });

    private async Task<RemoteChange> RunAsync(
        WorkspaceConfig config, string operation, TimeSpan wait, IProgress<OperationEvent>? events, CancellationToken cancellationToken, Func<CancellationToken, Task<RemoteChange>> change)
    {
        RemoteChange? outcome = null;
        var attempt = await new ExclusiveRun(services).RunAsync(
            config,
            async (_, token) =>
            {
                using var held = await ExclusiveRun.LockAsync(config, services.Time, events, token).ConfigureAwait(false);
                outcome = await change(token).ConfigureAwait(false);
                return RunOutcome.Succeeded;
            },
            servesRequests: false,
            wait,
            events,
            cancellationToken).ConfigureAwait(false);
        return outcome ?? throw ExclusiveRun.NotRun(attempt, operation);
    }
}
