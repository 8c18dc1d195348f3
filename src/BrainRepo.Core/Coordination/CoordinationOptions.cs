namespace BrainRepo.Core.Coordination;

/// <summary>Coordination settings. Validate once with <see cref="Validate"/>; the record is immutable.</summary>
public sealed record CoordinationOptions
{
    /// <summary>The default lease time-to-live.</summary>
    public static readonly TimeSpan DefaultLeaseTtl = TimeSpan.FromSeconds(15);

    /// <summary>How long a lease lasts without renewal, judged by the database clock.</summary>
    public TimeSpan LeaseTtl { get; init; } = DefaultLeaseTtl;

    /// <summary>How often the heartbeat renews the lease; null means a third of <see cref="LeaseTtl"/>.</summary>
    public TimeSpan? HeartbeatInterval { get; init; }

    /// <summary>The host name written into the owner identity; null means <see cref="Environment.MachineName"/>.</summary>
    public string? HostName { get; init; }

    /// <summary>The heartbeat interval in effect.</summary>
    public TimeSpan EffectiveHeartbeatInterval => HeartbeatInterval ?? LeaseTtl / 3;

    /// <summary>Throws when the settings are inconsistent; returns this instance.</summary>
    public CoordinationOptions Validate()
    {
        if (LeaseTtl < TimeSpan.FromMilliseconds(100))
        {
            throw new ArgumentOutOfRangeException(nameof(LeaseTtl), LeaseTtl, "The lease TTL must be at least 100 ms.");
        }

        if (EffectiveHeartbeatInterval <= TimeSpan.Zero || EffectiveHeartbeatInterval >= LeaseTtl)
        {
            throw new ArgumentOutOfRangeException(
                nameof(HeartbeatInterval), EffectiveHeartbeatInterval, "The heartbeat interval must be positive and shorter than the lease TTL.");
        }

        if (HostName is { } host && (host.Length == 0 || host.Contains('|', StringComparison.Ordinal)))
        {
            throw new ArgumentException("The host name must be non-empty and must not contain '|'.", nameof(HostName));
        }

        return this;
    }
}
