using BrainRepo.Core.Coordination;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Remote;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Workspaces;

namespace BrainRepo.Core.Operations;

/// <summary>
/// The push use case: pushes a workspace's snapshot branch and tags to its remote, verified by reading the remote
/// refs back, and keeps the push state (snapshots not on the remote yet, the last verified push, the last error and
/// the retry schedule). Every push runs under the workspace's lease, so no two pushes of one workspace ever run at
/// once, and a push that has started is never interrupted by a cancel.
/// </summary>
public sealed class PushPipeline(OperationServices services)
{
    /// <summary>The credential store entry that holds the remote's token.</summary>
    public const string CredentialName = "remote";

    /// <summary>
    /// <c>brainrepo push</c>: pushes now, whatever the retry schedule says, under the workspace's lease (waiting up
    /// to <paramref name="wait"/> for a running sync). Returns <see cref="PushOutcomeKind.Pushed"/> or
    /// <see cref="PushOutcomeKind.Failed"/> (recorded, with the next retry time).
    /// </summary>
    /// <exception cref="ConfigException">No remote is configured.</exception>
    /// <exception cref="BrainRepoException">There is no snapshot yet, or the workspace stayed busy.</exception>
    public async Task<PushOutcome> PushNowAsync(WorkspaceConfig config, TimeSpan wait, IProgress<OperationEvent>? events, CancellationToken cancellationToken)
    {
        PushOutcome? outcome = null;
        var attempt = await new ExclusiveRun(services).RunAsync(
            config,
            async (run, token) =>
            {
                using var held = await ExclusiveRun.LockAsync(config, services.Time, events, token).ConfigureAwait(false);
                using var repository = services.Storage.OpenRepository(config, token);
                using var store = services.Storage.OpenPushState(config);
                var remote = store.GetRemote()
                    ?? throw new ConfigException("No remote is configured. Fix: brainrepo remote set <url> [--token-env VAR].");
                var head = repository.Head()
                    ?? throw new BrainRepoException(ErrorCodes.SnapshotNotFound, "There are no snapshots yet. Fix: run 'brainrepo sync' first.");
                RecordSnapshot(store, head);
                outcome = await PushUnderLeaseAsync(run, config, store, remote, events, token).ConfigureAwait(false);
                return RunOutcome.Succeeded;
            },
            servesRequests: false,
            wait,
            events,
            cancellationToken).ConfigureAwait(false);
        return outcome ?? throw ExclusiveRun.NotRun(attempt, "push");
    }

