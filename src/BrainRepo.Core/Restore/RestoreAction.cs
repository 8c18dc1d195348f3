namespace BrainRepo.Core.Restore;

/// <summary>One step of a restore plan. <paramref name="BlobId"/> and <paramref name="Mode"/> are the snapshot's (null and 0 for a delete).</summary>
public sealed record RestoreAction(string Path, RestoreActionKind Kind, int Mode, string? BlobId, long Size);
