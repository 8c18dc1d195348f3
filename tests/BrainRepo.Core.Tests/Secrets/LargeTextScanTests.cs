using System.Text;

namespace BrainRepo.Core.Tests.Secrets;

/// <summary>Texts of a million chars and more run their rules in parallel; they must find exactly what a small text finds.</summary>
public sealed class LargeTextScanTests
{
    private static readonly string Filler = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"plain line {i}: the task list asks about risk and storage\n"));

    [Theory]
    [MemberData(nameof(ProviderRuleTests.Positives), MemberType = typeof(ProviderRuleTests))]
    public void Scan_SecretInsideAMultiMegabyteText_IsFoundWithItsRuleSpanAndLine(string rule, string path, string template, string secret)
    {
        var planted = template.Replace("{0}", secret, StringComparison.Ordinal);
        var text = Filler + planted + Filler;
        Assert.True(text.Length >= 1 << 20);

        var result = ScanHelper.Scan(text, path);

        var finding = Assert.Single(result.Findings);
        Assert.Equal(rule, finding.RuleId);
        Assert.Equal(secret, ScanHelper.SecretOf(text, finding));
        var line = 20_001 + planted[..planted.IndexOf(secret, StringComparison.Ordinal)].Count(c => c == '\n');
        Assert.Equal(line, finding.Line);
    }

    [Fact]
    public void Scan_ManySecretsInALargeText_AreReportedInTheOrderAndNumberOfTheSmallTexts()
    {
        var positives = ProviderRuleTests.Positives().Select(row => (Rule: (string)row[0], Text: ((string)row[2]).Replace("{0}", (string)row[3], StringComparison.Ordinal))).ToList();
        var small = new StringBuilder();
        var large = new StringBuilder();
        foreach (var (_, planted) in positives)
        {
            small.Append(planted).Append("---\n");
            large.Append(planted).Append(Filler[..2000]).Append("---\n");
        }

        large.Append(Filler);
        Assert.True(large.Length >= 1 << 20);

        var expected = ScanHelper.Rules(small.ToString());
        var actual = ScanHelper.Rules(large.ToString());

        Assert.Equal(expected, actual);
        Assert.True(actual.Count >= positives.Count / 2, $"only {actual.Count} findings for {positives.Count} planted secrets");
    }
}
