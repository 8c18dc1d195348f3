namespace BrainRepo.Core.Verify;

/// <summary>
/// The outcome of the disk-versus-backup sweep. <see cref="Ok"/> is true only when every file on
/// disk is accounted for and every stored object is intact.
/// </summary>
public sealed record VerifyResult(
    string CommitId,
    int FilesOnDisk,
    int MatchedStored,
    int AccountedByReport,
    int ObjectsVerified,
    IReadOnlyList<VerifyFinding> Unaccounted,
    IReadOnlyList<VerifyFinding> CorruptObjects,
    IReadOnlyList<VerifyFinding> Notes)
{
    public bool Ok => Unaccounted.Count == 0 && CorruptObjects.Count == 0;
}
