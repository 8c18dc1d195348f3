namespace BrainRepo.Core.Secrets;

/// <summary>
/// The budgets of one top-level scan, shared by all its archive layers: decompressed bytes, members, the exclusive half of
/// the memory budget (taken on first use, given back by <see cref="Dispose"/>), and the first problem met.
/// </summary>
internal sealed class ArchiveState(SecretScannerOptions options, ScanMemoryBudget budget, CancellationToken cancellationToken) : IDisposable
{
    private bool _exclusive;
    private long _grown;

    public long BytesLeft { get; set; } = options.MaxArchiveUncompressedBytes;

    /// <summary>The decompressed-bytes budget of the whole scan.</summary>
    public long Limit => options.MaxArchiveUncompressedBytes;

    public int EntriesLeft { get; set; } = options.MaxArchiveEntries;

    public ArchiveScanProblem? Problem { get; private set; }

    /// <summary>Set when a budget is exhausted: scanning stops everywhere.</summary>
    public bool Exhausted { get; private set; }

    /// <summary>Records the first problem; a decompressed-bytes or members budget that ran out stops the whole scan.</summary>
    public void Report(ArchiveProblemKind kind, string? innerPath, string reason, bool stop = true)
    {
        Problem ??= new ArchiveScanProblem(kind, innerPath, reason, kind == ArchiveProblemKind.ScanFailed ? UnscannableArchiveAction.Withhold : options.UnscannableArchive);
        if (stop && kind is ArchiveProblemKind.TooLarge or ArchiveProblemKind.TooManyEntries)
        {
            Exhausted = true;
        }
    }

    /// <summary>
    /// Takes <paramref name="bytes"/> of the exclusive half for something that cannot be streamed (waiting, the first
    /// time, for the scans that hold it). False, with the problem recorded, when this scan would need more than the half.
    /// </summary>
    public bool TryGrow(long bytes, string? innerPath, string what)
    {
        if (_grown + bytes > budget.ExclusiveBytes)
        {
            Report(
                ArchiveProblemKind.OverMemoryBudget,
                innerPath,
                $"{what} too large to scan within the memory budget: it needs {ByteCount(_grown + bytes)} at once, the budget allows {ByteCount(budget.ExclusiveBytes)} (half of scanner_memory_budget)",
                stop: false);
            return false;
        }

        if (!_exclusive)
        {
            budget.EnterExclusive(cancellationToken);
            _exclusive = true;
        }

        _grown += bytes;
        return true;
    }

    /// <summary>Gives back what <see cref="TryGrow"/> took, once it is no longer held.</summary>
    public void Shrink(long bytes) => _grown -= bytes;

    public void Dispose()
    {
        if (_exclusive)
        {
            _exclusive = false;
            budget.ExitExclusive();
        }
    }

    private static string ByteCount(long bytes) => bytes >= 1024 * 1024
        ? FormattableString.Invariant($"{bytes / (1024.0 * 1024):0.#} MiB")
        : FormattableString.Invariant($"{bytes / 1024.0:0.#} KiB");
}
