namespace BrainRepo.Core.Secrets;

/// <summary>
/// PEM (PKCS#1/#8, EC, DSA, encrypted), OpenSSH and PGP private key blocks, also with JSON-escaped <c>\n</c>.
/// The block must carry real key material (at least 64 base64 characters that are not placeholders).
/// </summary>
/// <remarks>
/// Its keyword is the block's opening dashes, not "PRIVATE KEY": every block starts with them, and the words "private
/// key" are common in prose, where they used to make every large document containing them scan in one piece.
/// </remarks>
internal sealed class PrivateKeyRule() : SecretRule(SecretRuleIds.PrivateKey, [Begin.TrimEnd()], windowSafe: false)
{
    private const string Begin = "-----BEGIN ";
    private const int MaxBlock = 64 * 1024;

    /// <summary>Not window-safe (a block reaches 64 KiB past its header), so it always sees the whole text.</summary>
    public override int Find(string text, int from, int to, int firstKeyword, List<SecretCandidate> sink)
    {
        var searchFrom = Math.Max(from, firstKeyword);
        while (true)
        {
            var begin = text.IndexOf(Begin, searchFrom, StringComparison.Ordinal);
            if (begin < 0 || begin >= to)
            {
                return Math.Max(searchFrom, to);
            }

            searchFrom = begin + Begin.Length;
            var headerEnd = text.IndexOf("-----", searchFrom, Math.Min(64, text.Length - searchFrom), StringComparison.Ordinal);
            if (headerEnd < 0)
            {
                continue;
            }

            var label = text.AsSpan(searchFrom, headerEnd - searchFrom);
            if (!label.EndsWith("PRIVATE KEY", StringComparison.Ordinal) && !label.EndsWith("PRIVATE KEY BLOCK", StringComparison.Ordinal))
            {
                continue;
            }

            var bodyStart = headerEnd + 5;
            var window = Math.Min(MaxBlock, text.Length - bodyStart);
            var end = text.IndexOf("-----END ", bodyStart, window, StringComparison.Ordinal);
            int blockEnd;
            var nextBegin = text.IndexOf(Begin, bodyStart, end >= 0 ? end - bodyStart : window, StringComparison.Ordinal);
            if (nextBegin >= 0)
            {
                // A header mentioned in prose ("paste the block starting with -----BEGIN … KEY-----") followed by a real
                // block further down: the body would run into the next block. Only the innermost header starts a block.
                searchFrom = nextBegin;
                continue;
            }

            if (end >= 0)
            {
                var endMarker = text.IndexOf("-----", end + 9, Math.Min(64, text.Length - end - 9), StringComparison.Ordinal);
                blockEnd = endMarker >= 0 ? endMarker + 5 : end + 9;
            }
            else
            {
                // Truncated block: take the base64 run that follows the header.
                blockEnd = bodyStart;
                while (blockEnd < text.Length && blockEnd - bodyStart < MaxBlock && IsBodyChar(text[blockEnd]))
                {
                    blockEnd++;
                }

                end = blockEnd;
            }

            if (HasKeyMaterial(text.AsSpan(bodyStart, end - bodyStart)))
            {
                sink.Add(new SecretCandidate(Id, begin, blockEnd - begin, null));
            }

            searchFrom = blockEnd;
        }
    }

    /// <summary>At least 64 base64 characters (ignoring whitespace, escaped newlines and armor headers), random-looking.</summary>
    internal static bool HasKeyMaterial(ReadOnlySpan<char> body)
    {
        Span<char> sample = stackalloc char[256];
        var count = 0;
        var total = 0;
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c == '\\' && i + 1 < body.Length && body[i + 1] is 'n' or 'r')
            {
                i++;
                continue;
            }

            if (char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=')
            {
                total++;
                if (count < sample.Length)
                {
                    sample[count++] = c;
                }
            }
        }

        return total >= 64 && SecretHeuristics.LooksRandom(sample[..count], 4.0);
    }

    private static bool IsBodyChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=' or '\r' or '\n' or ' ' or '\\' or ':' or '-';
}
