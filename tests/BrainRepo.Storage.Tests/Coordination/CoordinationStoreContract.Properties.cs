using BrainRepo.Core.Coordination;
using CsCheck;

namespace BrainRepo.Storage.Tests.Coordination;

public abstract partial class CoordinationStoreContract
{
    private const int Actors = 3;
    private static readonly TimeSpan ModelTtl = TimeSpan.FromSeconds(10);

    /// <summary>A clock step: multiples of 4 s never land on the 10 s TTL boundary, so real elapsed time cannot flip an expiry.</summary>
    private static readonly TimeSpan ClockStep = TimeSpan.FromSeconds(4);

    private enum Op
    {
        Request,
        Acquire,
        Renew,
        Complete,
        Release,
        Crash,
        Cancel,
        Advance,
    }

    [Fact]
    public async Task StateMachine_RandomInterleavings_NeverGiveTwoOwners_AndNeverLoseARequest()
    {
        var store = await OpenStoreAsync();
        var operations = Gen.Select(Gen.Enum<Op>(), Gen.Int[0, Actors - 1], Gen.Int[1, 3]).Array[1, 40];

        await operations.SampleAsync(async ops => await RunModelAsync(store, ops), iter: 40, threads: 1);
    }

    private async Task RunModelAsync(ICoordinationStore store, (Op Op, int Actor, int Steps)[] ops)
    {
        var ws = NewWorkspace("model");
        var owners = Enumerable.Range(0, Actors).Select(i => Owner($"actor{i}", "model-host", 1000 + i)).ToArray();
        var leases = new Lease?[Actors];
        var model = new Model();
        SetClockOffset(store, TimeSpan.Zero);
        await store.RequestAsync(ws, CancellationToken.None);
        model.Requested = 1;

        foreach (var (op, actor, steps) in ops)
        {
            var lease = leases[actor];
            switch (op)
            {
                case Op.Request:
                    Assert.Equal(++model.Requested, await store.RequestAsync(ws, CancellationToken.None));
                    break;
                case Op.Acquire:
                    var acquired = await store.TryAcquireAsync(ws, owners[actor], ModelTtl, null, CancellationToken.None);
                    if (model.HolderLive)
                    {
                        Assert.Equal(AcquireStatus.Busy, acquired.Status);
                        break;
                    }

                    Assert.Equal(AcquireStatus.Acquired, acquired.Status);
                    Assert.Equal((model.Token + 1, model.Requested), (acquired.Lease!.FencingToken, acquired.Lease.Generation));
                    model.Acquire(actor);
                    leases[actor] = acquired.Lease;
                    break;
                case Op.Renew when lease is not null:
                    var renewed = await store.RenewAsync(lease, CancellationToken.None);
                    Assert.Equal(model.Holds(actor, lease), renewed.Held);
                    if (renewed.Held)
                    {
                        Assert.Equal(model.Cancel, renewed.CancelRequested);
                        model.LeaseUntil = model.Now + ModelTtl;
                    }

                    break;
                case Op.Complete when lease is not null:
                    var completed = await store.CompleteAsync(lease, lease.Generation, RunOutcome.Succeeded, CancellationToken.None);
                    Assert.Equal(model.Holds(actor, lease), completed.Recorded);
                    if (completed.Recorded)
                    {
                        model.Served = Math.Max(model.Served, lease.Generation);
                        model.Free();
                    }

                    leases[actor] = null;
                    break;
                case Op.Release when lease is not null:
                    var released = await store.ReleaseAsync(lease, CancellationToken.None);
                    Assert.Equal(model.Holder == actor && model.Token == lease.FencingToken, released);
                    if (released)
                    {
                        model.Free();
                    }

                    leases[actor] = null;
                    break;
                case Op.Crash:
                    leases[actor] = null;
                    break;
                case Op.Cancel:
                    Assert.Equal(model.HolderLive, await store.RequestCancelAsync(ws, CancellationToken.None));
                    model.Cancel |= model.HolderLive;
                    break;
                case Op.Advance:
                    model.Now += ClockStep * steps;
                    SetClockOffset(store, model.Now);
                    break;
            }

            var state = (await store.GetStateAsync(ws, CancellationToken.None))!;
            Assert.Equal((model.Requested, model.Served, model.Token), (state.Requested, state.Served, state.FencingToken));
            Assert.True(state.Served <= state.Requested);
            var owning = 0;
            for (var i = 0; i < Actors; i++)
            {
                if (leases[i] is { } held && await store.IsStillOwnerAsync(held, CancellationToken.None))
                {
                    owning++;
                    Assert.Equal(model.Holder, i);
                }
            }

            Assert.True(owning <= 1, "two owners at once");
        }

        // Whatever happened, every request is still served: after the TTL a fresh owner serves them all.
        model.Now += ClockStep * 3;
        SetClockOffset(store, model.Now);
        var final = await store.TryAcquireAsync(ws, Owner("final"), ModelTtl, null, CancellationToken.None);
        Assert.Equal(model.Requested, final.Lease!.Generation);
        var result = await store.CompleteAsync(final.Lease, final.Lease.Generation, RunOutcome.Succeeded, CancellationToken.None);
        Assert.Equal(new CompleteResult(true, false, model.Requested, model.Requested), result);
    }

    private sealed class Model
    {
        public long Requested { get; set; }

        public long Served { get; set; }

        public long Token { get; set; }

        public int Holder { get; set; } = -1;

        public TimeSpan LeaseUntil { get; set; }

        public TimeSpan Now { get; set; }

        public bool Cancel { get; set; }

        public bool HolderLive => Holder >= 0 && Now < LeaseUntil;

        public bool Holds(int actor, Lease lease) => HolderLive && Holder == actor && Token == lease.FencingToken;

        public void Acquire(int actor)
        {
            Token++;
            Holder = actor;
            LeaseUntil = Now + ModelTtl;
            Cancel = false;
        }

        public void Free()
        {
            Holder = -1;
            Cancel = false;
        }
    }
}
