namespace BrainRepo.Core.Restore;

/// <summary>Progress of a restore: stage ("plan", "delete", "write", "sync"), files done of total, bytes written.</summary>
public sealed record RestoreProgress(string Stage, long Done, long Total, long Bytes);
