using BrainRepo.Core.Credentials;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Remote;
using BrainRepo.Core.Workspaces;
using BrainRepo.Git.Remote;
using BrainRepo.Storage.Sqlite;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace BrainRepo.Cli.Infrastructure;

/// <summary>
/// Pushes a workspace's backup repository to its configured remote and keeps the push state: the
/// snapshot count that is not on the remote yet, the last verified push, the last error and the retry
/// schedule. Used by <c>sync</c> (after each snapshot), <c>push</c>, <c>milestone</c> and <c>tag</c>.
/// A push that has started is never interrupted by a cancel (Ctrl+C): it runs to its end.
/// </summary>
public sealed class PushService : IDisposable
{
    /// <summary>The credential store entry that holds the remote's token.</summary>
    public const string CredentialName = "remote";

    private readonly CliContext context;
    private readonly WorkspaceConfig config;

    public PushService(CliContext context, WorkspaceConfig config)
    {
        this.context = context;
        this.config = config;
        Store = new SqlitePushStateStore(config.StateDatabase);
    }

    public SqlitePushStateStore Store { get; }

    /// <summary>The workspace's credential store: its state directory, master key from the environment or a 0600 key file.</summary>
    public static CredentialStore OpenCredentials(CliContext context, WorkspaceConfig config) =>
        new(new CredentialStoreOptions(config.StateDirectory), context.LoggerFactory.CreateLogger<CredentialStore>(), context.GetEnvironment);

    /// <summary>
    /// Called by <c>sync</c> once its summary is printed: records the snapshot as pending and, when a remote is
    /// configured and a push is due, pushes. A failed push is printed on stderr and recorded; it never changes
    /// the sync's outcome (the snapshot is safe locally and is pushed later).
    /// </summary>
    public static async Task AfterSyncAsync(CliContext context, WorkspaceConfig config, string? commitId, bool push, bool json, CancellationToken cancellationToken)
    {
        using var service = new PushService(context, config);
        var state = service.RecordSnapshot(commitId);
        var remote = service.Store.GetRemote();
        if (remote is null || !push || !state.HasPending)
        {
            return;
        }

        if (cancellationToken.IsCancellationRequested)
        {
            context.Err.MarkupLineInterpolated($"[yellow]Cancelled before the push started: the snapshot is kept locally ({state.PendingSnapshots} not on the remote yet).[/]");
            return;
        }

        if (!service.Backoff.IsDue(state))
        {
            context.Err.MarkupLineInterpolated(
                $"[yellow]Push: {state.PendingSnapshots} snapshot(s) not on the remote yet; next attempt after {state.NextRetryAt:u} (or run 'brainrepo push').[/]");
            return;
        }

        await service.TryPushAsync(remote, json, cancellationToken);
    }

    /// <summary>Records <paramref name="head"/> as the newest snapshot (pending until a push lands) and returns the saved state.</summary>
    public PushState RecordSnapshot(string? head)
    {
        var state = Store.LoadPushState();
        var next = head is null || string.Equals(head, state.LastSnapshotCommit, StringComparison.Ordinal)
            ? state
            : string.Equals(head, state.LastVerifiedCommit, StringComparison.Ordinal)
                // The merge commit the last push wrote (remote moved ahead): it is on the remote already.
                ? state with { LastSnapshotCommit = head }
                : state.WithSnapshot(head, context.Time.GetUtcNow());
        if (next != state)
        {
            Store.SavePushState(next);
        }

        return next;
    }

