using BrainRepo.Core.Model;

namespace BrainRepo.Core.Inventory;

/// <summary>A regular file or symlink that the policy lets through to be stored.</summary>
public sealed record WalkedFile(string Path, EntryKind Kind, bool Executable, FileStamp Stamp);
