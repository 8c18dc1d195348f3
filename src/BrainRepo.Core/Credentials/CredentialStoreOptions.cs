namespace BrainRepo.Core.Credentials;

/// <summary>Where <see cref="CredentialStore"/> keeps its files and where it finds the master key.</summary>
public sealed record CredentialStoreOptions
{
    /// <summary>The default name of the environment variable that holds the master key (base64 of 32 bytes).</summary>
    public const string DefaultKeyVariable = "BRAINREPO_MASTER_KEY";

    public CredentialStoreOptions(string storeDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(storeDirectory);
        StoreDirectory = Path.GetFullPath(storeDirectory);
    }

    /// <summary>The folder holding <c>credentials.json</c> (and by default the key file).</summary>
    public string StoreDirectory { get; }

    /// <summary>The key file, created with mode 0600 on first use when the environment variable is not set.</summary>
    public string? KeyFilePath { get; init; }

    /// <summary>The environment variable read for the master key.</summary>
    public string KeyEnvironmentVariable { get; init; } = DefaultKeyVariable;

    /// <summary>The encrypted token file.</summary>
    public string StoreFilePath => Path.Combine(StoreDirectory, "credentials.json");

    /// <summary>The key file actually used.</summary>
    public string EffectiveKeyFilePath => KeyFilePath ?? Path.Combine(StoreDirectory, "master.key");
}
