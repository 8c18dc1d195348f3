namespace BrainRepo.Core.Secrets;

/// <summary>
/// One secret found in a file. It never carries the secret value: only its position, a one-way
/// <see cref="Fingerprint"/> and, for well-known prefixed token types, a short <see cref="Preview"/> such as <c>ghp_</c>.
/// </summary>
/// <param name="RuleId">The rule that matched, e.g. <c>github-token</c> (see <see cref="SecretRuleIds"/>).</param>
/// <param name="Line">1-based line of the first character of the secret.</param>
/// <param name="Column">1-based column: bytes for UTF-8/ASCII content, UTF-16 code units for UTF-16 content.</param>
/// <param name="Length">Length of the secret span in bytes within the scanned content (used by <see cref="SecretRedactor"/>).</param>
/// <param name="StartOffset">Byte offset of the secret span within the scanned content (within the archive member when <paramref name="InnerPath"/> is set).</param>
/// <param name="Fingerprint">First 16 hex characters of SHA-256(rule id + secret); stable and not reversible.</param>
/// <param name="Preview">A short well-known prefix (e.g. <c>ghp_</c>, <c>sk-ant-</c>) or null.</param>
/// <param name="InnerPath">Path inside an archive (nested levels joined by <c>!/</c>), or null for the file itself. A member
/// name that holds a secret appears redacted here (see <see cref="SecretNames"/>).</param>
/// <param name="InName">True when the secret is in a name (a file or folder name, or an archive member's name), not in
/// content: <paramref name="Line"/> is then 0, <paramref name="Column"/> and <paramref name="StartOffset"/> count chars of the name.</param>
public sealed record SecretFinding(
    string RuleId,
    int Line,
    int Column,
    int Length,
    int StartOffset,
    string Fingerprint,
    string? Preview,
    string? InnerPath,
    bool InName = false);
