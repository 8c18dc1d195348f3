namespace BrainRepo.Core.Restore;

/// <summary>
/// A file or symlink of a snapshot whose name, mode and size passed the restore checks.
/// <paramref name="LinkTarget"/> is the link text of a symlink (read and checked up front), else null.
/// </summary>
public sealed record SnapshotEntry(string Path, int Mode, string BlobId, long Size, string? LinkTarget = null);
