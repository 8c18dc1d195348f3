namespace BrainRepo.Core.Secrets;

/// <summary>
/// The <c>redact</c> disposition: returns a copy of the content in which every finding's span is replaced by
/// <c>[REDACTED:rule-id]</c>, encoded like the content (UTF-16 stays UTF-16). Findings inside archives cannot be
/// redacted; <see cref="CanRedact"/> says so and such results must be withheld instead.
/// </summary>
public static class SecretRedactor
{
    /// <summary>The marker written in place of a secret.</summary>
    public static string MarkerFor(string ruleId) => $"[REDACTED:{ruleId}]";

    /// <summary>False when a finding is inside an archive member or the file is an unscannable archive.</summary>
    public static bool CanRedact(SecretScanResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.ArchiveProblem is null && result.Findings.All(f => f.InnerPath is null);
    }

    /// <summary>Replaces the findings' spans. Overlapping spans are merged under the first finding's rule.</summary>
    /// <exception cref="InvalidOperationException">A finding is inside an archive, or outside the content.</exception>
    public static byte[] Redact(ReadOnlySpan<byte> content, IReadOnlyList<SecretFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        if (findings.Count == 0)
        {
            return content.ToArray();
        }

        var kind = ContentSniffer.Detect(content);
        var ordered = findings.OrderBy(f => f.StartOffset).ThenByDescending(f => f.Length).ToList();
        using var output = new MemoryStream(content.Length + (findings.Count * 32));
        var position = 0;
        foreach (var finding in ordered)
        {
            if (finding.InnerPath is not null)
            {
                throw new InvalidOperationException($"Finding {finding.Fingerprint} is inside an archive member and cannot be redacted; withhold the file instead.");
            }

            var end = finding.StartOffset + finding.Length;
            if (finding.StartOffset < 0 || finding.Length <= 0 || end > content.Length)
            {
                throw new InvalidOperationException($"Finding {finding.Fingerprint} lies outside the content.");
            }

            if (end <= position)
            {
                continue; // wholly inside a span already redacted
            }

            var start = Math.Max(position, finding.StartOffset);
            output.Write(content[position..start]);
            if (start == finding.StartOffset)
            {
                output.Write(DecodedText.EncodeMarker(MarkerFor(finding.RuleId), kind));
            }

            position = end;
        }

        output.Write(content[position..]);
        return output.ToArray();
    }
}
