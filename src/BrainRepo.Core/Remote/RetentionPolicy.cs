namespace BrainRepo.Core.Remote;

/// <summary>What <c>forget --keep-daily N --keep-weekly M</c> keeps.</summary>
public sealed record RetentionPolicy
{
    public RetentionPolicy(int keepDaily, int keepWeekly)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keepDaily);
        ArgumentOutOfRangeException.ThrowIfNegative(keepWeekly);
        KeepDaily = keepDaily;
        KeepWeekly = keepWeekly;
    }

    /// <summary>How many of the newest daily tags to keep.</summary>
    public int KeepDaily { get; }

    /// <summary>How many of the newest weekly tags to keep.</summary>
    public int KeepWeekly { get; }
}
