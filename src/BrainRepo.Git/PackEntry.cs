namespace BrainRepo.Git;

/// <summary>
/// The header of one packfile entry: its type (1–4 for whole objects, <see cref="GitPack.OfsDelta"/> or
/// <see cref="GitPack.RefDelta"/>), its inflated size, where its zlib data starts, and a delta's base
/// (an earlier offset in the same pack, or an object id).
/// </summary>
internal readonly record struct PackEntry(int Type, long Size, long DataOffset, long BaseOffset, byte[]? BaseId);
