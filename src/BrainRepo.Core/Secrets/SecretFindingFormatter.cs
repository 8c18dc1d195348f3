using System.Buffers;
using System.Text;
using System.Text.Json;

namespace BrainRepo.Core.Secrets;

/// <summary>
/// Renders findings and archive problems for humans and as JSON lines. Only metadata is rendered: the rule, the
/// position, the fingerprint and the short preview prefix; a finding carries nothing else, so the secret cannot leak.
/// </summary>
public static class SecretFindingFormatter
{
    /// <summary>
    /// <c>notes/app.toml:12:9: github-token ghp_… [fp 0123456789abcdef]</c>, with <c>!/inner/path</c> for archive members;
    /// <c>notes/[REDACTED:github-token].txt: name contains github-token ghp_… [fp …]</c> for a secret in a name (pass the
    /// path redacted, see <see cref="SecretNames"/>).
    /// </summary>
    public static string ToHumanString(string path, SecretFinding finding)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(finding);
        var sb = new StringBuilder();
        sb.Append(path);
        if (finding.InnerPath is not null)
        {
            sb.Append("!/").Append(finding.InnerPath);
        }

        if (finding.InName)
        {
            sb.Append(": name contains ").Append(finding.RuleId);
        }
        else
        {
            sb.Append(':').Append(finding.Line).Append(':').Append(finding.Column).Append(": ").Append(finding.RuleId);
        }

        if (finding.Preview is not null)
        {
            sb.Append(' ').Append(finding.Preview).Append('\u2026');
        }

        sb.Append(" [fp ").Append(finding.Fingerprint).Append(']');
        return sb.ToString();
    }

    /// <summary><c>withheld: contains github-token at line 12</c> (or <c>withheld: its name contains …</c>): the reason recorded with a withheld disposition.</summary>
    public static string ToWithheldReason(SecretFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var where = finding.InnerPath is null ? string.Empty : $" in {finding.InnerPath}";
        return finding.InName
            ? finding.InnerPath is null ? $"withheld: its name contains {finding.RuleId} (the path is shown redacted)" : $"withheld: a member name contains {finding.RuleId}{where}"
            : $"withheld: contains {finding.RuleId} at line {finding.Line}{where}";
    }

    /// <summary>
    /// The reason recorded for a result that must be withheld: the first finding (and how many there are), else what kept
    /// the content from being scanned, e.g. <c>withheld: not fully scanned: archive member too large to scan within the memory budget (in big.json)</c>.
    /// </summary>
    public static string ToWithheldReason(SecretScanResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Findings.Count > 0)
        {
            return $"{ToWithheldReason(result.Findings[0])} ({result.Findings.Count} finding(s))";
        }

        var problem = result.ArchiveProblem ?? throw new ArgumentException("The result has neither a finding nor a problem.", nameof(result));
        var where = problem.InnerPath is null ? string.Empty : $" (in {problem.InnerPath})";
        return $"withheld: not fully scanned: {problem.Reason}{where}";
    }

    /// <summary>One JSON object: <c>path</c>, <c>line</c>, <c>column</c>, <c>rule</c>, <c>fingerprint</c>, and <c>preview</c>/<c>innerPath</c> when set; <c>"name": true</c> (and line 0) for a secret in a name.</summary>
    public static string ToJsonLine(string path, SecretFinding finding)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(finding);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("path", path);
            json.WriteNumber("line", finding.Line);
            json.WriteNumber("column", finding.Column);
            json.WriteString("rule", finding.RuleId);
            json.WriteString("fingerprint", finding.Fingerprint);
            if (finding.Preview is not null)
            {
                json.WriteString("preview", finding.Preview);
            }

            if (finding.InnerPath is not null)
            {
                json.WriteString("innerPath", finding.InnerPath);
            }

            if (finding.InName)
            {
                json.WriteBoolean("name", true);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary><c>backup.zip: archive not fully scanned (Encrypted in a/b.txt): zip member is encrypted; withhold</c>.</summary>
    public static string ToHumanString(string path, ArchiveScanProblem problem)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(problem);
        var where = problem.InnerPath is null ? string.Empty : $" in {problem.InnerPath}";
        var what = problem.Kind is ArchiveProblemKind.OverMemoryBudget or ArchiveProblemKind.ScanFailed && problem.InnerPath is null ? "not fully scanned" : "archive not fully scanned";
        return $"{path}: {what} ({problem.Kind}{where}): {problem.Reason}; {problem.Action.ToString().ToLowerInvariant()}";
    }

    /// <summary>One JSON object: <c>path</c>, <c>archiveProblem</c>, <c>reason</c>, <c>action</c> and optional <c>innerPath</c>.</summary>
    public static string ToJsonLine(string path, ArchiveScanProblem problem)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(problem);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("path", path);
            json.WriteString("archiveProblem", problem.Kind.ToString());
            json.WriteString("reason", problem.Reason);
            json.WriteString("action", problem.Action.ToString().ToLowerInvariant());
            if (problem.InnerPath is not null)
            {
                json.WriteString("innerPath", problem.InnerPath);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

