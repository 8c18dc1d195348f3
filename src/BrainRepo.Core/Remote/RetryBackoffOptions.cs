namespace BrainRepo.Core.Remote;

/// <summary>Settings of <see cref="RetryBackoff"/>. Validate once with <see cref="Validate"/>.</summary>
public sealed record RetryBackoffOptions
{
    /// <summary>The delay after the first failure, before jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The upper bound of any delay, before jitter.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The factor between two consecutive delays.</summary>
    public double Factor { get; init; } = 2.0;

    /// <summary>The share of a delay that is randomised: 0.2 gives a delay in [0.8·d, d].</summary>
    public double JitterRatio { get; init; } = 0.2;

    /// <summary>Throws when a setting is out of range; returns the options for chaining.</summary>
    public RetryBackoffOptions Validate()
    {
        if (BaseDelay <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(BaseDelay), BaseDelay, "must be positive");
        }

        if (MaxDelay < BaseDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDelay), MaxDelay, "must be at least BaseDelay");
        }

        if (Factor < 1.0 || double.IsNaN(Factor) || double.IsInfinity(Factor))
        {
            throw new ArgumentOutOfRangeException(nameof(Factor), Factor, "must be a finite number >= 1");
        }

        if (JitterRatio is < 0.0 or > 1.0 || double.IsNaN(JitterRatio))
        {
            throw new ArgumentOutOfRangeException(nameof(JitterRatio), JitterRatio, "must be within [0, 1]");
        }

        return this;
    }
}
