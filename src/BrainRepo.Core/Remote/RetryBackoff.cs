namespace BrainRepo.Core.Remote;

/// <summary>
/// Exponential backoff with jitter for failed pushes. It keeps no state of its own: the failure count
/// and the next retry time live in <see cref="PushState"/>, which the caller persists across restarts.
/// </summary>
public sealed class RetryBackoff
{
    private readonly RetryBackoffOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Func<double> _random;

    public RetryBackoff(RetryBackoffOptions options, TimeProvider timeProvider, Func<double>? random = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options.Validate();
        _timeProvider = timeProvider;
        _random = random ?? Random.Shared.NextDouble;
    }

    /// <summary>
    /// The delay before the next attempt after <paramref name="consecutiveFailures"/> failures in a row (1 = first failure).
    /// </summary>
    public TimeSpan DelayAfter(int consecutiveFailures)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(consecutiveFailures, 1);
        var exponent = Math.Min(consecutiveFailures - 1, 62);
        var raw = _options.BaseDelay.TotalMilliseconds * Math.Pow(_options.Factor, exponent);
        var capped = Math.Min(raw, _options.MaxDelay.TotalMilliseconds);
        var sample = Math.Clamp(_random(), 0.0, 1.0);
        var jittered = capped * (1.0 - (_options.JitterRatio * sample));
        return TimeSpan.FromMilliseconds(Math.Max(jittered, 1.0));
    }

    /// <summary>Records a failed push in <paramref name="state"/> and schedules the next attempt.</summary>
    public PushState RecordFailure(PushState state, string scrubbedError)
    {
        ArgumentNullException.ThrowIfNull(state);
        var now = _timeProvider.GetUtcNow();
        var delay = DelayAfter(state.ConsecutiveFailures + 1);
        return state.WithFailedPush(scrubbedError, now, now + delay);
    }

    /// <summary>True when <paramref name="state"/> has pending snapshots and its retry time has come.</summary>
    public bool IsDue(PushState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.IsPushDue(_timeProvider.GetUtcNow());
    }
}
