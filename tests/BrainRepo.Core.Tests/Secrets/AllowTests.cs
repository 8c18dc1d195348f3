using System.Text;
using BrainRepo.Core.Secrets;
using static BrainRepo.Core.Tests.Secrets.FakeSecrets;

namespace BrainRepo.Core.Tests.Secrets;

public sealed class AllowTests
{
    [Fact]
    public void Scan_WhenAllowMarkerOnLine_SuppressesOnlyThatLine()
    {
        var text = "a = \"" + GitHub(seed: 1) + "\"  # brainrepo:allow test fixture\nb = \"" + GitHub(seed: 2) + "\"\n";

        var finding = Assert.Single(ScanHelper.Scan(text).Findings);

        Assert.Equal(2, finding.Line);
    }

    [Fact]
    public void Scan_WhenAllowMarkerOnPrivateKeyEndLine_SuppressesBlock()
    {
        var text = PrivateKey().TrimEnd('\n') + " brainrepo:allow\n";

        Assert.True(ScanHelper.Scan(text).IsClean);
    }

    [Fact]
    public void Scan_WhenFingerprintAllowListed_SuppressesFinding()
    {
        var text = "t=" + GitHub() + "\nu=" + Npm() + "\n";
        var first = ScanHelper.Scan(text).Findings[0];
        var scanner = new SecretScanner(new SecretScannerOptions { AllowList = SecretAllowList.Parse("# reviewed\n" + first.Fingerprint + "  # fixture\n") });

        var remaining = scanner.Scan("f", Encoding.UTF8.GetBytes(text), CancellationToken.None).Findings;

        Assert.Equal([SecretRuleIds.NpmToken], remaining.Select(f => f.RuleId));
    }

    [Fact]
    public void Fingerprint_IsStableAcrossFilesAndPositions_AndDependsOnRule()
    {
        var secret = GitHub();
        var a = ScanHelper.Scan("x " + secret, "a.txt").Findings[0];
        var b = ScanHelper.Scan("\n\n  y = '" + secret + "'", "b/c.yaml").Findings[0];

        Assert.Equal(a.Fingerprint, b.Fingerprint);
        Assert.Equal(SecretFingerprint.Compute(SecretRuleIds.GitHubToken, secret.AsSpan()), a.Fingerprint);
        Assert.NotEqual(SecretFingerprint.Compute(SecretRuleIds.GenericSecret, secret.AsSpan()), a.Fingerprint);
        Assert.Matches("^[0-9a-f]{16}$", a.Fingerprint);
    }

    [Fact]
    public void Fingerprint_DiffersForDifferentSecrets()
    {
        Assert.NotEqual(
            SecretFingerprint.Compute(SecretRuleIds.GitHubToken, GitHub(seed: 1).AsSpan()),
            SecretFingerprint.Compute(SecretRuleIds.GitHubToken, GitHub(seed: 2).AsSpan()));
    }

    [Fact]
    public void AllowList_Parse_IgnoresCommentsAndReportsInvalidLines()
    {
        var list = SecretAllowList.Parse("# header\n\n0123456789ABCDEF\nnot-a-fingerprint\n  fedcba9876543210 # why\n");

        Assert.True(list.Contains("0123456789abcdef"));
        Assert.True(list.Contains("fedcba9876543210"));
        Assert.Equal(2, list.Fingerprints.Count);
        Assert.Equal([4], list.InvalidLines);
    }

    [Fact]
    public async Task AllowList_Load_WhenFileMissing_IsEmpty()
    {
        var path = Path.Combine(Path.GetTempPath(), System.Guid.NewGuid().ToString("N"), "allow");

        var list = await SecretAllowList.LoadAsync(path, CancellationToken.None);

        Assert.Empty(list.Fingerprints);
    }

    [Fact]
    public async Task AllowList_Load_ReadsFile()
    {
        var dir = Directory.CreateTempSubdirectory("brainrepo-allow-");
        try
        {
            var path = Path.Combine(dir.FullName, "secrets-allow");
            await File.WriteAllTextAsync(path, SecretAllowList.FormatEntry("0123456789abcdef", "test\nfixture") + "\n");

            var list = await SecretAllowList.LoadAsync(path, CancellationToken.None);

            Assert.True(list.Contains("0123456789abcdef"));
            Assert.Empty(list.InvalidLines);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void ConfigurationFingerprint_ChangesWithAllowListAndRules()
    {
        var a = new SecretScanner().ConfigurationFingerprint;
        var b = new SecretScanner(new SecretScannerOptions { AllowList = SecretAllowList.Parse("0123456789abcdef") }).ConfigurationFingerprint;
        var c = new SecretScanner(new SecretScannerOptions { EnabledRules = new HashSet<string> { SecretRuleIds.Jwt } }).ConfigurationFingerprint;

        Assert.Equal(a, new SecretScanner().ConfigurationFingerprint);
        Assert.NotEqual(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Options_WhenRuleDisabled_DoesNotReportIt()
    {
        var scanner = new SecretScanner(new SecretScannerOptions { EnabledRules = new HashSet<string> { SecretRuleIds.NpmToken } });

        var result = scanner.Scan("f", Encoding.UTF8.GetBytes(GitHub() + " " + Npm()), CancellationToken.None);

        Assert.Equal([SecretRuleIds.NpmToken], result.Findings.Select(f => f.RuleId));
    }

    [Fact]
    public void Options_WhenUnknownRule_ThrowsAtConstruction()
    {
        Assert.Throws<ArgumentException>(() => new SecretScanner(new SecretScannerOptions { EnabledRules = new HashSet<string> { "nope" } }));
    }
}
