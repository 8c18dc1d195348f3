using BrainRepo.Core.Workspaces;
using BrainRepo.Core.Model;

namespace BrainRepo.Core.Snapshots;

/// <summary>Options of one sync run.</summary>
public sealed record SyncOptions
{
    /// <summary>Apply a deletion that the mass-deletion guard would otherwise hold back.</summary>
    public bool AllowMassDelete { get; init; }

    /// <summary>How many times a file that changes while it is read is read again before it is carried forward.</summary>
    public int ReadAttempts { get; init; } = 3;

    /// <summary>
    /// Called right before the branch moves (the commit point). The coordinator's fencing check goes
    /// here: a runner that lost its lease throws, and nothing is recorded.
    /// </summary>
    public Action<CancellationToken>? BeforeCommit { get; init; }

    /// <summary>What happens to a file that contains a secret: withhold (default), redact or seal.</summary>
    public SecretDisposition Secrets { get; init; } = SecretDisposition.Withhold;

    /// <summary>The key files are sealed under; required when <see cref="Secrets"/> is <see cref="SecretDisposition.Seal"/>.</summary>
    public Sealing.SealKey? SealKey { get; init; }

    /// <summary>What makes this snapshot; written into its commit message so that <c>log</c> can say it.</summary>
    public SnapshotOrigin Origin { get; init; } = SnapshotOrigin.Sync;

    /// <summary>Parallel readers; defaults to the number of cores.</summary>
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;
}
