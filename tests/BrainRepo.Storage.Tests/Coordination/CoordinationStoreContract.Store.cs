using BrainRepo.Core.Coordination;
using BrainRepo.Core.Errors;

namespace BrainRepo.Storage.Tests.Coordination;

public abstract partial class CoordinationStoreContract
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Request_ReturnsConsecutiveGenerations()
    {
        var store = await OpenStoreAsync();
        var ws = NewWorkspace("req");

        Assert.Equal(1, await store.RequestAsync(ws, CancellationToken.None));
        Assert.Equal(2, await store.RequestAsync(ws, CancellationToken.None));
        var state = await store.GetStateAsync(ws, CancellationToken.None);
        Assert.Equal((2L, 0L, 0L), (state!.Requested, state.Started, state.Served));
    }

    [Fact]
    public async Task TryAcquire_StartsRequestedGeneration_AndIncrementsFencingToken()
    {
        var store = await OpenStoreAsync();
        var ws = NewWorkspace("acq");
        await store.RequestAsync(ws, CancellationToken.None);

        var first = await store.TryAcquireAsync(ws, Owner("a"), Ttl, null, CancellationToken.None);
        Assert.Equal(AcquireStatus.Acquired, first.Status);
        Assert.True(first.HasPendingWork);
        Assert.Equal((1L, 1L), (first.Lease!.FencingToken, first.Lease.Generation));
        Assert.True(await store.ReleaseAsync(first.Lease, CancellationToken.None));

        var second = await store.TryAcquireAsync(ws, Owner("b"), Ttl, null, CancellationToken.None);
        Assert.Equal(2, second.Lease!.FencingToken);
        Assert.Null(second.ReclaimedFrom);
    }

    [Fact]
    public async Task TryAcquire_WhenLeaseHeld_ReturnsBusyWithHolder()
    {
        var store = await OpenStoreAsync();
        var ws = NewWorkspace("busy");
        var held = await store.TryAcquireAsync(ws, Owner("a"), Ttl, null, CancellationToken.None);

        var busy = await store.TryAcquireAsync(ws, Owner("b"), Ttl, null, CancellationToken.None);

        Assert.Equal(AcquireStatus.Busy, busy.Status);
        Assert.Equal(held.Lease!.Owner, busy.Holder!.Owner);
        Assert.Equal(held.Lease.FencingToken, busy.Holder.FencingToken);
        Assert.False(held.HasPendingWork);
    }

    [Fact]
    public async Task TryAcquire_AfterExpiry_ReclaimsAndNamesThePreviousOwner()
    {
        var store = await OpenStoreAsync();
        var ws = NewWorkspace("expire");
        var a = await store.TryAcquireAsync(ws, Owner("a"), Ttl, null, CancellationToken.None);

        SetClockOffset(store, Ttl + TimeSpan.FromSeconds(2));
        var b = await store.TryAcquireAsync(ws, Owner("b"), Ttl, null, CancellationToken.None);

        Assert.Equal(AcquireStatus.Acquired, b.Status);
        Assert.Equal(a.Lease!.Owner, b.ReclaimedFrom!.Owner);
        Assert.Equal(a.Lease.FencingToken + 1, b.Lease!.FencingToken);
    }

    [Fact]
    public async Task Renew_AfterExpiry_ReportsLost()
    {
        var store = await OpenStoreAsync();
        var ws = NewWorkspace("renew");
        var lease = (await store.TryAcquireAsync(ws, Owner("a"), Ttl, null, CancellationToken.None)).Lease!;
        Assert.True((await store.RenewAsync(lease, CancellationToken.None)).Held);
        Assert.True(await store.IsStillOwnerAsync(lease, CancellationToken.None));

        SetClockOffset(store, Ttl + TimeSpan.FromSeconds(2));

        Assert.False((await store.RenewAsync(lease, CancellationToken.None)).Held);
        Assert.False(await store.IsStillOwnerAsync(lease, CancellationToken.None));
    }

    [Fact]
    public async Task Complete_WithStaleFencingToken_RecordsNothing()
    {
        var store = await OpenStoreAsync();
        var ws = NewWorkspace("stale");
        await store.RequestAsync(ws, CancellationToken.None);
        var stale = (await store.TryAcquireAsync(ws, Owner("a"), Ttl, null, CancellationToken.None)).Lease!;
        SetClockOffset(store, Ttl + TimeSpan.FromSeconds(2));
        var current = (await store.TryAcquireAsync(ws, Owner("b"), Ttl, null, CancellationToken.None)).Lease!;

        var result = await store.CompleteAsync(stale, stale.Generation, RunOutcome.Succeeded, CancellationToken.None);

        Assert.False(result.Recorded);
        var state = await store.GetStateAsync(ws, CancellationToken.None);
        Assert.Equal((0L, current.Owner, current.FencingToken), (state!.Served, state.Owner, state.FencingToken));
        Assert.False(await store.ReleaseAsync(stale, CancellationToken.None));
    }

    [Fact]
    public async Task Complete_WhenRequestsArrivedDuringRun_ReportsTrailingRunDue()
    {
        var store = await OpenStoreAsync();
        var ws = NewWorkspace("trail");
        await store.RequestAsync(ws, CancellationToken.None);
        var lease = (await store.TryAcquireAsync(ws, Owner("a"), Ttl, null, CancellationToken.None)).Lease!;
        await store.RequestAsync(ws, CancellationToken.None);
        await store.RequestAsync(ws, CancellationToken.None);

        var result = await store.CompleteAsync(lease, lease.Generation, RunOutcome.Succeeded, CancellationToken.None);

        Assert.Equal(new CompleteResult(true, true, 3, 1), result);
        var trailing = await store.TryAcquireAsync(ws, Owner("a"), Ttl, null, CancellationToken.None);
        Assert.Equal(3, trailing.Lease!.Generation);
        Assert.Equal(new CompleteResult(true, false, 3, 3),
            await store.CompleteAsync(trailing.Lease, trailing.Lease.Generation, RunOutcome.Succeeded, CancellationToken.None));
    }

    [Fact]
    public async Task Complete_Failed_KeepsTheGenerationPending()
    {
        var store = await OpenStoreAsync();
        var ws = NewWorkspace("fail");
        await store.RequestAsync(ws, CancellationToken.None);
        var lease = (await store.TryAcquireAsync(ws, Owner("a"), Ttl, null, CancellationToken.None)).Lease!;

        var result = await store.CompleteAsync(lease, lease.Generation, RunOutcome.Failed, CancellationToken.None);

        Assert.Equal(new CompleteResult(true, true, 1, 0), result);
        Assert.Equal("failed", (await store.GetStateAsync(ws, CancellationToken.None))!.LastOutcome);
    }

    [Fact]
    public async Task RequestCancel_IsSeenByRenew_OnlyWhileARunHoldsTheLease()
    {
        var store = await OpenStoreAsync();
        var ws = NewWorkspace("cancel");
        await store.RequestAsync(ws, CancellationToken.None);
        Assert.False(await store.RequestCancelAsync(ws, CancellationToken.None));

        var lease = (await store.TryAcquireAsync(ws, Owner("a"), Ttl, null, CancellationToken.None)).Lease!;
        Assert.False((await store.RenewAsync(lease, CancellationToken.None)).CancelRequested);
        Assert.True(await store.RequestCancelAsync(ws, CancellationToken.None));

        Assert.True(await store.IsCancelRequestedAsync(ws, CancellationToken.None));
        Assert.True((await store.RenewAsync(lease, CancellationToken.None)).CancelRequested);
        await store.CompleteAsync(lease, lease.Generation, RunOutcome.Cancelled, CancellationToken.None);
        Assert.False(await store.IsCancelRequestedAsync(ws, CancellationToken.None));
        var state = await store.GetStateAsync(ws, CancellationToken.None);
        Assert.Equal((1L, "cancelled"), (state!.Served, state.LastOutcome));
    }

    [Fact]
    public async Task TryAcquireNextDue_ServesOldestRequestFirst_AndTrailingRunsGoToTheBack()
    {
        var store = await OpenStoreAsync();
        var names = new[] { NewWorkspace("a"), NewWorkspace("b"), NewWorkspace("c") };
        foreach (var name in names)
        {
            await store.RequestAsync(name, CancellationToken.None);
        }

        var first = (await store.TryAcquireNextDueAsync(Owner("w"), Ttl, CancellationToken.None))!.Lease!;
        Assert.Equal(names[0], first.Workspace);
        var second = (await store.TryAcquireNextDueAsync(Owner("w2"), Ttl, CancellationToken.None))!.Lease!;
        Assert.Equal(names[1], second.Workspace);
        await store.RequestAsync(names[0], CancellationToken.None);
        await store.CompleteAsync(first, first.Generation, RunOutcome.Succeeded, CancellationToken.None);

        var third = (await store.TryAcquireNextDueAsync(Owner("w"), Ttl, CancellationToken.None))!.Lease!;
        Assert.Equal(names[2], third.Workspace);
        var fourth = (await store.TryAcquireNextDueAsync(Owner("w"), Ttl, CancellationToken.None))!.Lease!;
        Assert.Equal((names[0], 2L), (fourth.Workspace, fourth.Generation));
        Assert.Null(await store.TryAcquireNextDueAsync(Owner("w"), Ttl, CancellationToken.None));
    }

    [Fact]
    public async Task TryAcquireNextDue_TrailingRunGoesBehindEveryPendingRequest_EvenAtTheSameClockReading()
    {
        var store = await OpenStoreAsync();
        var a = NewWorkspace("a");
        var z = NewWorkspace("z");
        await store.RequestAsync(a, CancellationToken.None);
        await store.RequestAsync(z, CancellationToken.None);
        var first = (await store.TryAcquireNextDueAsync(Owner("w"), Ttl, CancellationToken.None))!.Lease!;
        Assert.Equal(a, first.Workspace);
        await store.RequestAsync(a, CancellationToken.None);

        // The run completes at a clock reading no later than z's request (the same millisecond, or a clock
        // that stepped back): the trailing run still queues behind z, although "a" sorts first by name.
        SetClockOffset(store, -TimeSpan.FromMinutes(5));
        await store.CompleteAsync(first, first.Generation, RunOutcome.Succeeded, CancellationToken.None);

        var next = (await store.TryAcquireNextDueAsync(Owner("w"), Ttl, CancellationToken.None))!.Lease!;
        Assert.Equal(z, next.Workspace);
        var after = (await store.TryAcquireNextDueAsync(Owner("w"), Ttl, CancellationToken.None))!.Lease!;
        Assert.Equal((a, 2L), (after.Workspace, after.Generation));
    }

    [Fact]
    public async Task Migrations_OpenedConcurrently_AreAppliedOnce_AndOpeningAgainIsANoOp()
    {
        var stores = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => OpenStoreAsync()));
        var again = await OpenStoreAsync();
        var ws = NewWorkspace("migr");

        await stores[0].RequestAsync(ws, CancellationToken.None);

        Assert.Equal(1, (await again.GetStateAsync(ws, CancellationToken.None))!.Requested);
        Assert.Equal(1, await CountSchemaVersionRowsAsync());
    }

    [Fact]
    public async Task Migrations_OnASchemaFromANewerBrainRepo_AreRefused_AndChangeNothing()
    {
        var store = await OpenStoreAsync();
        var ws = NewWorkspace("newer");
        await store.RequestAsync(ws, CancellationToken.None);
        await AddSchemaVersionFromTheFutureAsync(99);

        var error = await Assert.ThrowsAsync<BrainRepoException>(OpenStoreAsync);

        Assert.Equal(ErrorCodes.DatabaseTooNew, error.Code);
        Assert.Contains("schema version 99", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, await CountSchemaVersionRowsAsync());
        Assert.Equal(1, (await store.GetStateAsync(ws, CancellationToken.None))!.Requested);
    }
}
