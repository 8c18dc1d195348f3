namespace BrainRepo.Core.Secrets;

/// <summary>The outcome of scanning one file: findings (never the secret itself) and, for archives, a scan problem.</summary>
public sealed record SecretScanResult(IReadOnlyList<SecretFinding> Findings, ArchiveScanProblem? ArchiveProblem)
{
    /// <summary>A result with no findings and no archive problem.</summary>
    public static SecretScanResult Clean { get; } = new([], null);

    /// <summary>True when nothing was found and every archive layer could be scanned.</summary>
    public bool IsClean => Findings.Count == 0 && ArchiveProblem is null;

    /// <summary>
    /// True when the file must not be stored as-is under the default (withhold) disposition:
    /// it has findings, or it is an archive that could not be scanned and the policy says withhold.
    /// </summary>
    public bool ShouldWithhold =>
        Findings.Count > 0 || ArchiveProblem is { Action: UnscannableArchiveAction.Withhold };
}
