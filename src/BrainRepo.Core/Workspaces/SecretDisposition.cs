namespace BrainRepo.Core.Workspaces;

/// <summary>What a sync does with a file in which the scanner finds a secret.</summary>
public enum SecretDisposition
{
    /// <summary>Keep the last clean version; report the finding. The default.</summary>
    Withhold,

    /// <summary>Store the file with every secret span replaced by a fixed marker (withhold when that is impossible, e.g. inside an archive).</summary>
    Redact,

    /// <summary>Store the file encrypted under the user's seal key (see <see cref="Sealing.SealedEnvelope"/>); restore decrypts it.</summary>
    Seal,
}
