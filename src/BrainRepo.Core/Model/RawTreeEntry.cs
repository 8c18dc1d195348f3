namespace BrainRepo.Core.Model;

/// <summary>
/// One entry of a tree object exactly as stored: the name's raw bytes (not decoded, not validated),
/// the mode and the object id. Restore reads trees this way because a backup repository is untrusted:
/// a hostile name must be seen, and refused, before anything normalises it away.
/// </summary>
public sealed record RawTreeEntry(byte[] Name, int Mode, string ObjectId);
