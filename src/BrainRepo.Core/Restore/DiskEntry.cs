using BrainRepo.Core.Inventory;

namespace BrainRepo.Core.Restore;

/// <summary>
/// What lstat saw at one path of the target. <paramref name="BlobId"/> is the content's git id when it
/// was worth hashing (a symlink, or a file of the snapshot's size), else null.
/// </summary>
public sealed record DiskEntry(EntryKind Kind, bool Executable, long Size, string? BlobId);
