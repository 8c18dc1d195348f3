namespace BrainRepo.Core.Errors;

/// <summary>
/// The backup repository has lost objects that a snapshot needs (a truncated pack, a garbled index, deleted
/// files), and they cannot be stored again from the workspace. <see cref="Paths"/> names what is lost: the
/// workspace paths, and for objects that are not files, a description (the last snapshot's commit, a folder).
/// Nothing was committed; <c>brainrepo repair</c> re-stores what it can and says how to go on for the rest.
/// </summary>
public sealed class RepositoryDamagedException(string message, IReadOnlyList<string> paths, Exception? inner = null)
    : BrainRepoException(ErrorCodes.RepositoryDamaged, message, isTransient: false, inner)
{
    public IReadOnlyList<string> Paths { get; } = paths;
}
