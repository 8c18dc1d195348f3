namespace BrainRepo.Core.Secrets;

/// <summary>A workspace path whose names hold a secret: how it may be shown, and what identifies it.</summary>
/// <param name="DisplayPath">The path with each secret span replaced by <c>[REDACTED:rule-id]</c>: what reports and output show.</param>
/// <param name="PathFingerprint">See <see cref="SecretNames.PathFingerprint"/>: lets <c>verify</c> match the entry to the file.</param>
/// <param name="Findings">The findings in the path (<see cref="SecretFinding.InName"/>), never the secret.</param>
public sealed record SecretNameMatch(string DisplayPath, string PathFingerprint, IReadOnlyList<SecretFinding> Findings)
{
    /// <summary>The first finding's rule.</summary>
    public string RuleId => Findings[0].RuleId;

    /// <summary>The findings' fingerprints, comma-separated, as report entries carry them.</summary>
    public string Fingerprints => string.Join(',', Findings.Select(f => f.Fingerprint).Distinct());
}
