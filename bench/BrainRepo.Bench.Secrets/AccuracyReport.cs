using System.Globalization;
using System.Text;
using BrainRepo.Core.Secrets;

namespace BrainRepo.Bench.Secrets;

/// <summary>
/// Per-rule accuracy over labelled lines from one or more corpora. A labelled line is (source, file, line):
/// a planted secret of one rule, or a near miss that tempts one or more rules. Definitions (also in docs/benchmarks-secrets.md):
/// <list type="bullet">
/// <item>TP: a planted (file, line, rule) that is reported with that rule; FN: one that is not.</item>
/// <item>FP: any reported (file, line, rule) that is not planted, on any line of the corpus.</item>
/// <item>Negatives tested for a rule: the near-miss lines labelled as tempting it; FP on them: those with a finding of that rule.</item>
/// <item>FP rate = FP on near misses / negatives tested (per labelled near-miss line, i.e. FP / (FP + TN)).</item>
/// </list>
/// </summary>
internal sealed class AccuracyReport
{
    private readonly HashSet<(string File, int Line, string Rule)> _planted = [];
    private readonly HashSet<(string File, int Line, string Rule)> _found = [];
    private readonly Dictionary<string, int> _nearMisses = new(StringComparer.Ordinal);
    private readonly HashSet<(string File, int Line, string Rule)> _nearMissKeys = [];
    private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);
    private int _lines;

    public void AddFile(string file, string text, IEnumerable<(int Line, string Rule)> planted, IEnumerable<(int Line, string[] Tempts)> nearMisses, SecretScanResult result)
    {
        _texts[file] = text;
        _lines += text.AsSpan().Count('\n') + (text.Length > 0 && text[^1] != '\n' ? 1 : 0);
        foreach (var (line, rule) in planted)
        {
            _planted.Add((file, line, rule));
        }

        foreach (var (line, tempts) in nearMisses)
        {
            foreach (var rule in tempts)
            {
                if (_nearMissKeys.Add((file, line, rule)))
                {
                    _nearMisses[rule] = _nearMisses.GetValueOrDefault(rule) + 1;
                }
            }
        }

        foreach (var finding in result.Findings)
        {
            _found.Add((file, finding.Line, finding.RuleId));
        }
    }

    public int FalseNegatives => _planted.Count(p => !_found.Contains(p));

    public int FalsePositives => _found.Count(f => !_planted.Contains(f));

    /// <summary>The errors, one line each (rule, kind, file:line, the line's text cut at 100 chars), the same line text only once per rule.</summary>
    public IEnumerable<string> Errors()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (kind, set) in new[] { ("FN", _planted.Where(p => !_found.Contains(p))), ("FP", _found.Where(f => !_planted.Contains(f))) })
        {
            foreach (var (file, line, rule) in set.OrderBy(x => x.Rule, StringComparer.Ordinal))
            {
                var lines = _texts[file].Split('\n');
                var text = line - 1 < lines.Length ? lines[line - 1] : string.Empty;
                text = text.Length > 100 ? text[..100] : text;
                if (seen.Add(rule + kind + (text.Length > 40 ? text[..40] : text)))
                {
                    yield return $"{kind} {rule} {file}:{line}: {text}";
                }
            }
        }
    }

    public string ToMarkdown(string title)
    {
        var sb = new StringBuilder();
        sb.AppendLine(title).AppendLine();
        sb.AppendLine("| rule | TP | FN | FP (any line) | near misses tested | FP on near misses | precision | recall | FP rate (per near miss) |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        int tpAll = 0, fnAll = 0, fpAll = 0, negAll = 0, fpNegAll = 0;
        foreach (var rule in SecretRuleIds.All.Order(StringComparer.Ordinal))
        {
            var planted = _planted.Where(p => p.Rule == rule).ToList();
            var found = _found.Where(f => f.Rule == rule).ToList();
            var tp = planted.Count(_found.Contains);
            var fn = planted.Count - tp;
            var fp = found.Count(f => !_planted.Contains(f));
            var negatives = _nearMisses.GetValueOrDefault(rule);
            var fpNeg = found.Count(f => !_planted.Contains(f) && _nearMissKeys.Contains(f));
            tpAll += tp;
            fnAll += fn;
            fpAll += fp;
            negAll += negatives;
            fpNegAll += fpNeg;
            sb.AppendLine(Row(rule, tp, fn, fp, negatives, fpNeg));
        }

        sb.AppendLine(Row("**all rules**", tpAll, fnAll, fpAll, negAll, fpNegAll));
        var nearMissLines = _nearMissKeys.Select(k => (k.File, k.Line)).Distinct().Count();
        var flaggedLines = _found.Where(f => !_planted.Contains(f)).Select(f => (f.File, f.Line)).Distinct().Count();
        sb.AppendLine();
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"{_lines} lines in all, {_planted.Count} planted secrets, {nearMissLines} near-miss lines ({negAll} line-rule pairs), {_lines - _planted.Count} lines that are not planted secrets: {flaggedLines} of them flagged ({Rate(flaggedLines, _lines - _planted.Count)})."));
        return sb.ToString();
    }

    private static string Row(string rule, int tp, int fn, int fp, int negatives, int fpNeg) =>
        string.Create(CultureInfo.InvariantCulture,
            $"| {rule} | {tp} | {fn} | {fp} | {negatives} | {fpNeg} | {Percent(tp, tp + fp)} | {Percent(tp, tp + fn)} | {(negatives == 0 ? "–" : Rate(fpNeg, negatives))} |");

    private static string Percent(int a, int b) => b == 0 ? "–" : string.Create(CultureInfo.InvariantCulture, $"{100.0 * a / b:F2} %");

    private static string Rate(int a, int b) => b == 0 ? "–" : string.Create(CultureInfo.InvariantCulture, $"{100.0 * a / b:F2} %");
}
