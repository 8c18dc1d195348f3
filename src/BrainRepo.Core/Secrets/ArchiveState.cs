namespace BrainRepo.Core.Secrets;

/// <summary>Budgets shared by all archive layers of one top-level file, and the first problem met.</summary>
internal sealed class ArchiveState(SecretScannerOptions options)
{
    public long BytesLeft { get; set; } = options.MaxArchiveUncompressedBytes;

    public int EntriesLeft { get; set; } = options.MaxArchiveEntries;

    public ArchiveScanProblem? Problem { get; private set; }

    /// <summary>Set when a budget is exhausted: scanning stops everywhere.</summary>
    public bool Exhausted { get; private set; }

    public void Report(ArchiveProblemKind kind, string? innerPath, string reason)
    {
        Problem ??= new ArchiveScanProblem(kind, innerPath, reason, options.UnscannableArchive);
        if (kind is ArchiveProblemKind.TooLarge or ArchiveProblemKind.TooManyEntries)
        {
            Exhausted = true;
        }
    }
}
