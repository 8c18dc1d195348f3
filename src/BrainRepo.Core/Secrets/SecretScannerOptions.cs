namespace BrainRepo.Core.Secrets;

/// <summary>Options of <see cref="SecretScanner"/>. Defaults are safe; <see cref="Validate"/> is called once by the scanner.</summary>
public sealed record SecretScannerOptions
{
    /// <summary>The default options: every rule, no allow-listed fingerprints, withhold unscannable archives.</summary>
    public static SecretScannerOptions Default { get; } = new();

    /// <summary>Rule ids to run (see <see cref="SecretRuleIds"/>); null runs every rule.</summary>
    public IReadOnlySet<string>? EnabledRules { get; init; }

    /// <summary>Fingerprints that the user resolved as false positives.</summary>
    public SecretAllowList AllowList { get; init; } = SecretAllowList.Empty;

    /// <summary>The default of <see cref="MaxArchiveDepth"/>.</summary>
    public const int DefaultMaxArchiveDepth = 4;

    /// <summary>The default of <see cref="MemoryBudgetBytes"/>: 256 MiB.</summary>
    public const long DefaultMemoryBudgetBytes = 256L * 1024 * 1024;

    /// <summary>How many archive layers are opened (a zip inside a tar.gz is 3 layers: gzip, tar, zip). With 0 no archive is opened and every archive is reported as <see cref="ArchiveProblemKind.TooDeep"/>.</summary>
    public int MaxArchiveDepth { get; init; } = DefaultMaxArchiveDepth;

    /// <summary>Total decompressed bytes allowed for one top-level file, across all layers (zip-bomb guard); at most 1 GiB.</summary>
    public long MaxArchiveUncompressedBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>
    /// The memory the scanner may hold at once across every file it scans concurrently (see <see cref="ScanMemoryBudget"/>);
    /// at least <see cref="ScanMemoryBudget.MinimumBytes"/>. A resource limit, not a rule: it is not part of the
    /// configuration fingerprint, so changing it does not make every file be scanned again.
    /// </summary>
    public long MemoryBudgetBytes { get; init; } = DefaultMemoryBudgetBytes;

    /// <summary>Total archive members allowed for one top-level file, across all layers.</summary>
    public int MaxArchiveEntries { get; init; } = 10_000;

    /// <summary>What to do with an archive that cannot be scanned (encrypted, corrupt, too deep, too large).</summary>
    public UnscannableArchiveAction UnscannableArchive { get; init; } = UnscannableArchiveAction.Withhold;

    /// <summary>Throws <see cref="ArgumentException"/> when an option is out of range or names an unknown rule.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(MaxArchiveDepth);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxArchiveDepth, 32);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxArchiveUncompressedBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxArchiveUncompressedBytes, 1L << 30);
        ArgumentOutOfRangeException.ThrowIfLessThan(MemoryBudgetBytes, ScanMemoryBudget.MinimumBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxArchiveEntries);
        ArgumentNullException.ThrowIfNull(AllowList);
        if (!Enum.IsDefined(UnscannableArchive))
        {
            throw new ArgumentException("Unknown unscannable-archive action.", nameof(UnscannableArchive));
        }

        if (EnabledRules is not null)
        {
            foreach (var id in EnabledRules)
            {
                if (!SecretRuleIds.All.Contains(id, StringComparer.Ordinal))
                {
                    throw new ArgumentException($"Unknown secret rule id '{id}'.", nameof(EnabledRules));
                }
            }
        }
    }
}
