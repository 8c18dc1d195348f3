using System.Text;
using BrainRepo.Core.Secrets;
using static BrainRepo.Core.Tests.Secrets.FakeSecrets;

namespace BrainRepo.Core.Tests.Secrets;

public sealed class TextDetectionTests
{
    [Theory]
    [InlineData("app.toml")]
    [InlineData("index.js")]
    [InlineData("main.ts")]
    [InlineData("Program.cs")]
    [InlineData("pom.xml")]
    [InlineData("app.properties")]
    [InlineData("analysis.ipynb")]
    [InlineData("Makefile")]
    [InlineData("no-extension")]
    public void Scan_WhenSecretInAnyTextFile_ReportsItRegardlessOfExtension(string path)
    {
        var text = "x = \"" + GitHub() + "\"\n";

        Assert.Equal([SecretRuleIds.GitHubToken], ScanHelper.Rules(text, path));
    }

    [Fact]
    public void Scan_WhenUtf8Bom_ReportsByteOffsetsIncludingBom()
    {
        var secret = GitHub();
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("t=" + secret + "\n")).ToArray();

        var finding = Assert.Single(ScanHelper.Scanner.Scan("a.txt", bytes, CancellationToken.None).Findings);

        Assert.Equal(5, finding.StartOffset);
        Assert.Equal(secret, Encoding.UTF8.GetString(bytes, finding.StartOffset, finding.Length));
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(false, false)]
    public void Scan_WhenUtf16_DecodesAndReportsByteSpan(bool littleEndian, bool withBom)
    {
        var secret = GitHub();
        var encoding = new UnicodeEncoding(bigEndian: !littleEndian, byteOrderMark: withBom);
        var bytes = encoding.GetPreamble().Concat(encoding.GetBytes("line one\ntoken: " + secret + "\n")).ToArray();

        var finding = Assert.Single(ScanHelper.Scanner.Scan("w.ps1", bytes, CancellationToken.None).Findings);

        Assert.Equal(2, finding.Line);
        Assert.Equal(8, finding.Column);
        Assert.Equal(secret, encoding.GetString(bytes, finding.StartOffset, finding.Length));
    }

    [Fact]
    public void Scan_WhenNonUtf8Latin1Text_StillScans()
    {
        var bytes = Encoding.Latin1.GetBytes("caf\u00e9 senha=Senh4Forte#2024 ol\u00e1\n");

        Assert.Single(ScanHelper.Scanner.Scan("legacy.txt", bytes, CancellationToken.None).Findings);
    }

    [Fact]
    public void Scan_WhenMultibyteUtf8BeforeSecret_ColumnAndOffsetAreBytes()
    {
        var secret = GitHub();
        var text = "\u00e9\u00e9 " + secret;
        var bytes = Encoding.UTF8.GetBytes(text);

        var finding = Assert.Single(ScanHelper.Scanner.Scan("u.txt", bytes, CancellationToken.None).Findings);

        Assert.Equal(5, finding.StartOffset);
        Assert.Equal(secret, Encoding.UTF8.GetString(bytes, finding.StartOffset, finding.Length));
    }

    [Fact]
    public void Scan_WhenBinaryWithSecretBytes_IsNotScannedAsText()
    {
        var bytes = new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0, 0, 0, 13 }
            .Concat(Encoding.ASCII.GetBytes(GitHub())).Concat(new byte[] { 0, 1, 2, 3 }).ToArray();

        Assert.True(ScanHelper.Scanner.Scan("img.png", bytes, CancellationToken.None).IsClean);
    }

    [Theory]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, 0x61 }, ContentKind.Utf8Bom)]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x61, 0 }, ContentKind.Utf16LittleEndian)]
    [InlineData(new byte[] { 0xFE, 0xFF, 0, 0x61 }, ContentKind.Utf16BigEndian)]
    [InlineData(new byte[] { 0x61, 0x62, 0x0A }, ContentKind.Text8Bit)]
    [InlineData(new byte[] { 0x50, 0x4B, 3, 4, 0, 0 }, ContentKind.Zip)]
    [InlineData(new byte[] { 0x1F, 0x8B, 8, 0 }, ContentKind.Gzip)]
    [InlineData(new byte[] { 0x00, 0x01, 0x02, 0xFF, 0x00, 0x10, 0x00, 0x00 }, ContentKind.Binary)]
    public void Detect_ClassifiesByContent(byte[] content, ContentKind expected)
    {
        Assert.Equal(expected, ContentSniffer.Detect(content));
    }

    [Fact]
    public void Scan_WhenEmptyContent_IsClean()
    {
        Assert.Same(SecretScanResult.Clean, ScanHelper.Scanner.Scan("empty", [], CancellationToken.None));
    }

    [Fact]
    public void Scan_WhenCancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.Throws<OperationCanceledException>(() => ScanHelper.Scanner.Scan("a", "x"u8, cts.Token));
    }
}
