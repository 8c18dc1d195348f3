using System.Text;
using BrainRepo.Core.Secrets;

namespace BrainRepo.Core.Tests.Secrets;

internal static class ScanHelper
{
    public static readonly SecretScanner Scanner = new();

    public static SecretScanResult Scan(string text, string path = "notes/file.txt") =>
        Scanner.Scan(path, Encoding.UTF8.GetBytes(text), CancellationToken.None);

    public static IReadOnlyList<string> Rules(string text, string path = "notes/file.txt") =>
        [.. Scan(text, path).Findings.Select(f => f.RuleId)];

    /// <summary>The secret text of a finding, recovered from the content for assertions.</summary>
    public static string SecretOf(string text, SecretFinding finding) =>
        Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text), finding.StartOffset, finding.Length);
}
