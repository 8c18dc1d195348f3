namespace BrainRepo.Core.Model;

/// <summary>
/// One entry of a snapshot's report: a path that is not simply stored at its current content.
/// <paramref name="IsDirectory"/> entries account for everything below them (an excluded folder).
/// <paramref name="CarriedBlob"/> is the object kept in the snapshot for this path, when one is.
/// <paramref name="Fingerprints"/> identifies secret findings (comma-separated), never the secrets themselves.
/// <paramref name="PathFingerprint"/> is set when the path's names hold a secret: <paramref name="Path"/> is then shown
/// redacted (see <see cref="Secrets.SecretNames"/>), and the fingerprint is what matches the entry to the file on disk.
/// </summary>
public sealed record ReportEntry(
    string Path,
    Disposition Disposition,
    string Rule,
    bool IsDirectory = false,
    string? Detail = null,
    string? CarriedBlob = null,
    int? Line = null,
    string? Fingerprints = null,
    string? PathFingerprint = null)
{
    /// <summary>
    /// A file of the user's that the snapshot does not hold in any version: not stored, no earlier version carried
    /// forward, and not left out by a rule (an exclusion, a credential cache). Such a snapshot is incomplete.
    /// </summary>
    public bool NotInBackup =>
        !IsDirectory && CarriedBlob is null
        && Disposition is Disposition.TooLarge or Disposition.WithheldSecret or Disposition.Unreadable or Disposition.ChangedDuringRead;
}
