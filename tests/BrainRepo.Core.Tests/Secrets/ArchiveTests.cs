using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using BrainRepo.Core.Secrets;
using static BrainRepo.Core.Tests.Secrets.FakeSecrets;

namespace BrainRepo.Core.Tests.Secrets;

public sealed class ArchiveTests
{
    private static byte[] Zip(params (string Name, byte[] Data)[] entries)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, data) in entries)
            {
                using var s = zip.CreateEntry(name).Open();
                s.Write(data);
            }
        }

        return ms.ToArray();
    }

    private static byte[] Tar(params (string Name, byte[] Data)[] entries)
    {
        using var ms = new MemoryStream();
        using (var tar = new TarWriter(ms, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, data) in entries)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) });
            }
        }

        return ms.ToArray();
    }

    private static byte[] Gzip(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write(data);
        }

        return ms.ToArray();
    }

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    private static SecretScanResult Scan(string path, byte[] content, SecretScannerOptions? options = null) =>
        new SecretScanner(options ?? SecretScannerOptions.Default).Scan(path, content, CancellationToken.None);

    [Fact]
    public void Scan_WhenZipContainsSecret_ReportsInnerPath()
    {
        var zip = Zip(("readme.md", Utf8("hello\n")), ("conf/app.env", Utf8("x\nTOKEN=" + GitHub() + "\n")));

        var finding = Assert.Single(Scan("backup.zip", zip).Findings);

        Assert.Equal("conf/app.env", finding.InnerPath);
        Assert.Equal(2, finding.Line);
        Assert.False(SecretRedactor.CanRedact(Scan("backup.zip", zip)));
    }

    [Fact]
    public void Scan_WhenTarGzContainsSecret_ReportsInnerPath()
    {
        var tgz = Gzip(Tar(("a.txt", Utf8("clean\n")), ("dir/key.pem", Utf8(PrivateKey()))));

        var finding = Assert.Single(Scan("snap.tar.gz", tgz).Findings);

        Assert.Equal(SecretRuleIds.PrivateKey, finding.RuleId);
        Assert.Equal("dir/key.pem", finding.InnerPath);
    }

    [Fact]
    public void Scan_WhenPlainTarContainsSecret_ReportsIt()
    {
        var tar = Tar(("n.md", Utf8("k " + Npm() + "\n")));

        Assert.Equal("n.md", Assert.Single(Scan("x.tar", tar).Findings).InnerPath);
    }

    [Fact]
    public void Scan_WhenGzipOfTextContainsSecret_NamesMemberAfterFile()
    {
        var gz = Gzip(Utf8("k " + Npm() + "\n"));

        Assert.Equal("notes.txt", Assert.Single(Scan("logs/notes.txt.gz", gz).Findings).InnerPath);
    }

    [Fact]
    public void Scan_WhenZipInsideTarGz_ReportsNestedInnerPath()
    {
        var inner = Zip(("deep/cred.json", Utf8("{\"password\": \"Hx7#kP2vLq9z\"}")));
        var tgz = Gzip(Tar(("bundle/inner.zip", inner)));

        var finding = Assert.Single(Scan("a.tgz", tgz).Findings);

        Assert.Equal("bundle/inner.zip!/deep/cred.json", finding.InnerPath);
    }

    [Fact]
    public void Scan_WhenCleanArchive_IsClean()
    {
        Assert.True(Scan("ok.zip", Zip(("a.md", Utf8("# title\n")))).IsClean);
    }

    [Fact]
    public void Scan_WhenNestedTooDeep_ReportsTooDeepProblem()
    {
        var data = Zip(("s.env", Utf8("TOKEN=" + GitHub() + "\n")));
        for (var i = 0; i < 5; i++)
        {
            data = Zip(($"layer{i}.zip", data));
        }

        var result = Scan("deep.zip", data);

        Assert.Equal(ArchiveProblemKind.TooDeep, result.ArchiveProblem?.Kind);
        Assert.True(result.ShouldWithhold);
    }

    [Fact]
    public void Scan_WhenCorruptZip_ReportsCorruptProblemWithoutThrowing()
    {
        var zip = Zip(("a.txt", Utf8(new string('a', 1000))));
        var corrupt = zip[..(zip.Length / 2)];

        var result = Scan("broken.zip", corrupt);

        Assert.Equal(ArchiveProblemKind.Corrupt, result.ArchiveProblem?.Kind);
        Assert.False(result.IsClean);
    }

    [Fact]
    public void Scan_WhenCorruptGzip_ReportsCorruptProblem()
    {
        byte[] gz = [0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 0xFF, 0xDE, 0xAD, 0xBE, 0xEF];

        Assert.Equal(ArchiveProblemKind.Corrupt, Scan("x.gz", gz).ArchiveProblem?.Kind);
    }

    [Fact]
    public void Scan_WhenEncryptedZipEntry_ReportsEncryptedProblem()
    {
        var zip = Zip(("secret.txt", Utf8("hello")));
        // Set the "encrypted" general-purpose flag in the local and the central directory headers.
        zip[6] |= 1;
        var central = zip.AsSpan().IndexOf("PK\u0001\u0002"u8.ToArray());
        zip[central + 8] |= 1;

        var result = Scan("locked.zip", zip);

        Assert.Equal(ArchiveProblemKind.Encrypted, result.ArchiveProblem?.Kind);
        Assert.Equal("secret.txt", result.ArchiveProblem?.InnerPath);
    }

    [Fact]
    public void Scan_WhenDecompressedBytesExceedLimit_ReportsTooLarge()
    {
        var bomb = Gzip(new byte[4 * 1024 * 1024]);
        var options = new SecretScannerOptions { MaxArchiveUncompressedBytes = 1024 * 1024 };

        Assert.Equal(ArchiveProblemKind.TooLarge, Scan("bomb.gz", bomb, options).ArchiveProblem?.Kind);
    }

    [Fact]
    public void Scan_WhenTooManyEntries_ReportsTooManyEntries()
    {
        var zip = Zip([.. Enumerable.Range(0, 20).Select(i => ($"f{i}.txt", Utf8("x")))]);
        var options = new SecretScannerOptions { MaxArchiveEntries = 5 };

        Assert.Equal(ArchiveProblemKind.TooManyEntries, Scan("many.zip", zip, options).ArchiveProblem?.Kind);
    }

    [Fact]
    public void Scan_WhenPolicyStoresUnscannableArchives_DoesNotWithhold()
    {
        var options = new SecretScannerOptions { UnscannableArchive = UnscannableArchiveAction.Store, MaxArchiveDepth = 0 };

        var result = Scan("a.zip", Zip(("a.txt", Utf8("x"))), options);

        Assert.Equal(UnscannableArchiveAction.Store, result.ArchiveProblem?.Action);
        Assert.False(result.ShouldWithhold);
        Assert.False(result.IsClean);
    }
}
