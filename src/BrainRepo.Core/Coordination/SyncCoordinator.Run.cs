using Microsoft.Extensions.Logging;

namespace BrainRepo.Core.Coordination;

public sealed partial class SyncCoordinator
{
    private async Task<RunAttempt> RunLeasedAsync(
        Lease lease, Func<CoordinatedRun, CancellationToken, Task<RunOutcome>> job, bool servesRequests, CancellationToken cancellationToken)
    {
        using var leaseLost = new CancellationTokenSource();
        using var cancelRequested = new CancellationTokenSource();
        using var jobCancellation = CancellationTokenSource.CreateLinkedTokenSource(
            cancellationToken, leaseLost.Token, cancelRequested.Token);
        using var heartbeatStop = new CancellationTokenSource();
        var run = new CoordinatedRun(_store, lease, leaseLost, cancelRequested, cancellationToken);
        var heartbeat = HeartbeatAsync(run, heartbeatStop.Token);

        RunOutcome outcome;
        Exception? error = null;
        try
        {
            outcome = await job(run, jobCancellation.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && (run.IsLeaseLost || run.IsCancelRequested))
        {
            outcome = RunOutcome.Cancelled;
        }
        catch (LeaseLostException)
        {
            run.MarkLeaseLost();
            outcome = RunOutcome.Failed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown: hand the workspace back at once so another worker serves the pending request.
            await heartbeatStop.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(false);
            await _store.ReleaseAsync(lease, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        catch (Exception ex)
        {
            CoordinationLog.JobFailed(_logger, ex, lease.Workspace, lease.Generation);
            outcome = RunOutcome.Failed;
            error = ex;
        }
        finally
        {
            await heartbeatStop.CancelAsync().ConfigureAwait(false);
        }

        await heartbeat.ConfigureAwait(false);
        var status = servesRequests
            ? await RecordAsync(run, outcome, cancellationToken).ConfigureAwait(false)
            : await ReleaseExclusiveAsync(run, outcome).ConfigureAwait(false);
        CoordinationLog.RunEnded(_logger, lease.Workspace, lease.Generation, status);
        return new RunAttempt(lease.Workspace, status, lease.Generation, 1) { Error = error };
    }

    private async Task<RunAttemptStatus> RecordAsync(CoordinatedRun run, RunOutcome outcome, CancellationToken cancellationToken)
    {
        var lease = run.Lease;
        if (run.IsLeaseLost)
        {
            CoordinationLog.LeaseLost(_logger, lease.Workspace, lease.FencingToken);
            return RunAttemptStatus.LeaseLost;
        }

        var result = await _store.CompleteAsync(lease, lease.Generation, outcome, cancellationToken).ConfigureAwait(false);
        if (!result.Recorded)
        {
            CoordinationLog.LeaseLost(_logger, lease.Workspace, lease.FencingToken);
            return RunAttemptStatus.LeaseLost;
        }

        if (result.TrailingRunDue)
        {
            CoordinationLog.TrailingRunDue(_logger, lease.Workspace, result.Requested, result.Served);
        }

        return outcome switch
        {
            RunOutcome.Succeeded => RunAttemptStatus.Succeeded,
            RunOutcome.Cancelled => RunAttemptStatus.Cancelled,
            _ => RunAttemptStatus.Failed,
        };
    }

    /// <summary>
    /// Ends an exclusive run that served no request: drops the lease (even on shutdown, so that nobody waits out
    /// its TTL) and leaves the generations alone.
    /// </summary>
    private async Task<RunAttemptStatus> ReleaseExclusiveAsync(CoordinatedRun run, RunOutcome outcome)
    {
        if (run.IsLeaseLost || !await _store.ReleaseAsync(run.Lease, CancellationToken.None).ConfigureAwait(false))
        {
            CoordinationLog.LeaseLost(_logger, run.Workspace, run.FencingToken);
            return RunAttemptStatus.LeaseLost;
        }

        return outcome switch
        {
            RunOutcome.Succeeded => RunAttemptStatus.Succeeded,
            RunOutcome.Cancelled => RunAttemptStatus.Cancelled,
            _ => RunAttemptStatus.Failed,
        };
    }

    private async Task HeartbeatAsync(CoordinatedRun run, CancellationToken stop)
    {
        var interval = _options.EffectiveHeartbeatInterval;
        var lastRenewal = _time.GetTimestamp();
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, _time, stop).ConfigureAwait(false);
                var status = await _store.RenewAsync(run.Lease, stop).ConfigureAwait(false);
                if (!status.Held)
                {
                    CoordinationLog.LeaseLost(_logger, run.Workspace, run.FencingToken);
                    run.MarkLeaseLost();
                    return;
                }

                lastRenewal = _time.GetTimestamp();
                if (status.CancelRequested && !run.IsCancelRequested)
                {
                    CoordinationLog.CancelObserved(_logger, run.Workspace, run.FencingToken);
                    run.MarkCancelRequested();
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                CoordinationLog.RenewFailed(_logger, ex, run.Workspace);
                if (_time.GetElapsedTime(lastRenewal) >= _options.LeaseTtl)
                {
                    CoordinationLog.LeaseLost(_logger, run.Workspace, run.FencingToken);
                    run.MarkLeaseLost();
                    return;
                }
            }
        }
    }
}
