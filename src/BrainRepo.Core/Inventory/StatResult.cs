using BrainRepo.Core.Model;

namespace BrainRepo.Core.Inventory;

/// <summary>The result of an lstat: either the entry's kind, mode and stamp, or an errno.</summary>
public readonly record struct StatResult(int Errno, EntryKind Kind, bool Executable, FileStamp Stamp)
{
    public const int ENOENT = 2;
    public const int EACCES = 13;
    public const int ENOTDIR = 20;

    public bool Exists => Errno == 0;

    /// <summary>The permission bits (<c>st_mode &amp; 07777</c>), or 0 when they are not known.</summary>
    public int Permissions { get; init; }

    /// <summary>Positively gone: the entry itself, or a folder on its path, does not exist.</summary>
    public bool IsGone => Errno is ENOENT or ENOTDIR;
}
