using System.Numerics;

namespace BrainRepo.Core.Secrets;

/// <summary>
/// The memory the secrets scanner may hold at once, for every file scanned through one <see cref="SecretScanner"/>
/// (a sync, a <c>brainrepo scan</c>), whatever the input and the number of cores. It has two halves:
/// <list type="bullet">
/// <item><b>Shared</b>: each file being scanned holds its content plus <see cref="PerScanBytes"/> (the scanner's fixed
/// working set: window buffers, inflater state, small archive members) from <see cref="Reserve"/> until its scan ends.
/// A caller that reads a file into memory reserves first, holding nothing else, and waits its turn (first come, first
/// served) when the half is taken, so concurrent reads can never add up past it.</item>
/// <item><b>Exclusive</b>: what cannot be streamed (a large text that must be decoded whole, a zip nested in an archive)
/// is taken from this half, by one scan at a time. A scan that would need more than the whole half gives up on that
/// member with <see cref="ArchiveProblemKind.OverMemoryBudget"/>.</item>
/// </list>
/// A scan waits for the exclusive half while it holds shared memory, but the scan that holds the exclusive half never
/// waits for anything, so the two cannot deadlock; and whether a file fits depends only on the file and the budget,
/// never on what else is being scanned at the same time.
/// </summary>
public sealed class ScanMemoryBudget
{
    /// <summary>The smallest budget accepted.</summary>
    public const long MinimumBytes = 16L * 1024 * 1024;

    private readonly object _gate = new();
    private readonly SemaphoreSlim _exclusive = new(1, 1);
    private readonly HashSet<long> _abandoned = [];
    private long _sharedInUse;
    private long _nextTicket;
    private long _serving;

    /// <summary>Creates a budget of <paramref name="bytes"/>; <paramref name="maxArchiveDepth"/> sizes the per-scan working set.</summary>
    public ScanMemoryBudget(long bytes, int maxArchiveDepth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes, MinimumBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(maxArchiveDepth);
        Bytes = bytes;
        SharedBytes = bytes / 2;
        ExclusiveBytes = bytes - SharedBytes;
        PerScanBytes = WorkingSetBytes(maxArchiveDepth);
    }

    /// <summary>The whole budget.</summary>
    public long Bytes { get; }

    /// <summary>The half that the files being scanned share.</summary>
    public long SharedBytes { get; }

    /// <summary>The half that one scan at a time may take for what it cannot stream.</summary>
    public long ExclusiveBytes { get; }

    /// <summary>What one file's scan holds besides its content: 1 MiB, plus 1 MiB per archive layer it may open.</summary>
    public long PerScanBytes { get; }

    /// <summary>Shared memory in use now (for tests and diagnostics).</summary>
    public long SharedInUse
    {
        get
        {
            lock (_gate)
            {
                return _sharedInUse;
            }
        }
    }

    /// <summary>
    /// The smallest budget with which any file of up to <paramref name="maxFileSize"/> bytes can be scanned: its content
    /// (as a sync holds it, in a pooled buffer rounded up to a power of two) and working set fit in the shared half, and
    /// its text decoded whole (two bytes per char) in the exclusive half.
    /// </summary>
    public static long MinimumFor(long maxFileSize, int maxArchiveDepth = SecretScannerOptions.DefaultMaxArchiveDepth)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxFileSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxFileSize, 1L << 40);
        var held = (long)BitOperations.RoundUpToPowerOf2((ulong)maxFileSize + 1);
        return Math.Max(MinimumBytes, Math.Max(2 * (held + WorkingSetBytes(maxArchiveDepth)), 4 * maxFileSize));
    }

    /// <summary>
    /// Waits until <paramref name="contentBytes"/> plus <see cref="PerScanBytes"/> of the shared half are free and takes
    /// them until the reservation is disposed. Returns null at once when they never can be (more than the shared half):
    /// the file is too large to scan within the budget. Call it while holding no other reservation of this budget.
    /// </summary>
    public ScanMemoryReservation? Reserve(long contentBytes, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(contentBytes);
        var bytes = contentBytes + PerScanBytes;
        if (bytes > SharedBytes)
        {
            return null;
        }

        using var wake = cancellationToken.Register(() =>
        {
            lock (_gate)
            {
                Monitor.PulseAll(_gate);
            }
        });
        lock (_gate)
        {
            // First come, first served: a large file is not overtaken forever by a stream of small ones.
            var ticket = _nextTicket++;
            try
            {
                while (ticket != _serving || _sharedInUse + bytes > SharedBytes)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    Monitor.Wait(_gate);
                }
            }
            catch
            {
                // A cancelled waiter gives its turn up: the ones behind it must not wait for it.
                Abandon(ticket);
                throw;
            }

            _sharedInUse += bytes;
            Advance();
        }

        return new ScanMemoryReservation(this, bytes);
    }

    internal void ReleaseShared(long bytes)
    {
        lock (_gate)
        {
            _sharedInUse -= bytes;
            Monitor.PulseAll(_gate);
        }
    }

    internal void EnterExclusive(CancellationToken cancellationToken) => _exclusive.Wait(cancellationToken);

    internal void ExitExclusive() => _exclusive.Release();

    private static long WorkingSetBytes(int maxArchiveDepth) => (1L + maxArchiveDepth) * 1024 * 1024;

    /// <summary>Passes the turn on, over the tickets of waiters that gave up.</summary>
    private void Advance()
    {
        _serving++;
        while (_abandoned.Remove(_serving))
        {
            _serving++;
        }

        Monitor.PulseAll(_gate);
    }

    private void Abandon(long ticket)
    {
        if (ticket == _serving)
        {
            Advance();
        }
        else
        {
            _abandoned.Add(ticket);
        }
    }
}
