using BrainRepo.Core.Errors;

namespace BrainRepo.Core.Restore;

/// <summary>What a restore does and the limits that protect it from a hostile backup repository.</summary>
public sealed record RestoreOptions
{
    public const long DefaultMaxFileSize = 256L * 1024 * 1024;
    public const long DefaultMaxTotalSize = 1024L * 1024 * 1024;
    public const int DefaultMaxDepth = 128;
    public const int DefaultMaxEntries = 1_000_000;

    /// <summary>Workspace-relative subtrees to restore; empty restores every watch path of the snapshot.</summary>
    public IReadOnlyList<string> Paths { get; init; } = [];

    /// <summary>Delete files under the restored paths that are not in the snapshot (never policy-excluded ones). Default off.</summary>
    public bool Delete { get; init; }

    /// <summary>A blob larger than this is refused (a "zip bomb" guard).</summary>
    public long MaxFileSize { get; init; } = DefaultMaxFileSize;

    /// <summary>The restored files together may not be larger than this.</summary>
    public long MaxTotalSize { get; init; } = DefaultMaxTotalSize;

    /// <summary>A tree nested deeper than this many folders is refused.</summary>
    public int MaxDepth { get; init; } = DefaultMaxDepth;

    /// <summary>A snapshot with more tree entries than this (in the restored paths) is refused.</summary>
    public int MaxEntries { get; init; } = DefaultMaxEntries;

    /// <summary>
    /// Restore everything else when sealed files cannot be opened for want of their key (lost, or not given):
    /// they are left alone on disk and listed as not restored. A tampered envelope still refuses the restore.
    /// </summary>
    public bool SkipSealed { get; init; }

    /// <summary>Whether the target file system folds case; null probes it.</summary>
    public bool? CaseInsensitive { get; init; }

    /// <summary>Checks the limits once; returns the options for chaining.</summary>
    public RestoreOptions Validate()
    {
        if (MaxFileSize <= 0 || MaxTotalSize <= 0 || MaxDepth <= 0 || MaxEntries <= 0)
        {
            throw new ConfigException("Restore limits (max file size, max total size, max depth, max entries) must be positive.");
        }

        return this;
    }
}
