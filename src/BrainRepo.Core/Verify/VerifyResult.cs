using BrainRepo.Core.Inventory;

namespace BrainRepo.Core.Verify;

/// <summary>
/// The outcome of the disk-versus-backup sweep. <see cref="Ok"/> is true only when every file on
/// disk is accounted for and every stored object is intact. <see cref="SealedChecked"/> sealed files were
/// decrypted and matched the disk; <see cref="SealedNotChecked"/> could not be (no seal key): they are accounted
/// for by the report, but their content was not compared.
/// </summary>
public sealed record VerifyResult(
    string CommitId,
    int FilesOnDisk,
    int MatchedStored,
    int AccountedByReport,
    int ObjectsVerified,
    IReadOnlyList<VerifyFinding> Unaccounted,
    IReadOnlyList<VerifyFinding> CorruptObjects,
    IReadOnlyList<VerifyFinding> Notes,
    int SealedChecked = 0,
    int SealedNotChecked = 0)
{
    public bool Ok => Unaccounted.Count == 0 && CorruptObjects.Count == 0;

    /// <summary>
    /// What the snapshot's watch paths leave out of the workspace: files there are in no snapshot by configuration,
    /// so they do not fail the verify, but they are counted and said (null when not inspected).
    /// </summary>
    public WatchCoverage? Coverage { get; init; }
}
