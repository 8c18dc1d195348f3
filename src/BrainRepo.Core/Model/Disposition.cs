namespace BrainRepo.Core.Model;

/// <summary>
/// What happened to one inventory entry in one snapshot. Every entry under a watch path gets exactly one.
/// The kebab-case names (see <see cref="DispositionNames"/>) are what reports and JSON show.
/// </summary>
public enum Disposition
{
    /// <summary>Stored at its current content.</summary>
    Stored,

    /// <summary>Excluded by a named policy rule (the rule is recorded).</summary>
    Excluded,

    /// <summary>Contains a secret: not stored in its new version; the last clean version is carried forward.</summary>
    WithheldSecret,

    /// <summary>Contains a secret and policy says redact: stored with each secret span replaced by a marker.</summary>
    RedactedSecret,

    /// <summary>Larger than max_file_size: the last stored version, if any, is carried forward.</summary>
    TooLarge,

    /// <summary>Could not be read (permissions, I/O error, undecodable name): the previous version is carried forward.</summary>
    Unreadable,

    /// <summary>Changed every time it was read: the previous version is carried forward.</summary>
    ChangedDuringRead,

    /// <summary>A credential cache: never stored, and any earlier copy leaves the snapshot.</summary>
    CredentialCache,

    /// <summary>Gone from disk, but part of a suspicious mass deletion: kept until confirmed.</summary>
    DeletionHeldBack,

    /// <summary>Under a watch path that is missing or unreadable as a whole: the previous version is kept.</summary>
    WatchPathMissing,

    /// <summary>Contains a secret and policy says seal: stored encrypted under the user's seal key, decrypted on restore.</summary>
    SealedSecret,
}
