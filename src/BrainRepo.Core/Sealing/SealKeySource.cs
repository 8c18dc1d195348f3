namespace BrainRepo.Core.Sealing;

/// <summary>Where a seal key came from.</summary>
public enum SealKeySource
{
    /// <summary>The environment variable <c>BRAINREPO_SEAL_KEY</c>.</summary>
    Environment,

    /// <summary>An existing key file.</summary>
    File,

    /// <summary>A key file created just now: the user must back it up.</summary>
    Created,
}
