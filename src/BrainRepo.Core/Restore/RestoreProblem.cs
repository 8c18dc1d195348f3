namespace BrainRepo.Core.Restore;

/// <summary>Why a restore is refused: the offending path (made printable) and the reason.</summary>
public sealed record RestoreProblem(string Path, string Reason)
{
    public override string ToString() => $"'{Path}': {Reason}";
}
