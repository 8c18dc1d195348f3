namespace BrainRepo.Core.Coordination;

/// <summary>Settings of a <see cref="WorkerLoop"/>. Validate once with <see cref="Validate"/>.</summary>
public sealed record WorkerOptions
{
    /// <summary>How many workspaces this worker serves at once.</summary>
    public int Concurrency { get; init; } = 1;

    /// <summary>How long an idle worker waits before it looks for due workspaces again.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Throws when the settings are inconsistent; returns this instance.</summary>
    public WorkerOptions Validate()
    {
        if (Concurrency is < 1 or > 256)
        {
            throw new ArgumentOutOfRangeException(nameof(Concurrency), Concurrency, "Concurrency must be between 1 and 256.");
        }

        if (PollInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(PollInterval), PollInterval, "The poll interval must be positive.");
        }

        return this;
    }
}
