using System.Buffers;

namespace BrainRepo.Core.Secrets;

/// <summary>
/// One detection rule. Rules are stateless and shared between threads.
/// A rule reports the candidates that start (or, for keyword-driven rules, whose keyword hit lies) in a range
/// <c>[from, to)</c> of a text, and returns where its scan of the text stands after that range, so that a large
/// text can be scanned window by window with exactly the result of one pass (see <c>SecretScanner.Windows.cs</c>).
/// </summary>
internal abstract class SecretRule
{
    protected SecretRule(string id, IReadOnlyList<string> keywords, bool windowSafe = true)
    {
        Id = id;
        Keywords = keywords;
        KeywordSearch = keywords.Count == 0 ? null : SearchValues.Create([.. keywords], StringComparison.OrdinalIgnoreCase);
        WindowSafe = windowSafe;
    }

    public string Id { get; }

    /// <summary>Case-insensitive literals; the rule runs only on text that contains one. Empty: always runs.</summary>
    public IReadOnlyList<string> Keywords { get; }

    public SearchValues<string>? KeywordSearch { get; }

    /// <summary>
    /// True when the rule can run on a window of a text: every candidate contains one of the keywords, and deciding a
    /// match never reads more than <see cref="MaxReachBehind"/> chars before its start or <see cref="MaxReachAhead"/> chars
    /// after it (a match that runs on, like a URL's host, is caught at the window's end and the text is rescanned whole).
    /// A rule that is not (a private key block of up to 64 KiB, a key found far from its keyword) makes a text that
    /// contains its keyword scan in one piece.
    /// </summary>
    public bool WindowSafe { get; }

    /// <summary>The most any window-safe rule reads before the start of a match (or a keyword hit).</summary>
    public const int MaxReachBehind = 128;

    /// <summary>The most any window-safe rule reads after the start of a match or keyword hit: the JWT's 11,273 chars, rounded up.</summary>
    public const int MaxReachAhead = 12 * 1024;

    /// <summary>
    /// Adds the candidates of <paramref name="text"/> that start in <c>[from, to)</c>. <paramref name="firstKeyword"/> is the
    /// first keyword hit at or after <paramref name="from"/> (or <paramref name="from"/> for a keyword-less rule). Returns the
    /// position at which the rule's scan continues after <paramref name="to"/>: <paramref name="to"/>, or the end of a match
    /// that started before it.
    /// </summary>
    public abstract int Find(string text, int from, int to, int firstKeyword, List<SecretCandidate> sink);

    /// <summary>
    /// Whether <see cref="Find"/> could add anything for <c>[from, to)</c>, decided on a span without allocating. When it
    /// returns false, <paramref name="next"/> is what <see cref="Find"/> would have returned. The default is the safe
    /// answer: always look.
    /// </summary>
    public virtual bool Probe(ReadOnlySpan<char> text, int from, int to, int firstKeyword, out int next)
    {
        next = to;
        return true;
    }
}
