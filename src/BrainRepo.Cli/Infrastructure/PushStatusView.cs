using System.Text.Json.Nodes;
using BrainRepo.Core.Remote;
using BrainRepo.Core.Workspaces;
using BrainRepo.Storage.Sqlite;
using Spectre.Console;

namespace BrainRepo.Cli.Infrastructure;

/// <summary>
/// The remote part of <c>status</c> and <c>remote show</c>, kept apart from the snapshot part: the last
/// verified push, the snapshots not yet on the remote, and the last push error.
/// </summary>
public sealed record PushStatusView(RemoteConfig? Remote, PushState State, bool Failing)
{
    /// <summary>Reads the remote and push state; <see cref="Failing"/> says whether pushes fail past the threshold at <paramref name="now"/>.</summary>
    public static PushStatusView Read(WorkspaceConfig config, DateTimeOffset now)
    {
        using var store = new SqlitePushStateStore(config.StateDatabase);
        var remote = store.GetRemote();
        var state = store.LoadPushState();
        return new PushStatusView(remote, state, PushHealth.IsFailing(remote, state, now));
    }

    /// <summary>The <c>remote</c> object of <c>status --json</c>.</summary>
    public JsonObject ToJson() => new()
    {
        ["url"] = Remote?.Spec.Display,
        ["kind"] = JsonOutput.Name(Remote?.Kind),
        ["last_snapshot"] = State.LastSnapshotCommit,
        ["last_verified_push"] = State.LastVerifiedCommit is null ? null : new JsonObject { ["commit"] = State.LastVerifiedCommit, ["at"] = State.LastVerifiedPushAt },
        ["pending_snapshots"] = State.PendingSnapshots,
        ["last_error"] = State.LastError is null ? null : new JsonObject { ["message"] = State.LastError, ["at"] = State.LastErrorAt },
        ["consecutive_failures"] = State.ConsecutiveFailures,
        ["next_retry_at"] = State.NextRetryAt,
        ["failing"] = Failing,
    };

    public void Print(IAnsiConsole console)
    {
        if (Remote is null)
        {
            console.MarkupLine("Remote      none (snapshots stay on this machine; set one with 'brainrepo remote set <url>')");
            return;
        }

        console.MarkupLineInterpolated($"Remote      {Remote.Spec.Display} ({Remote.Kind})");
        if (State.LastVerifiedCommit is null)
        {
            console.MarkupLine("Last push   [yellow]none verified yet[/]");
        }
        else
        {
            console.MarkupLineInterpolated($"Last push   {State.LastVerifiedCommit[..12]} verified at {State.LastVerifiedPushAt:u}");
        }

        var pending = State.PendingSnapshots == 0 ? "[green]0[/]" : $"[yellow]{State.PendingSnapshots}[/]";
        console.MarkupLine($"Not pushed  {pending} snapshot(s) not yet on the remote");
        if (State.LastError is not null)
        {
            console.MarkupLineInterpolated($"[red]Last error[/]  {State.LastErrorAt:u}: {State.LastError}");
            if (State.NextRetryAt is not null)
            {
                console.MarkupLineInterpolated($"            next attempt after {State.NextRetryAt:u} ({State.ConsecutiveFailures} failure(s) in a row)");
            }
        }

        if (Failing)
        {
            console.MarkupLine(
                $"[red]Failing[/]     pushes keep failing ({PushHealth.FailureThreshold}+ in a row, or the remote behind for {PushHealth.MaxBehind.TotalHours:0} h): the snapshots are only on this machine. Fix the cause above, then 'brainrepo push'.");
        }
    }
}
