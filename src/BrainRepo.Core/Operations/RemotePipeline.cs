using BrainRepo.Core.Coordination;
using BrainRepo.Core.Credentials;
using BrainRepo.Core.Errors;
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
    /// Sets the remote (and stores or deletes its token). With <paramref name="check"/>, the remote is checked first
    /// (reached, the token accepted, its refs read) and nothing is saved when that fails. A new URL starts with every
    /// snapshot pending: the new remote holds none of them until a push there is verified.
    /// </summary>
    /// <exception cref="InvalidRemoteUrlException">A local remote inside the workspace, or the backup repository itself.</exception>
    /// <exception cref="BrainRepoException">The check failed (the code names why); nothing was saved.</exception>
    public async Task<RemoteChange> SetAsync(
        WorkspaceConfig config, RemoteSpec spec, SecretToken? token, bool check, TimeSpan wait, IProgress<OperationEvent>? events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(spec);
        RefuseLocalPathsThatCannotBeARemote(config, spec);
        var checkedRemote = check ? await CheckAsync(config, spec, token, cancellationToken).ConfigureAwait(false) : null;
        var change = await RunAsync(config, "remote set", wait, events, cancellationToken, async ct =>
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
                if (head is not null && string.Equals(checkedRemote?.BranchCommit, head, StringComparison.OrdinalIgnoreCase))
                {
                    // The check read the remote's branch back: it already holds the newest snapshot (a new machine
                    // continuing the same history), which is what a verified push establishes.
                    state = state.WithVerifiedPush(head, services.Time.GetUtcNow(), head);
                }
            }

            var remote = new RemoteConfig(spec.Url, spec.Kind, token is null ? null : PushPipeline.CredentialName, services.Time.GetUtcNow());
            store.SetRemote(remote, state);
            return new RemoteChange(previous, remote, token is not null, false, state);
        }).ConfigureAwait(false);
        return change with { Check = checkedRemote };
    }

    /// <summary>
    /// Reaches <paramref name="spec"/>, authenticates and reads its refs, changing nothing on either side.
    /// </summary>
    /// <exception cref="BrainRepoException">The remote cannot be used; the code names why and the message says nothing was saved.</exception>
    public async Task<RemoteCheck> CheckAsync(WorkspaceConfig config, RemoteSpec spec, SecretToken? token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);

        // git runs against the backup repository (its config stays untouched), which may not exist before the first sync.
        services.Storage.OpenRepository(config, cancellationToken).Dispose();
        try
        {
            return await services.Storage.RemoteClient(config).CheckAsync(spec, token, cancellationToken).ConfigureAwait(false);
        }
        catch (BrainRepoException ex)
        {
            throw new BrainRepoException(
                ex.Code,
                $"{ex.Message} Nothing was saved. Fix: correct the URL (an ssh remote is user@host:path) or the token, or pass --no-check to save it anyway.",
                ex.IsTransient,
                ex);
        }
    }

    /// <summary>
    /// A local remote inside the workspace would be backed up into itself (and is usually a mistyped ssh URL, whose
    /// missing colon made it a relative path); the backup repository cannot be its own remote.
    /// </summary>
    private static void RefuseLocalPathsThatCannotBeARemote(WorkspaceConfig config, RemoteSpec spec)
    {
        if (spec.Kind != RemoteKind.Local)
        {
            return;
        }

        var path = Path.TrimEndingDirectorySeparator(spec.Url);
        if (RelativePath.IsUnder(path, Path.TrimEndingDirectorySeparator(Path.GetFullPath(config.WorkspaceRoot))))
        {
            throw new InvalidRemoteUrlException(
                $"The remote {spec.Display} is a folder inside the workspace, which would back up into itself. " +
                "Fix: an ssh remote is written user@host:path (with the colon); a local remote is a folder outside the workspace.");
        }

        if (RelativePath.IsUnder(path, Path.TrimEndingDirectorySeparator(Path.GetFullPath(config.RepositoryPath))))
        {
            throw new InvalidRemoteUrlException($"The remote {spec.Display} is the backup repository itself. Fix: give another repository.");
        }
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
