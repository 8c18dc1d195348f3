namespace BrainRepo.Core.Snapshots;

internal enum ReadOutcomeKind
{
    Stored,
    Vanished,
    Unreadable,
    ChangedDuringRead,
    TooLarge,
    WithheldSecret,
    RedactedSecret,
    SealedSecret,
}
