using System.Text;
using BrainRepo.Core.Secrets;
using static BrainRepo.Core.Tests.Secrets.FakeSecrets;

namespace BrainRepo.Core.Tests.Secrets;

public sealed class RedactorTests
{
    [Fact]
    public void Redact_ReplacesEverySpanWithMarker()
    {
        var a = GitHub();
        var text = "one " + a + "\npassword: Hx7#kP2vLq9z\nend\n";
        var bytes = Encoding.UTF8.GetBytes(text);
        var result = ScanHelper.Scanner.Scan("f.txt", bytes, CancellationToken.None);

        var redacted = Encoding.UTF8.GetString(SecretRedactor.Redact(bytes, result.Findings));

        Assert.Equal("one [REDACTED:github-token]\npassword: [REDACTED:generic-secret]\nend\n", redacted);
        Assert.True(SecretRedactor.CanRedact(result));
    }

    [Fact]
    public void Redact_WhenUtf16_WritesMarkerInUtf16()
    {
        var text = "k=" + GitHub() + "\n";
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(text)).ToArray();
        var result = ScanHelper.Scanner.Scan("f.txt", bytes, CancellationToken.None);

        var redacted = SecretRedactor.Redact(bytes, result.Findings);

        Assert.Equal("k=[REDACTED:github-token]\n", Encoding.Unicode.GetString(redacted, 2, redacted.Length - 2));
    }

    [Fact]
    public void Redact_ThenScan_IsClean()
    {
        var bytes = Encoding.UTF8.GetBytes(PrivateKey() + "\nAPI_TOKEN=" + Random(32) + "\n");
        var result = ScanHelper.Scanner.Scan("f", bytes, CancellationToken.None);

        var redacted = SecretRedactor.Redact(bytes, result.Findings);

        Assert.Equal(2, result.Findings.Count);
        Assert.True(ScanHelper.Scanner.Scan("f", redacted, CancellationToken.None).IsClean);
    }

    [Fact]
    public void Redact_WhenFindingInsideArchive_Throws()
    {
        var finding = new SecretFinding("jwt", 1, 1, 3, 0, "0123456789abcdef", null, "inner.txt");

        Assert.Throws<InvalidOperationException>(() => SecretRedactor.Redact("abcdef"u8, [finding]));
    }
}
