namespace BrainRepo.Core.Secrets;

/// <summary>A file's share of a <see cref="ScanMemoryBudget"/>, held until disposed.</summary>
public sealed class ScanMemoryReservation : IDisposable
{
    private ScanMemoryBudget? _budget;

    internal ScanMemoryReservation(ScanMemoryBudget budget, long bytes)
    {
        _budget = budget;
        Bytes = bytes;
    }

    /// <summary>The bytes held: the content and the scanner's working set.</summary>
    public long Bytes { get; }

    /// <summary>Gives the bytes back (once).</summary>
    public void Dispose() => Interlocked.Exchange(ref _budget, null)?.ReleaseShared(Bytes);
}
