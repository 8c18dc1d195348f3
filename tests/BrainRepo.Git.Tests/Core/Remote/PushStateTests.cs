using BrainRepo.Core.Remote;

namespace BrainRepo.Git.Tests.Core.Remote;

public sealed class PushStateTests
{
    private static readonly DateTimeOffset T0 = new(2025, 11, 26, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Snapshots_ArePending_UntilAVerifiedPushOfTheNewest()
    {
        var state = PushState.Initial.WithSnapshot("a", T0).WithSnapshot("b", T0.AddMinutes(1));
        Assert.Equal(2, state.PendingSnapshots);
        Assert.True(state.IsPushDue(T0));

        state = state.WithFailedPush("remote down", T0.AddMinutes(2), T0.AddMinutes(3));
        Assert.Equal(2, state.PendingSnapshots);
        Assert.Equal("remote down", state.LastError);
        Assert.False(state.IsPushDue(T0.AddMinutes(2)));

        state = state.WithVerifiedPush("m", T0.AddMinutes(4), snapshotCommit: "b");
        Assert.Equal(0, state.PendingSnapshots);
        Assert.Null(state.LastError);
        Assert.Equal("m", state.LastVerifiedCommit);
        Assert.Equal("b", state.LastSnapshotCommit);
        Assert.Equal(0, state.ConsecutiveFailures);
        Assert.False(state.IsPushDue(T0.AddMinutes(5)));
    }

    [Fact]
    public void VerifiedPushOfAnOlderSnapshot_LeavesNewerPending()
    {
        var state = PushState.Initial.WithSnapshot("a", T0).WithSnapshot("b", T0);

        state = state.WithVerifiedPush("a", T0);

        Assert.True(state.HasPending);
    }

    [Fact]
    public void SameSnapshotTwice_CountsOnce()
    {
        Assert.Equal(1, PushState.Initial.WithSnapshot("a", T0).WithSnapshot("a", T0).PendingSnapshots);
    }
}
