using System.Buffers;
using System.Text;

namespace BrainRepo.Core.Secrets;

/// <summary>
/// Large 8-bit texts are scanned in windows that reuse one buffer, instead of being decoded whole into a string of
/// twice their size: an 8 MB export used to cost a 16 MB string, nearly all of it the kernel handing out fresh pages,
/// which on a VM is most of the scan's time. The result is exactly that of one pass over the whole text:
/// <list type="bullet">
/// <item>Every window owns a range of start positions and also holds <see cref="SecretRule.MaxReachBehind"/> chars
/// before it and <see cref="SecretRule.MaxReachAhead"/> after it, so a window-safe rule decides every match that starts
/// in the range on the same chars as in the whole text. A match that runs into the window's end (only a URL's host can)
/// is not trusted: the text is scanned whole instead.</item>
/// <item>Each rule's scan continues in the next window where it stood (after a match, or a key, that crossed the
/// boundary), as the rule's one pass would.</item>
/// <item>Every candidate of a window-safe rule contains one of its keywords, so a rule whose keywords are absent from a
/// window has nothing in it. A rule that is not window-safe makes the text scan whole as soon as its keyword shows up.</item>
/// <item>The rules first look at the window's span; only a window where a pattern matches is copied into a string for
/// the captures and the validators (most windows of most files have no match at all).</item>
/// </list>
/// Placing the findings (lines, allow markers, fingerprints) reads the content's own bytes, which are the Latin-1 chars.
/// </summary>
public sealed partial class SecretScanner
{
    /// <summary>The window buffer: 256 Ki chars (512 KiB), of which all but the two margins are owned positions.</summary>
    internal const int DefaultWindowChars = 1 << 18;

    private bool TryScanWindowed(ReadOnlySpan<byte> body, int prefix, string? innerPath, List<SecretFinding> findings, CancellationToken cancellationToken)
    {
        var owned = _windowChars - SecretRule.MaxReachBehind - SecretRule.MaxReachAhead;
        var perRule = new List<SecretCandidate>?[_rules.Length];
        var next = new int[_rules.Length];
        var buffer = ArrayPool<char>.Shared.Rent(_windowChars);
        try
        {
            for (var ownedStart = 0; ownedStart < body.Length; ownedStart += owned)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var ownedEnd = Math.Min(body.Length, ownedStart + owned);
                var windowStart = Math.Max(0, ownedStart - SecretRule.MaxReachBehind);
                var windowEnd = Math.Min(body.Length, ownedEnd + SecretRule.MaxReachAhead);
                var window = buffer.AsSpan(0, windowEnd - windowStart);
                Encoding.Latin1.GetChars(body[windowStart..windowEnd], window);
                if (!ScanWindow(window, windowStart, ownedStart - windowStart, ownedEnd - windowStart, windowEnd == body.Length, perRule, next))
                {
                    return false;
                }
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }

        // Joined in rule order, as the one pass produces them, for the same overlap resolution.
        var candidates = new List<SecretCandidate>();
        foreach (var list in perRule)
        {
            if (list is not null)
            {
                candidates.AddRange(list);
            }
        }

        if (candidates.Count > 0)
        {
            AddFindings(ScannedText.OfLatin1(body, prefix), innerPath, candidates, findings);
        }

        return true;
    }

    /// <summary>One window; false when the text must be scanned whole. Positions in <paramref name="next"/> are the text's.</summary>
    private bool ScanWindow(ReadOnlySpan<char> window, int windowStart, int from, int to, bool last, List<SecretCandidate>?[] perRule, int[] next)
    {
        var firstHits = _keywords.FirstHits(window, from);
        string? text = null;
        for (var i = 0; i < _rules.Length; i++)
        {
            if (firstHits[i] < 0)
            {
                continue;
            }

            var rule = _rules[i];
            if (!rule.WindowSafe)
            {
                return false;
            }

            var ruleFrom = Math.Max(from, next[i] - windowStart);
            if (ruleFrom >= to)
            {
                continue; // a match or key of the previous window reaches past this one's range
            }

            if (!rule.Probe(window, ruleFrom, to, firstHits[i], out var end))
            {
                next[i] = windowStart + end;
                continue;
            }

            text ??= new string(window);
            var sink = perRule[i] ??= [];
            var added = sink.Count;
            end = rule.Find(text, ruleFrom, to, firstHits[i], sink);
            if (end >= window.Length && !last)
            {
                return false; // a match ran into the window's end: it may go on beyond it
            }

            for (var j = added; j < sink.Count; j++)
            {
                sink[j] = sink[j] with { Start = sink[j].Start + windowStart };
            }

            next[i] = windowStart + end;
        }

        return true;
    }
}
