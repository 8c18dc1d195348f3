namespace BrainRepo.Core.Coordination;

/// <summary>When a git lock file counts as stale. Validate once with <see cref="Validate"/>.</summary>
public sealed record GitLockOptions
{
    /// <summary>A lock older than this, with no git process of ours running in the repository, is stale.</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Throws when the settings are inconsistent; returns this instance.</summary>
    public GitLockOptions Validate()
    {
        if (StaleAfter <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(StaleAfter), StaleAfter, "StaleAfter must be positive.");
        }

        return this;
    }
}
