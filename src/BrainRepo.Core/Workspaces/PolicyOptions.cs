namespace BrainRepo.Core.Workspaces;

/// <summary>The policy part of a workspace configuration, with the documented defaults.</summary>
public sealed record PolicyOptions
{
    public static readonly IReadOnlyList<string> DefaultExcludeNames =
    [
        ".git", "node_modules", "__pycache__", ".venv", "venv", "dist", "build", ".cache", ".next",
        "target", ".pytest_cache", ".mypy_cache", ".ruff_cache",
    ];

    public static readonly IReadOnlyList<string> DefaultCredentialCachePatterns =
    [
        ".token_cache*", ".gsc-token*", ".credentials*",
    ];

    public const long DefaultMaxFileSize = 10L * 1024 * 1024;

    /// <summary>Watch paths relative to the workspace root; "." is the whole workspace.</summary>
    public IReadOnlyList<string> WatchPaths { get; init; } = ["."];

    /// <summary>Folder names excluded at any depth.</summary>
    public IReadOnlyList<string> ExcludeNames { get; init; } = DefaultExcludeNames;

    /// <summary>Workspace-relative paths (files or folders) excluded with everything below them.</summary>
    public IReadOnlyList<string> ExcludePaths { get; init; } = [];

    /// <summary>
    /// Files larger than this keep their last stored version (one never smaller is not in the backup) and are
    /// reported as too-large; either way the snapshot is incomplete.
    /// </summary>
    public long MaxFileSize { get; init; } = DefaultMaxFileSize;

    /// <summary>File-name globs of credential caches: never stored, earlier copies purged from new snapshots.</summary>
    public IReadOnlyList<string> CredentialCachePatterns { get; init; } = DefaultCredentialCachePatterns;

    /// <summary>
    /// The memory the secrets scanner may hold at once during a sync, whatever the files and the number of cores (see
    /// <see cref="BrainRepo.Core.Secrets.ScanMemoryBudget"/>). Default 256 MiB, or <see cref="BrainRepo.Core.Secrets.ScanMemoryBudget.MinimumFor"/> of
    /// <see cref="MaxFileSize"/> when that is more.
    /// </summary>
    public long ScannerMemoryBudget { get; init; } = BrainRepo.Core.Secrets.SecretScannerOptions.DefaultMemoryBudgetBytes;

    /// <summary>What a file with a secret becomes: withheld (default), redacted or sealed.</summary>
    public Workspaces.SecretDisposition Secrets { get; init; } = Workspaces.SecretDisposition.Withhold;

    /// <summary>A deletion of at least this many files of one watch path ...</summary>
    public int MassDeleteMinFiles { get; init; } = 50;

    /// <summary>... that is also at least this fraction of the watch path is held back until confirmed.</summary>
    public double MassDeleteMinFraction { get; init; } = 0.5;
}
