using BrainRepo.Core.Operations;
using BrainRepo.Core.Remote;
using Spectre.Console;

namespace BrainRepo.Cli.Infrastructure;

/// <summary>Prints the push part of an operation: pushed and verified, failed (with its code and the retry), or deferred.</summary>
public static class PushView
{
    /// <summary>
    /// Prints <paramref name="outcome"/> after the operation's own summary. With <paramref name="json"/> the
    /// lines go to stderr, so that stdout holds one JSON document.
    /// </summary>
    public static void Print(CliContext context, PushOutcome? outcome, bool json)
    {
        if (outcome is null)
        {
            return;
        }

        var state = outcome.State;
        switch (outcome.Kind)
        {
            case PushOutcomeKind.Pushed:
                PrintPushed(json ? context.Err : context.Out, outcome.Remote!, outcome.Result!);
                break;
            case PushOutcomeKind.Failed:
                context.Err.MarkupLineInterpolated($"[red]push failed {outcome.Error!.Code}:[/] {outcome.Error.Message}");
                context.Err.MarkupLineInterpolated(
                    $"  The snapshot is kept locally: {state.PendingSnapshots} snapshot(s) not on the remote yet; next attempt after {state.NextRetryAt:u} (or run 'brainrepo push').");
                break;
            case PushOutcomeKind.NotDue:
                context.Err.MarkupLineInterpolated(
                    $"[yellow]Push: {state.PendingSnapshots} snapshot(s) not on the remote yet; next attempt after {state.NextRetryAt:u} (or run 'brainrepo push').[/]");
                break;
            case PushOutcomeKind.CancelledBeforeStart:
                context.Err.MarkupLineInterpolated($"[yellow]Cancelled before the push started: the snapshot is kept locally ({state.PendingSnapshots} not on the remote yet).[/]");
                break;
        }
    }

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
}
