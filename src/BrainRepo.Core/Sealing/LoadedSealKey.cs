namespace BrainRepo.Core.Sealing;

/// <summary>A seal key and where it came from (<paramref name="Location"/>: the variable name or the file path, never the key).</summary>
public sealed record LoadedSealKey(SealKey Key, SealKeySource Source, string Location);
