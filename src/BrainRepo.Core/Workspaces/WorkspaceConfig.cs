namespace BrainRepo.Core.Workspaces;

/// <summary>
/// A validated, immutable workspace configuration. Built by <see cref="WorkspaceConfigLoader"/>;
/// every path is absolute and normalised, every relative path uses '/' separators.
/// </summary>
public sealed record WorkspaceConfig
{
    /// <summary>The file the configuration was read from.</summary>
    public required string ConfigFile { get; init; }

    /// <summary>Absolute path of the workspace root.</summary>
    public required string WorkspaceRoot { get; init; }

    /// <summary>Absolute path of the bare backup repository.</summary>
    public required string RepositoryPath { get; init; }

    /// <summary>Folder for the state database and locks (next to the config file).</summary>
    public required string StateDirectory { get; init; }

    /// <summary>The preset the config was created from, or "none".</summary>
    public string Preset { get; init; } = "none";

    /// <summary>The policy: what is stored and what is not.</summary>
    public required PolicyOptions Policy { get; init; }

    /// <summary>The <c>seal_key_file</c> setting as written (absolute), or null for the default.</summary>
    public string? SealKeyFileSetting { get; init; }

    /// <summary>The key file of <c>secrets = "seal"</c>: the setting, else <c>seal.key</c> next to the config file.</summary>
    public string SealKeyFile => SealKeyFileSetting ?? Path.Combine(StateDirectory, Sealing.SealKeyStore.DefaultFileName);

    /// <summary>The state database file.</summary>
    public string StateDatabase => Path.Combine(StateDirectory, "state.db");
}
