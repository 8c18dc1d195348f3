namespace BrainRepo.Core.Model;

/// <summary>
/// What the stat cache compares: a file whose stamp is unchanged since it was last hashed is not read again.
/// ctime and inode catch a file replaced by another with the same size and mtime.
/// </summary>
public readonly record struct FileStamp(long Size, long MtimeNs, long CtimeNs, ulong Inode);
