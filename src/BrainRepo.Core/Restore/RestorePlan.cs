namespace BrainRepo.Core.Restore;

/// <summary>
/// Everything a restore will do, decided before anything is written. A dry run prints it; a real run
/// executes exactly it. A plan with <see cref="Problems"/> is refused as a whole.
/// </summary>
public sealed record RestorePlan
{
    public required string Commit { get; init; }

    /// <summary>Absolute path of the folder restored into.</summary>
    public required string TargetRoot { get; init; }

    /// <summary>The workspace-relative subtrees restored ("" is everything).</summary>
    public required IReadOnlyList<string> Scopes { get; init; }

    /// <summary>Every path of the snapshot under the scopes, plus deletions; sorted by path.</summary>
    public required IReadOnlyList<RestoreAction> Actions { get; init; }

    /// <summary>Paths restored at an older version than the one last seen (or not restored at all), from the snapshot's report.</summary>
    public required IReadOnlyList<RestoreWarning> Warnings { get; init; }

    public required IReadOnlyList<RestoreProblem> Problems { get; init; }

    /// <summary>The sealed files under the restored paths, already decrypted once to check the key and their integrity.</summary>
    public IReadOnlyList<SealedRestoreFile> Sealed { get; init; } = [];

    /// <summary>True when the target file system was judged case-insensitive.</summary>
    public bool CaseInsensitive { get; init; }

    /// <summary>True when some restored path is not at its last-seen version (see <see cref="Warnings"/>).</summary>
    public bool IsIncomplete => Warnings.Count > 0;

    public int Count(RestoreActionKind kind) => Actions.Count(a => a.Kind == kind);

    /// <summary>True when the restore changes nothing on disk.</summary>
    public bool IsNoOp => Actions.All(a => a.Kind == RestoreActionKind.Unchanged);

    public long BytesToWrite => Actions.Where(a => a.Kind is RestoreActionKind.Create or RestoreActionKind.Overwrite).Sum(a => a.Size);

    /// <summary>Throws <see cref="RestoreRefusedException"/> when the plan has problems.</summary>
    public RestorePlan EnsureSafe() => Problems.Count == 0 ? this : throw new RestoreRefusedException(Problems);
}
