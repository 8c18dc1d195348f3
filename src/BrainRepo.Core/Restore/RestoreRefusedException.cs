using BrainRepo.Core.Errors;

namespace BrainRepo.Core.Restore;

/// <summary>
/// The snapshot cannot be restored safely (a hostile or broken backup, or a conflict on disk). Thrown
/// before anything is written; <see cref="Problems"/> names every offending path.
/// </summary>
public sealed class RestoreRefusedException : BrainRepoException
{
    private const int MaxListed = 20;

    public RestoreRefusedException(IReadOnlyList<RestoreProblem> problems)
        : base(ErrorCodes.RestoreRefused, Describe(problems))
    {
        Problems = problems;
    }

    public IReadOnlyList<RestoreProblem> Problems { get; }

    private static string Describe(IReadOnlyList<RestoreProblem> problems)
    {
        var lines = problems.Take(MaxListed).Select(p => "  " + p);
        var more = problems.Count > MaxListed ? $"\n  … and {problems.Count - MaxListed} more" : "";
        return $"Restore refused, nothing was written: {problems.Count} problem(s) in the snapshot or on disk.\n{string.Join('\n', lines)}{more}";
    }
}
