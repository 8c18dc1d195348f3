using System.Text.RegularExpressions;

namespace BrainRepo.Core.Secrets;

/// <summary>
/// <c>password</c>/<c>secret</c>/<c>token</c>/<c>api_key</c>-style assignments in env, YAML, JSON, TOML, INI, XML, code and shell.
/// Driven by keyword hits: for each hit the key around it is isolated, classified by its words, and the value
/// that follows a separator is put through the false-positive filters of <see cref="GenericValueFilter"/>.
/// </summary>
internal sealed class GenericAssignmentRule() : SecretRule(
    SecretRuleIds.GenericSecret,
    ["pass", "pwd", "secret", "token", "key", "credential", "senha", "contrase", "auth"])
{
    private const int MaxKey = 80;

    public override int Find(string text, int from, int to, int firstKeyword, List<SecretCandidate> sink) =>
        Run(text, text, from, to, firstKeyword, sink, out _);

    /// <summary>Walks the keyword hits on the span; only a key followed by an assignment needs the string.</summary>
    public override bool Probe(ReadOnlySpan<char> text, int from, int to, int firstKeyword, out int next)
    {
        next = Run(text, null, from, to, firstKeyword, null, out var assignment);
        return assignment;
    }

    /// <summary>
    /// One walk over the keyword hits in <c>[from, to)</c>. Without <paramref name="str"/> (a probe) it stops at the first
    /// sensitive key that the assignment pattern matches and sets <paramref name="assignment"/>; until then it moves exactly
    /// as the full walk does, so the position it returns is where the full walk would be.
    /// </summary>
    private int Run(ReadOnlySpan<char> text, string? str, int from, int to, int firstKeyword, List<SecretCandidate>? sink, out bool assignment)
    {
        assignment = false;
        var search = KeywordSearch!;
        var pos = Math.Max(from, firstKeyword);
        while (pos < to)
        {
            var rel = text[pos..].IndexOfAny(search);
            if (rel < 0 || pos + rel >= to)
            {
                return Math.Max(pos, to);
            }

            var hit = pos + rel;
            var keyStart = hit;
            while (keyStart > 0 && hit - keyStart < MaxKey && IsKeyChar(text[keyStart - 1]))
            {
                keyStart--;
            }

            var keyEnd = hit;
            while (keyEnd < text.Length && keyEnd - keyStart < MaxKey && IsKeyChar(text[keyEnd]))
            {
                keyEnd++;
            }

            pos = keyEnd > hit ? keyEnd : hit + 1;
            if (keyStart > 0 && IsKeyPrefixBreaker(text[keyStart - 1]))
            {
                continue;
            }

            var key = text.Slice(keyStart, keyEnd - keyStart);
            if (!KeyClassifier.IsSensitive(key) || IsTestResultLabel(text, keyStart, key))
            {
                continue;
            }

            var xml = keyStart > 0 && text[keyStart - 1] == '<';
            var pattern = xml ? SecretPatterns.GenericXmlElement() : SecretPatterns.GenericAssignment();
            if (str is null)
            {
                if (pattern.IsMatch(text, keyStart))
                {
                    assignment = true;
                    return pos;
                }

                continue;
            }

            var match = pattern.Match(str, keyStart);
            if (!match.Success || match.Groups["key"].Length != keyEnd - keyStart)
            {
                continue;
            }

            var (group, quoted) = ValueGroup(match);
            var (start, length) = GenericValueFilter.Trim(str, group.Index, group.Length, quoted);
            if (length > 0 && GenericValueFilter.IsSecret(text.Slice(start, length), quoted, key))
            {
                sink!.Add(new SecretCandidate(Id, start, length, null));
            }

            pos = Math.Max(pos, match.Index + match.Length);
        }

        return pos;
    }

    private static (Group Group, bool Quoted) ValueGroup(Match match)
    {
        foreach (var name in (ReadOnlySpan<string>)["dq", "sq", "bq"])
        {
            var g = match.Groups[name];
            if (g.Success)
            {
                return (g, true);
            }
        }

        return (match.Groups["bare"], false);
    }

    /// <summary>
    /// <c>PASS: test-name</c> at the start of a line: a test result (DejaGnu, Automake, many test logs), not a password.
    /// Only the upper-case word followed by a colon; <c>pass: …</c>, <c>PASS=…</c> and <c>DB_PASS: …</c> are still keys.
    /// </summary>
    private static bool IsTestResultLabel(ReadOnlySpan<char> text, int keyStart, ReadOnlySpan<char> key) =>
        key.SequenceEqual("PASS") && (keyStart == 0 || text[keyStart - 1] == '\n')
        && keyStart + key.Length < text.Length && text[keyStart + key.Length] == ':';

    private static bool IsKeyChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-';

    // "$password", "@token" and "%token" are references, not keys being assigned; "gdb.cp/pass-by-ref.exp:" and
    // "/etc/secrets/secret_foo=" are path segments.
    private static bool IsKeyPrefixBreaker(char c) => c is '$' or '@' or '%' or '&' or '/';
}