    /// <summary>
    /// After a snapshot, under the run's lease: records <paramref name="commitId"/> as the newest snapshot (pending
    /// until a push lands) and pushes when a remote is set, <paramref name="push"/> allows it, something is pending
    /// and the retry schedule says the push is due. A failed push is recorded and returned, never thrown: the
    /// snapshot is safe locally and is pushed later.
    /// </summary>
    public async Task<PushOutcome> AfterSnapshotAsync(
        CoordinatedRun run, WorkspaceConfig config, string? commitId, bool push, IProgress<OperationEvent>? events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        using var store = services.Storage.OpenPushState(config);
        var state = RecordSnapshot(store, commitId);
        var remote = store.GetRemote();
        if (remote is null)
        {
            return new PushOutcome(PushOutcomeKind.NoRemote, state);
        }

        if (!push)
        {
            return new PushOutcome(PushOutcomeKind.NotRequested, state) { Remote = remote };
        }

        if (!state.HasPending)
        {
            return new PushOutcome(PushOutcomeKind.NothingPending, state) { Remote = remote };
        }

        if (!Backoff.IsDue(state))
        {
            return new PushOutcome(PushOutcomeKind.NotDue, state) { Remote = remote };
        }

        return await PushUnderLeaseAsync(run, config, store, remote, events, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Under the run's lease: pushes when a remote is set (new tags, for example), whatever is pending. Returns
    /// <see cref="PushOutcomeKind.NoRemote"/> when none is.
    /// </summary>
    public async Task<PushOutcome> PushIfRemoteAsync(CoordinatedRun run, WorkspaceConfig config, IProgress<OperationEvent>? events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        using var store = services.Storage.OpenPushState(config);
        var remote = store.GetRemote();
        return remote is null
            ? new PushOutcome(PushOutcomeKind.NoRemote, store.LoadPushState())
            : await PushUnderLeaseAsync(run, config, store, remote, events, cancellationToken).ConfigureAwait(false);
    }

    private RetryBackoff Backoff => new(new RetryBackoffOptions(), services.Time);

    /// <summary>Records <paramref name="head"/> as the newest snapshot (pending until a push lands) and returns the saved state.</summary>
    private PushState RecordSnapshot(IPushStateStore store, string? head)
    {
        var state = store.LoadPushState();
        var next = head is null || string.Equals(head, state.LastSnapshotCommit, StringComparison.Ordinal)
            ? state
            : string.Equals(head, state.LastVerifiedCommit, StringComparison.Ordinal)
                // The merge commit the last push wrote (remote moved ahead): it is on the remote already.
                ? state with { LastSnapshotCommit = head }
                : state.WithSnapshot(head, services.Time.GetUtcNow());
        if (next != state)
        {
            store.SavePushState(next);
        }

        return next;
    }

    /// <summary>
    /// Proves the lease, then pushes the branch and every BrainRepo tag. The user's cancel is checked only before
    /// the push starts: from there on the push runs to its end (the steps before <c>git push</c> are local and quick).
    /// </summary>
    private async Task<PushOutcome> PushUnderLeaseAsync(
        CoordinatedRun run, WorkspaceConfig config, IPushStateStore store, RemoteConfig remote, IProgress<OperationEvent>? events, CancellationToken cancellationToken)
    {
        var before = store.LoadPushState();
        if (cancellationToken.IsCancellationRequested)
        {
            return new PushOutcome(PushOutcomeKind.CancelledBeforeStart, before) { Remote = remote };
        }

        try
        {
            return await run.PushAsync(_ => PushAsync(config, store, remote, events, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !run.IsLeaseLost)
        {
            return new PushOutcome(PushOutcomeKind.CancelledBeforeStart, before) { Remote = remote };
        }
    }

    private async Task<PushOutcome> PushAsync(
        WorkspaceConfig config, IPushStateStore store, RemoteConfig remote, IProgress<OperationEvent>? events, CancellationToken userCancel)
    {
        using var notice = userCancel.Register(() => events?.Report(new PushFinishingBeforeCancel()));
        var uninterrupted = CancellationToken.None;
        var state = store.LoadPushState();
        try
        {
            var spec = remote.Spec;
            var token = spec.UsesToken && remote.CredentialName is not null
                ? await services.OpenCredentials(config).GetTokenAsync(remote.CredentialName, uninterrupted).ConfigureAwait(false)
                : null;
            // Undo points (pre-restore/…) stay on this machine: the remote gets the snapshots and the named tags.
            var tags = (await services.Storage.Tags(config).ListAsync(uninterrupted).ConfigureAwait(false))
                .Where(t => t.Kind != SnapshotTagKind.PreRestore)
                .Select(t => t.Name)
                .ToList();
            events?.Report(new PushStarted(spec.Display));
            var progress = events is null ? null : new InlineProgress<PushProgress>(p => events.Report(new PushProgressed(p)));
            var result = await services.Storage.RemoteClient(config).PushAsync(spec, token, tags, progress, uninterrupted).ConfigureAwait(false);
            var pushed = store.LoadPushState().WithVerifiedPush(result.RemoteCommit, result.VerifiedAt, result.SnapshotCommit);
            store.SavePushState(pushed);
            return new PushOutcome(PushOutcomeKind.Pushed, pushed) { Remote = remote, Result = result };
        }
        catch (BrainRepoException ex)
        {
            var failed = Backoff.RecordFailure(state, ex.Message);
            store.SavePushState(failed);
            return new PushOutcome(PushOutcomeKind.Failed, failed) { Remote = remote, Error = ex };
        }
    }
}
