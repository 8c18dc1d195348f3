using System.Security.Cryptography;
using System.Text;

namespace BrainRepo.Core.Secrets;

/// <summary>
/// Names that hold a secret (a file or folder name, a symlink's path, an archive member's name). Such a name is never
/// shown: reports, findings and command output show it with each secret span replaced by <c>[REDACTED:rule-id]</c>, and
/// a report entry carries <see cref="PathFingerprint"/> so that <c>verify</c> can still match the entry to the file on disk.
/// </summary>
public static class SecretNames
{
    /// <summary><paramref name="name"/> with the span of every finding in it replaced by <c>[REDACTED:rule-id]</c>.</summary>
    public static string Redact(string name, IReadOnlyList<SecretFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(findings);
        var sb = new StringBuilder(name.Length + (findings.Count * 24));
        var position = 0;
        foreach (var finding in findings.OrderBy(f => f.StartOffset))
        {
            var start = Math.Clamp(finding.StartOffset, 0, name.Length);
            var end = Math.Clamp(finding.StartOffset + finding.Length, 0, name.Length);
            if (end <= position)
            {
                continue;
            }

            sb.Append(name, position, Math.Max(0, start - position)).Append(SecretRedactor.MarkerFor(finding.RuleId));
            position = end;
        }

        return sb.Append(name, position, name.Length - position).ToString();
    }

    /// <summary>
    /// A one-way identifier of a workspace-relative path: the first 16 lowercase hex characters of
    /// SHA-256("brainrepo-path/1", NUL, UTF-8 path). Stable, so the file on disk can be matched to its report entry.
    /// </summary>
    public static string PathFingerprint(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var bytes = Encoding.UTF8.GetBytes("brainrepo-path/1\0" + path);
        try
        {
            return Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, SecretFingerprint.Length / 2));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }
}
