
namespace BrainRepo.Core.Model;

/// <summary>
/// A path in a snapshot: its mode, blob and size, plus the stat stamp it had when it was hashed
/// (null when the stamp must not be trusted: carried forward, read from the repository, or written
/// too close to the snapshot for its mtime to be reliable).
/// </summary>
public sealed record TrackedFile(string Path, int Mode, string BlobId, long Size, FileStamp? Stamp);