    /// <summary>
    /// Pushes the branch and every BrainRepo tag, verified by a read-back of the remote refs. On failure the
    /// error and the next retry time are recorded and the exception is rethrown.
    /// </summary>
    /// <exception cref="RemotePushException">The push did not land; the message names the cause.</exception>
    /// <exception cref="CredentialDecryptionException">The stored token cannot be decrypted.</exception>
    public async Task<PushResult> PushAsync(RemoteConfig remote, bool json, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var notice = cancellationToken.Register(() =>
            context.Err.MarkupLine("[yellow]Cancel requested: the push in flight is finished first; nothing is interrupted halfway.[/]"));

        // From here on the user's cancel token is deliberately not passed on: a push that has started always
        // runs to its end (the steps before git push are local and quick).
        var uninterrupted = CancellationToken.None;
        var state = Store.LoadPushState();
        try
        {
            var spec = remote.Spec;
            var token = spec.UsesToken && remote.CredentialName is not null
                ? await OpenCredentials(context, config).GetTokenAsync(remote.CredentialName, uninterrupted)
                : null;
            var tags = (await NewTags().ListAsync(uninterrupted)).Select(t => t.Name).ToList();
            var client = new GitRemoteClient(config.RepositoryPath, logger: context.LoggerFactory.CreateLogger<GitRemoteClient>(), timeProvider: context.Time);
            var result = await RunWithProgressAsync(
                progress => client.PushAsync(spec, token, tags, progress, uninterrupted),
                context.Interactive && !json);
            Store.SavePushState(Store.LoadPushState().WithVerifiedPush(result.RemoteCommit, result.VerifiedAt, result.SnapshotCommit));
            return result;
        }
        catch (Exception ex) when (ex is RemotePushException or CredentialDecryptionException or InvalidMasterKeyException)
        {
            Store.SavePushState(Backoff.RecordFailure(state, ex.Message));
            throw;
        }
    }

    /// <summary>Pushes and reports the outcome; a failure is printed on stderr and recorded, never thrown.</summary>
    public async Task<bool> TryPushAsync(RemoteConfig remote, bool json, CancellationToken cancellationToken)
    {
        try
        {
            var result = await PushAsync(remote, json, cancellationToken);
            PrintPushed(json ? context.Err : context.Out, remote, result);
            return true;
        }
        catch (Exception ex) when (ex is RemotePushException or CredentialDecryptionException or InvalidMasterKeyException)
        {
            var state = Store.LoadPushState();
            context.Err.MarkupLineInterpolated($"[red]push failed {ErrorCodeOf(ex)}:[/] {ex.Message}");
            context.Err.MarkupLineInterpolated(
                $"  The snapshot is kept locally: {state.PendingSnapshots} snapshot(s) not on the remote yet; next attempt after {state.NextRetryAt:u} (or run 'brainrepo push').");
            return false;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            context.Err.MarkupLine("[yellow]Cancelled before the push started: it stays pending for the next push.[/]");
            return false;
        }
    }

    /// <summary>The stable code printed for a push-related failure.</summary>
    public static string ErrorCodeOf(Exception ex) => ex is BrainRepoException known ? known.Code : ErrorCodes.RemoteUnknown;

    public static void PrintPushed(IAnsiConsole console, RemoteConfig remote, PushResult result)
    {
        console.MarkupLineInterpolated(
            $"Pushed [bold]{result.RemoteCommit[..12]}[/] to {remote.Spec.Display}: verified (remote ref read back), {result.Tags.Count} tag(s).");
        if (result.Merged)
        {
            console.MarkupLineInterpolated(
                $"  The remote had moved ahead: merged {result.MergedRemoteCommits.Count} remote commit(s), keeping our snapshot's tree and the remote history.");
        }
    }

    public GitSnapshotTags NewTags() =>
        new(config.RepositoryPath, logger: context.LoggerFactory.CreateLogger<GitSnapshotTags>(), timeProvider: context.Time);

    public RetryBackoff Backoff => new(new RetryBackoffOptions(), context.Time);

    public void Dispose() => Store.Dispose();

    private async Task<PushResult> RunWithProgressAsync(Func<IProgress<PushProgress>?, Task<PushResult>> push, bool interactive)
    {
        if (!interactive)
        {
            return await push(null);
        }

        PushResult? result = null;
        await context.Err.Status().StartAsync("Pushing…", async status =>
        {
            var progress = new Progress<PushProgress>(p => status.Status(
                $"Pushing: {(p.FromRemote ? "remote: " : string.Empty)}{Markup.Escape(p.Phase)} {p.Percent}% ({p.Current}/{p.Total})"));
            result = await push(progress);
        });
        return result!;
    }
}
