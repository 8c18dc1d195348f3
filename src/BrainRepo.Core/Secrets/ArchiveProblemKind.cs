namespace BrainRepo.Core.Secrets;

/// <summary>Why an archive could not be scanned.</summary>
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
}
