using System.Text;
using System.Text.Json;
using BrainRepo.Core.Secrets;
using static BrainRepo.Core.Tests.Secrets.FakeSecrets;

namespace BrainRepo.Core.Tests.Secrets;

public sealed class FormatterTests
{
    [Fact]
    public void ToJsonLine_HasRequiredFieldsAndPreview()
    {
        var finding = ScanHelper.Scan("\n t = " + GitHub() + "\n", "cfg/a.toml").Findings[0];

        using var doc = JsonDocument.Parse(SecretFindingFormatter.ToJsonLine("cfg/a.toml", finding));
        var root = doc.RootElement;

        Assert.Equal("cfg/a.toml", root.GetProperty("path").GetString());
        Assert.Equal(2, root.GetProperty("line").GetInt32());
        Assert.Equal("github-token", root.GetProperty("rule").GetString());
        Assert.Equal(finding.Fingerprint, root.GetProperty("fingerprint").GetString());
        Assert.Equal("ghp_", root.GetProperty("preview").GetString());
        Assert.False(root.TryGetProperty("innerPath", out _));
    }

    [Fact]
    public void ToHumanString_HasPathLineRuleAndFingerprint()
    {
        var finding = ScanHelper.Scan("password: Hx7#kP2vLq9z\n").Findings[0];

        Assert.Equal($"a.yml:1:11: generic-secret [fp {finding.Fingerprint}]", SecretFindingFormatter.ToHumanString("a.yml", finding));
        Assert.Equal("withheld: contains generic-secret at line 1", SecretFindingFormatter.ToWithheldReason(finding));
    }

    /// <summary>Every rule's secret, rendered every way we render findings: the secret (or any 8-char slice of its body) never appears.</summary>
    [Fact]
    public void Formatting_NeverContainsTheSecret_ForAnyRuleOrOutput()
    {
        var samples = ProviderRuleTests.Positives().Select(row => ((string)row[2]).Replace("{0}", (string)row[3], StringComparison.Ordinal))
            .Concat(GenericSecretTests.Assignments().Select(row => ((string)row[1]).Replace("{0}", (string)row[2], StringComparison.Ordinal)))
            .Append(PrivateKey())
            .Append(ServiceAccountJson())
            .ToList();
        var checkedCount = 0;
        foreach (var text in samples)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var result = ScanHelper.Scanner.Scan("p/file", bytes, CancellationToken.None);
            Assert.NotEmpty(result.Findings);
            foreach (var finding in result.Findings)
            {
                var secret = Encoding.UTF8.GetString(bytes, finding.StartOffset, finding.Length);
                var outputs = new[]
                {
                    SecretFindingFormatter.ToHumanString("p/file", finding),
                    SecretFindingFormatter.ToJsonLine("p/file", finding),
                    SecretFindingFormatter.ToWithheldReason(finding),
                    finding.ToString(),
                    result.ToString(),
                    Encoding.UTF8.GetString(SecretRedactor.Redact(bytes, result.Findings)),
                };
                foreach (var output in outputs)
                {
                    AssertNoSlice(secret, output, finding.Preview?.Length ?? 0);
                }

                checkedCount++;
            }
        }

        Assert.True(checkedCount >= samples.Count);
    }

    [Fact]
    public void ExceptionMessages_NeverContainTheSecret()
    {
        var secret = GitHub();
        var bytes = Encoding.UTF8.GetBytes("t=" + secret);
        var finding = ScanHelper.Scanner.Scan("f", bytes, CancellationToken.None).Findings[0];
        var shifted = finding with { StartOffset = bytes.Length - 2 };
        var inArchive = finding with { InnerPath = "x.txt" };

        var outside = Assert.Throws<InvalidOperationException>(() => SecretRedactor.Redact(bytes, [shifted]));
        var archived = Assert.Throws<InvalidOperationException>(() => SecretRedactor.Redact(bytes, [inArchive]));

        AssertNoSlice(secret, outside.ToString(), 4);
        AssertNoSlice(secret, archived.ToString(), 4);
    }

    [Fact]
    public void ArchiveProblem_Formats()
    {
        var problem = new ArchiveScanProblem(ArchiveProblemKind.Encrypted, "a/b.txt", "zip member is encrypted", UnscannableArchiveAction.Withhold);

        Assert.Equal("x.zip: archive not fully scanned (Encrypted in a/b.txt): zip member is encrypted; withhold", SecretFindingFormatter.ToHumanString("x.zip", problem));
        using var doc = JsonDocument.Parse(SecretFindingFormatter.ToJsonLine("x.zip", problem));
        Assert.Equal("Encrypted", doc.RootElement.GetProperty("archiveProblem").GetString());
    }

    private static void AssertNoSlice(string secret, string output, int previewLength)
    {
        var body = secret[previewLength..];
        for (var i = 0; i + 8 <= body.Length; i++)
        {
            var slice = body.Substring(i, 8);
            if (slice.Contains("-----", StringComparison.Ordinal) || slice.Contains("PRIVATE", StringComparison.Ordinal) || slice.Contains(" KEY", StringComparison.Ordinal))
            {
                continue; // PEM armor words are not secret
            }

            Assert.DoesNotContain(slice, output, StringComparison.Ordinal);
        }
    }
}
