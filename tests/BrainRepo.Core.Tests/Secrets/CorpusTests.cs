using System.Runtime.CompilerServices;
using System.Text;
using BrainRepo.Core.Secrets;
using Xunit.Abstractions;

namespace BrainRepo.Core.Tests.Secrets;

/// <summary>Precision and recall over the labelled corpus in <c>Secrets/Corpus</c> (see its README for the format).</summary>
public sealed class CorpusTests(ITestOutputHelper output)
{
    /// <summary>Splits well-known prefixes in corpus files so push protection does not flag them; removed before scanning.</summary>
    public const string ObfuscationMarker = "<<!>>";

    private static string CorpusDirectory([CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "Corpus");

    private static List<(string File, int Line, string Rule)> LoadLabels(string root) =>
        [.. File.ReadAllLines(Path.Combine(root, "labels.tsv"))
            .Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => l.Split('\t'))
            .Select(p => (p[0], int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture), p[2]))];

    private static IEnumerable<string> CorpusFiles(string root) =>
        new[] { "positives", "negatives" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(root, d), "*", SearchOption.AllDirectories))
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    [Fact]
    public void Corpus_HasZeroFalseNegativesAndZeroFalsePositives()
    {
        var root = CorpusDirectory();
        var expected = LoadLabels(root).ToHashSet();
        var actual = new HashSet<(string File, int Line, string Rule)>();
        var scanner = new SecretScanner();
        foreach (var file in CorpusFiles(root))
        {
            var text = File.ReadAllText(Path.Combine(root, file)).Replace(ObfuscationMarker, string.Empty, StringComparison.Ordinal);
            foreach (var f in scanner.Scan(file, Encoding.UTF8.GetBytes(text), CancellationToken.None).Findings)
            {
                actual.Add((file, f.Line, f.RuleId));
            }
        }

        var truePositives = expected.Intersect(actual).ToList();
        var falseNegatives = expected.Except(actual).ToList();
        var falsePositives = actual.Except(expected).ToList();
        foreach (var rule in expected.Select(e => e.Rule).Concat(actual.Select(a => a.Rule)).Distinct().Order(StringComparer.Ordinal))
        {
            int tp = truePositives.Count(x => x.Rule == rule), fn = falseNegatives.Count(x => x.Rule == rule), fp = falsePositives.Count(x => x.Rule == rule);
            output.WriteLine($"{rule,-28} tp={tp,3} fn={fn,2} fp={fp,2} precision={Ratio(tp, tp + fp):P1} recall={Ratio(tp, tp + fn):P1}");
        }

        output.WriteLine($"TOTAL precision={Ratio(truePositives.Count, actual.Count):P2} recall={Ratio(truePositives.Count, expected.Count):P2}");
        Assert.True(expected.Select(e => e.Rule).Distinct().Count() == SecretRuleIds.All.Count, "every rule has labelled true positives");
        Assert.True(falseNegatives.Count == 0, "false negatives: " + string.Join("; ", falseNegatives));
        Assert.True(falsePositives.Count == 0, "false positives: " + string.Join("; ", falsePositives));
    }

    [Fact]
    public void NearMissLabels_PointAtExistingLinesAndKnownRules_AndCoverEveryNegativeLine()
    {
        var root = CorpusDirectory();
        var labelled = new HashSet<(string File, int Line)>();
        foreach (var row in File.ReadAllLines(Path.Combine(root, "near-misses.tsv")).Where(l => l.Length > 0 && l[0] != '#'))
        {
            var parts = row.Split('\t');
            var lines = File.ReadAllLines(Path.Combine(root, parts[0]));
            var line = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(line >= 1 && line <= lines.Length && lines[line - 1].Trim().Length > 0, "near miss on an empty or missing line: " + row);
            Assert.All(parts[2].Split(','), rule => Assert.Contains(rule, SecretRuleIds.All));
            labelled.Add((parts[0], line));
        }

        foreach (var file in CorpusFiles(root).Where(f => f.StartsWith("negatives/", StringComparison.Ordinal)))
        {
            var lines = File.ReadAllLines(Path.Combine(root, file));
            for (var i = 0; i < lines.Length; i++)
            {
                var text = lines[i].Trim();
                if (text.Length > 0 && text != "env:")
                {
                    Assert.True(labelled.Contains((file, i + 1)), $"{file}:{i + 1} is not labelled in near-misses.tsv");
                }
            }
        }
    }

    [Fact]
    public void Corpus_FilesOnDiskDoNotContainUnsplitTokenPrefixes()
    {
        var root = CorpusDirectory();
        string[] prefixes = ["ghp_", "ghs_", "github_pat_", "glpat-", "sk-proj-", "sk-ant-", "xoxb-", "npm_", "AKIA", "PRIVATE KEY", "GOCSPX-", "hooks.slack.com"];
        foreach (var file in CorpusFiles(root).Where(f => f.StartsWith("positives/", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(Path.Combine(root, file));
            foreach (var prefix in prefixes)
            {
                Assert.DoesNotContain(prefix, text, StringComparison.Ordinal);
            }
        }
    }

    private static double Ratio(int a, int b) => b == 0 ? 1 : (double)a / b;
}
