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
        bool keywordStartsMatch = false)
        : base(id, keywords)
    {
        _regex = regex;
        _validate = validate;
        _previewPrefixes = previewPrefixes ?? [];
        _keywordStartsMatch = keywordStartsMatch;
    }

    public override void Find(string text, int firstKeyword, List<SecretCandidate> sink)
    {
        var start = _keywordStartsMatch ? firstKeyword : 0;
        for (var match = _regex.Match(text, start); match.Success; match = match.NextMatch())
        {
            if (!_validate(text, match))
            {
                continue;
            }

            var group = match.Groups["secret"];
            var secret = group.Success ? group : match;
            sink.Add(new SecretCandidate(Id, secret.Index, secret.Length, PreviewOf(text.AsSpan(secret.Index, secret.Length))));
        }
    }

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
