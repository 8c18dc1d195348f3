using BrainRepo.Core.Remote;
using Microsoft.Extensions.Time.Testing;

namespace BrainRepo.Git.Tests.Core.Remote;

public sealed class RetryBackoffTests
{
    private static readonly RetryBackoffOptions Options = new()
    {
        BaseDelay = TimeSpan.FromSeconds(10),
        MaxDelay = TimeSpan.FromMinutes(10),
        JitterRatio = 0.5,
    };

    [Fact]
    public void DelayAfter_GrowsExponentially_AndIsCapped()
    {
        var backoff = new RetryBackoff(Options, new FakeTimeProvider(), () => 0.0);

        Assert.Equal(TimeSpan.FromSeconds(10), backoff.DelayAfter(1));
        Assert.Equal(TimeSpan.FromSeconds(20), backoff.DelayAfter(2));
        Assert.Equal(TimeSpan.FromSeconds(40), backoff.DelayAfter(3));
        Assert.Equal(TimeSpan.FromMinutes(10), backoff.DelayAfter(50));
        Assert.Equal(TimeSpan.FromMinutes(10), backoff.DelayAfter(int.MaxValue));
    }

    [Fact]
    public void DelayAfter_JitterStaysWithinRatio()
    {
        var backoff = new RetryBackoff(Options, new FakeTimeProvider(), () => 1.0);

        Assert.Equal(TimeSpan.FromSeconds(5), backoff.DelayAfter(1));
    }

    [Fact]
    public void RecordFailure_SchedulesRetry_StateSurvivesARestart()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 11, 26, 8, 0, 0, TimeSpan.Zero));
        var backoff = new RetryBackoff(Options, clock, () => 0.0);
        var state = PushState.Initial.WithSnapshot("abc", clock.GetUtcNow());

        state = backoff.RecordFailure(state, "remote down");
        state = backoff.RecordFailure(state, "remote down");

        Assert.Equal(2, state.ConsecutiveFailures);
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromSeconds(20), state.NextRetryAt);
        Assert.False(backoff.IsDue(state));

        // A "restart": a new backoff over the persisted state.
        var restarted = new RetryBackoff(Options, clock, () => 0.0);
        clock.Advance(TimeSpan.FromSeconds(20));
        Assert.True(restarted.IsDue(state with { }));
    }

    [Fact]
    public void Options_Validate_RejectsNonsense()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryBackoffOptions { BaseDelay = TimeSpan.Zero }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryBackoffOptions { JitterRatio = 2 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryBackoffOptions { MaxDelay = TimeSpan.FromSeconds(1) }.Validate());
    }
}
