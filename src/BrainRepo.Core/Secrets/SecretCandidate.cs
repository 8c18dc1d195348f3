namespace BrainRepo.Core.Secrets;

/// <summary>A match of one rule in decoded text (char offsets), before allow-listing and overlap resolution.</summary>
internal readonly record struct SecretCandidate(string RuleId, int Start, int Length, string? Preview);
