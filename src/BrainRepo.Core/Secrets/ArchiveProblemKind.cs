namespace BrainRepo.Core.Secrets;

/// <summary>Why an archive (or, for the last two kinds, any content) could not be scanned completely.</summary>
public enum ArchiveProblemKind
{
    /// <summary>A member is encrypted (e.g. a password-protected zip entry).</summary>
    Encrypted,

    /// <summary>The archive or a member is truncated, malformed or uses an unsupported compression method.</summary>
    Corrupt,

    /// <summary>Archives are nested deeper than <see cref="SecretScannerOptions.MaxArchiveDepth"/>.</summary>
    TooDeep,

    /// <summary>Decompressed content exceeds <see cref="SecretScannerOptions.MaxArchiveUncompressedBytes"/> (a possible zip bomb).</summary>
    TooLarge,

    /// <summary>The archive has more members than <see cref="SecretScannerOptions.MaxArchiveEntries"/>.</summary>
    TooManyEntries,

    /// <summary>
    /// A member (or a text) would have to be held in memory whole to be scanned, and it does not fit in the exclusive half
    /// of <see cref="SecretScannerOptions.MemoryBudgetBytes"/>: it is too large to scan within the memory budget.
    /// </summary>
    OverMemoryBudget,

    /// <summary>
    /// The scanner failed on this content (a pathological input made it throw). Whatever the policy for unscannable
    /// archives, such content is withheld: nothing vouches for it.
    /// </summary>
    ScanFailed,
}
