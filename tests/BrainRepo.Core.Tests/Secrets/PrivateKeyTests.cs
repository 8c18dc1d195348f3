using BrainRepo.Core.Secrets;
using static BrainRepo.Core.Tests.Secrets.FakeSecrets;

namespace BrainRepo.Core.Tests.Secrets;

public sealed class PrivateKeyTests
{
    [Theory]
    [InlineData("RSA PRIVATE KEY")]
    [InlineData("PRIVATE KEY")]
    [InlineData("EC PRIVATE KEY")]
    [InlineData("DSA PRIVATE KEY")]
    [InlineData("ENCRYPTED PRIVATE KEY")]
    [InlineData("OPENSSH PRIVATE KEY")]
    [InlineData("PGP PRIVATE KEY BLOCK")]
    public void Scan_WhenPrivateKeyBlock_ReportsWholeBlock(string label)
    {
        var key = PrivateKey(label);
        var text = "notes\n\n" + key + "after\n";

        var finding = Assert.Single(ScanHelper.Scan(text, "id_key").Findings);

        Assert.Equal(SecretRuleIds.PrivateKey, finding.RuleId);
        Assert.Equal(3, finding.Line);
        Assert.Equal(key.TrimEnd('\n'), ScanHelper.SecretOf(text, finding));
    }

    [Fact]
    public void Scan_WhenPrivateKeyIsJsonEscaped_ReportsIt()
    {
        var text = "{\"key\": \"" + PrivateKey().Replace("\n", "\\n", StringComparison.Ordinal) + "\"}";

        Assert.Equal([SecretRuleIds.PrivateKey], ScanHelper.Rules(text));
    }

    [Fact]
    public void Scan_WhenPrivateKeyIsTruncated_StillReportsIt()
    {
        var text = "-----BEGIN OPENSSH PRIVATE KEY-----\n" + PemBody(lines: 3);

        Assert.Equal([SecretRuleIds.PrivateKey], ScanHelper.Rules(text));
    }

    [Theory]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----\n")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC...your key here...\n-----END PRIVATE KEY-----\n")]
    [InlineData("Paste the block starting with -----BEGIN OPENSSH PRIVATE KEY----- into the form.\n")]
    public void Scan_WhenPrivateKeyIsPlaceholder_ReportsNothing(string text)
    {
        Assert.True(ScanHelper.Scan(text).IsClean);
    }

    [Fact]
    public void Scan_WhenPublicKeyOrCertificate_ReportsNothing()
    {
        var text = "-----BEGIN PUBLIC KEY-----\n" + PemBody() + "-----END PUBLIC KEY-----\n"
            + "-----BEGIN CERTIFICATE-----\n" + PemBody(2) + "-----END CERTIFICATE-----\n"
            + "ssh-ed25519 " + Random(68, Base64) + " me@host\n";

        Assert.True(ScanHelper.Scan(text).IsClean);
    }

    [Fact]
    public void Scan_WhenServiceAccountJsonLacksKeyMaterial_ReportsNothing()
    {
        var text = "{\"type\": \"service_account\", \"private_key\": \"-----BEGIN PRIVATE KEY-----\\n<your key>\\n-----END PRIVATE KEY-----\\n\"}";

        Assert.True(ScanHelper.Scan(text, "sa.json").IsClean);
    }
}
