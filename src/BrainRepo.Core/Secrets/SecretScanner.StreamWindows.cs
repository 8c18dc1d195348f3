using System.Buffers;
using System.Text;

namespace BrainRepo.Core.Secrets;

/// <summary>
/// An 8-bit text member too large for one window, scanned as it is decompressed: the windows of
/// <c>SecretScanner.Windows.cs</c>, filled from the stream instead of from content in memory, so a member of any size
/// costs one window's buffers (a 128 MB export inside a 7 MB .json.gz is never held whole). The bytes of a window are
/// gone once it has passed, so each candidate is placed while its window is in memory (line, column, end line,
/// fingerprint), and so is every line that carries the allow marker; the overlap resolution, the allow marker and the
/// allow list then apply at the end, as in one pass. The result is that of scanning the member's bytes in memory.
/// </summary>
public sealed partial class SecretScanner
{
    private static readonly byte[] AllowMarkerBytes = Encoding.ASCII.GetBytes(AllowMarker);

    /// <summary>Where a candidate sits, decided while its window was in memory.</summary>
    private readonly record struct Placement(int Line, int EndLine, int Column, string Fingerprint);

    /// <summary>False when the text must be scanned whole (see <see cref="ScanWindow"/>).</summary>
    private bool TryScanWindowedStream(Stream body, int prefix, string? innerPath, List<SecretFinding> findings, CancellationToken cancellationToken)
    {
        var owned = _windowChars - SecretRule.MaxReachBehind - SecretRule.MaxReachAhead;
        var perRule = new List<SecretCandidate>?[_rules.Length];
        var next = new int[_rules.Length];
        var before = new int[_rules.Length];
        var placements = new Dictionary<(string RuleId, int Start), Placement>();
        var markerLines = new HashSet<int>();
        var fresh = new List<SecretCandidate>();
        var bytes = ArrayPool<byte>.Shared.Rent(_windowChars + 1);
        var chars = ArrayPool<char>.Shared.Rent(_windowChars);
        try
        {
            int bufferStart = 0, bufferLength = 0;
            var ended = false;
            var line = 1; // the line that holds position ownedStart
            var lineStart = 0; // and where it starts
            for (var ownedStart = 0; ; ownedStart += owned)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var windowStart = Math.Max(0, ownedStart - SecretRule.MaxReachBehind);
                var drop = windowStart - bufferStart;
                if (drop > 0)
                {
                    bytes.AsSpan(drop, bufferLength - drop).CopyTo(bytes);
                    bufferLength -= drop;
                    bufferStart = windowStart;
                }

                // Filled to the window's end and one byte more, to know whether the text ends with this window.
                var want = ownedStart + owned + SecretRule.MaxReachAhead + 1 - bufferStart;
                while (!ended && bufferLength < want)
                {
                    var n = body.Read(bytes, bufferLength, want - bufferLength);
                    if (n == 0)
                    {
                        ended = true;
                    }
                    else
                    {
                        bufferLength += n;
                    }
                }

                var available = bufferStart + bufferLength;
                if (ownedStart >= available)
                {
                    break;
                }

                var ownedEnd = Math.Min(available, ownedStart + owned);
                var windowEnd = Math.Min(available, ownedEnd + SecretRule.MaxReachAhead);
                var window = chars.AsSpan(0, windowEnd - windowStart);
                Encoding.Latin1.GetChars(bytes.AsSpan(windowStart - bufferStart, windowEnd - windowStart), window);
                for (var i = 0; i < _rules.Length; i++)
                {
                    before[i] = perRule[i]?.Count ?? 0;
                }

                if (!ScanWindow(window, windowStart, ownedStart - windowStart, ownedEnd - windowStart, ended && windowEnd == available, perRule, next))
                {
                    return false;
                }

                var text = bytes.AsSpan(0, bufferLength);
                fresh.Clear();
                for (var i = 0; i < _rules.Length; i++)
                {
                    if (perRule[i] is { } list)
                    {
                        for (var j = before[i]; j < list.Count; j++)
                        {
                            fresh.Add(list[j]);
                        }
                    }
                }

                if (!Place(fresh, text, bufferStart, ownedStart, line, lineStart, placements))
                {
                    return false;
                }

                MarkAllowLines(text, bufferStart, ownedStart, ownedEnd, available, line, markerLines);
                var ownedBytes = text.Slice(ownedStart - bufferStart, ownedEnd - ownedStart);
                var breaks = ownedBytes.Count((byte)'\n');
                if (breaks > 0)
                {
                    line += breaks;
                    lineStart = ownedStart + ownedBytes.LastIndexOf((byte)'\n') + 1;
                }

                if (ended && ownedEnd == available)
                {
                    break;
                }
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
            ArrayPool<byte>.Shared.Return(bytes);
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

        foreach (var c in ResolveOverlaps(candidates))
        {
            var placed = placements[(c.RuleId, c.Start)];
            if (markerLines.Contains(placed.Line) || markerLines.Contains(placed.EndLine) || Options.AllowList.Contains(placed.Fingerprint))
            {
                continue;
            }

            findings.Add(new SecretFinding(c.RuleId, placed.Line, placed.Column, c.Length, prefix + c.Start, placed.Fingerprint, c.Preview, innerPath));
        }

        return true;
    }

    /// <summary>
    /// Places a window's new candidates, counting lines from the start of its owned range (<paramref name="line"/>,
    /// which starts at <paramref name="lineStart"/>). False for a candidate before that range (none of the window-safe
    /// rules reports one): the text is then scanned whole.
    /// </summary>
    private static bool Place(List<SecretCandidate> fresh, ReadOnlySpan<byte> text, int bufferStart, int ownedStart, int line, int lineStart, Dictionary<(string RuleId, int Start), Placement> placements)
    {
        fresh.Sort((x, y) => x.Start.CompareTo(y.Start));
        var position = ownedStart;
        foreach (var c in fresh)
        {
            if (c.Start < position)
            {
                return false;
            }

            var gap = text[(position - bufferStart)..(c.Start - bufferStart)];
            var breaks = gap.Count((byte)'\n');
            if (breaks > 0)
            {
                line += breaks;
                lineStart = position + gap.LastIndexOf((byte)'\n') + 1;
            }

            position = c.Start;
            var secret = text.Slice(c.Start - bufferStart, c.Length);
            var endLine = line + secret[..^1].Count((byte)'\n');
            placements.TryAdd((c.RuleId, c.Start), new Placement(line, endLine, c.Start - lineStart + 1, SecretFingerprint.Compute(c.RuleId, secret)));
        }

        return true;
    }

    /// <summary>Adds the line of every allow marker that starts in <c>[ownedStart, ownedEnd)</c> (any case, as <see cref="ScannedText"/> finds it).</summary>
    private static void MarkAllowLines(ReadOnlySpan<byte> text, int bufferStart, int ownedStart, int ownedEnd, int available, int line, HashSet<int> markerLines)
    {
        var marker = AllowMarkerBytes.AsSpan();
        var end = Math.Min(available, ownedEnd + marker.Length - 1);
        var range = text[(ownedStart - bufferStart)..(end - bufferStart)];
        var counted = 0;
        var at = 0;
        while (range.Length - at >= marker.Length)
        {
            var rel = range[at..].IndexOfAny(marker[0], (byte)(marker[0] ^ 0x20));
            if (rel < 0 || at + rel >= ownedEnd - ownedStart || range.Length - at - rel < marker.Length)
            {
                return;
            }

            at += rel;
            if (Ascii.EqualsIgnoreCase(range.Slice(at, marker.Length), marker))
            {
                line += range[counted..at].Count((byte)'\n');
                counted = at;
                markerLines.Add(line);
            }

            at++;
        }
    }
}
