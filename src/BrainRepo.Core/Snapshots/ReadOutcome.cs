using BrainRepo.Core.Model;
using BrainRepo.Core.Inventory;

namespace BrainRepo.Core.Snapshots;

/// <summary>What reading one new or changed file gave.</summary>
internal readonly record struct ReadOutcome(ReadOutcomeKind Kind, string? BlobId, FileStamp Stamp, long Bytes, string? Detail, string? Rule = null, int? Line = null, string? Fingerprints = null)
{
    public static ReadOutcome Stored(string blobId, FileStamp stamp, long bytes) => new(ReadOutcomeKind.Stored, blobId, stamp, bytes, null);

    public static ReadOutcome Of(ReadOutcomeKind kind, string? detail = null) => new(kind, null, default, 0, detail);
}
