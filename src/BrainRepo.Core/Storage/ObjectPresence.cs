namespace BrainRepo.Core.Storage;

/// <summary>
/// The answer of <see cref="IBackupRepository.CheckObjects"/>: which of the asked object ids the repository
/// does not have, and the damaged packs it found on the way (<c>pack-….pack: what is wrong</c>), whose
/// objects count as missing.
/// </summary>
public sealed record ObjectPresence(IReadOnlySet<string> Missing, IReadOnlyList<string> DamagedPacks);
