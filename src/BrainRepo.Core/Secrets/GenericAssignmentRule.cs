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

    public override void Find(string text, int firstKeyword, List<SecretCandidate> sink)
    {
        var search = KeywordSearch!;
        var pos = firstKeyword;
        while (pos < text.Length)
        {
            var rel = text.AsSpan(pos).IndexOfAny(search);
            if (rel < 0)
            {
                return;
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

            var key = text.AsSpan(keyStart, keyEnd - keyStart);
            if (!KeyClassifier.IsSensitive(key) || IsTestResultLabel(text, keyStart, key))
            {
                continue;
            }

            var xml = keyStart > 0 && text[keyStart - 1] == '<';
            var match = xml ? SecretPatterns.GenericXmlElement().Match(text, keyStart) : SecretPatterns.GenericAssignment().Match(text, keyStart);
            if (!match.Success || match.Groups["key"].Length != keyEnd - keyStart)
            {
                continue;
            }

            var (group, quoted) = ValueGroup(match);
            var (start, length) = GenericValueFilter.Trim(text, group.Index, group.Length, quoted);
            if (length > 0 && GenericValueFilter.IsSecret(text.AsSpan(start, length), quoted, key))
            {
                sink.Add(new SecretCandidate(Id, start, length, null));
            }

            pos = Math.Max(pos, match.Index + match.Length);
        }
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
    private static bool IsTestResultLabel(string text, int keyStart, ReadOnlySpan<char> key) =>
        key.SequenceEqual("PASS") && (keyStart == 0 || text[keyStart - 1] == '\n')
        && keyStart + key.Length < text.Length && text[keyStart + key.Length] == ':';

    private static bool IsKeyChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-';

    // "$password", "@token" and "%token" are references, not keys being assigned; "gdb.cp/pass-by-ref.exp:" and
    // "/etc/secrets/secret_foo=" are path segments.
    private static bool IsKeyPrefixBreaker(char c) => c is '$' or '@' or '%' or '&' or '/';
}
