using System.Text.RegularExpressions;

namespace BrainRepo.Core.Secrets;

/// <summary>
/// A rule driven by a (source-generated) regex. The secret is the named group <c>secret</c> or the whole match;
/// a validator applies the false-positive filters.
/// </summary>
internal sealed class RegexSecretRule : SecretRule
{
    private readonly Regex _regex;
    private readonly Func<string, Match, bool> _validate;
    private readonly string[] _previewPrefixes;
    private readonly bool _keywordStartsMatch;

    public RegexSecretRule(
        string id,
        string[] keywords,
        Regex regex,
        Func<string, Match, bool> validate,
        string[]? previewPrefixes = null,
        bool keywordStartsMatch = false,
        bool windowSafe = true)
        : base(id, keywords, windowSafe)
    {
        _regex = regex;
        _validate = validate;
        _previewPrefixes = previewPrefixes ?? [];
        _keywordStartsMatch = keywordStartsMatch;
    }

    public override int Find(string text, int from, int to, int firstKeyword, List<SecretCandidate> sink)
    {
        // The matches are the regex's leftmost-first sequence from the start, so the scan continues after the last one.
        var next = to;
        for (var match = _regex.Match(text, Start(from, firstKeyword)); match.Success && match.Index < to; match = match.NextMatch())
        {
            next = Math.Max(next, match.Index + match.Length);
            if (!_validate(text, match))
            {
                continue;
            }

            var group = match.Groups["secret"];
            var secret = group.Success ? group : match;
            sink.Add(new SecretCandidate(Id, secret.Index, secret.Length, PreviewOf(text.AsSpan(secret.Index, secret.Length))));
        }

        return next;
    }

    /// <summary>Most windows have no match at all: the regex runs on the span, without captures or a string.</summary>
    public override bool Probe(ReadOnlySpan<char> text, int from, int to, int firstKeyword, out int next)
    {
        next = to;
        foreach (var match in _regex.EnumerateMatches(text, Start(from, firstKeyword)))
        {
            return match.Index < to;
        }

        return false;
    }

    // A match of a rule whose keyword starts it cannot start before the first keyword.
    private int Start(int from, int firstKeyword) => _keywordStartsMatch ? Math.Max(from, firstKeyword) : from;

    private string? PreviewOf(ReadOnlySpan<char> secret)
    {
        foreach (var prefix in _previewPrefixes)
        {
            if (secret.StartsWith(prefix, StringComparison.Ordinal))
            {
                return prefix;
            }
        }

        return null;
    }
}
