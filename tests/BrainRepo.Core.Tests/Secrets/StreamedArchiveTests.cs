using System.Runtime.CompilerServices;
using System.Text;
using BrainRepo.Core.Secrets;
using static BrainRepo.Core.Tests.Secrets.FakeSecrets;
using static BrainRepo.Core.Tests.Secrets.TestArchives;

namespace BrainRepo.Core.Tests.Secrets;

/// <summary>
/// Archive members are streamed, not inflated into memory: a large text member is scanned in windows as it is
/// decompressed, with exactly the findings of the same bytes scanned as a file; what cannot be streamed is held within
/// the memory budget, or reported as too large to scan within it.
/// </summary>
public sealed class StreamedArchiveTests
{
    private const int Margins = SecretRule.MaxReachBehind + SecretRule.MaxReachAhead;

    private static SecretScanner Windowed(int owned) => new(SecretScannerOptions.Default, Margins + owned);

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    private static string Filler(int lines) => string.Concat(Enumerable.Range(0, lines).Select(i => $"filler line {i} about the key to the task\n"));

    /// <summary>The same bytes as a plain file, as a gzip, inside a tar.gz and inside a zip: the findings differ only in their inner path.</summary>
    private static void AssertMembersFindWhatTheFileFinds(SecretScanner scanner, byte[] content)
    {
        var expected = scanner.Scan("notes/big.txt", content, CancellationToken.None).Findings;
        Assert.NotEmpty(expected);
        (string Path, byte[] Archive, string Inner)[] archives =
        [
            ("notes/big.txt.gz", Gzip(content), "big.txt"),
            ("a.tar.gz", Gzip(Tar(("d/big.txt", content))), "d/big.txt"),
            ("a.zip", Zip(("d/big.txt", content)), "d/big.txt"),
            ("outer.tgz", Gzip(Tar(("in.zip", Zip(("d/big.txt", content))))), "in.zip!/d/big.txt"),
        ];
        foreach (var (path, archive, inner) in archives)
        {
            var result = scanner.Scan(path, archive, CancellationToken.None);

            Assert.Null(result.ArchiveProblem);
            var actual = result.Findings;
            Assert.True(
                expected.Select(f => f with { InnerPath = inner }).SequenceEqual(actual),
                $"{path}: expected [{string.Join(", ", expected)}] but found [{string.Join(", ", actual)}]");
        }
    }

    [Theory]
    [InlineData(1, 97)]
    [InlineData(2, 1000)]
    [InlineData(3, 4099)]
    [InlineData(4, 30_011)]
    public void Scan_LargeTextMembers_FindExactlyWhatTheSameFileFinds(int seed, int owned)
    {
        var content = Utf8(WindowedScanTests.RandomText(seed, 3000));
        Assert.True(content.Length > 4 * (Margins + owned), "the member spans several windows");

        AssertMembersFindWhatTheFileFinds(Windowed(owned), content);
    }

    [Fact]
    public void Scan_LargeMemberWithAByteOrderMarkAndNonAsciiText_ReportsTheFileOffsets()
    {
        var text = "\uFEFF" + string.Concat(Enumerable.Range(0, 3000).Select(i => $"ligne {i}: café, naïve, 東京\n"))
            + $"token = \"{Random(24, Alnum, 3)}\"\n" + WindowedScanTests.RandomText(7, 500);

        AssertMembersFindWhatTheFileFinds(Windowed(1000), Utf8(text));
    }

    [Fact]
    public void Scan_LargeMembersThatCannotBeWindowed_AreReadAgainWholeAndTheirKeysFound()
    {
        // A private key block and a service account: their rules need the whole text, so the member is read a second time.
        var body = string.Join("\n", Enumerable.Range(0, 30).Select(i => Random(64, Base64, i)));
        var pem = "-----BEGIN RSA PRIVATE KEY-----\n" + body + "\n-----END RSA PRIVATE KEY-----\n";
        var content = Utf8(Filler(3000) + pem + Filler(2000) + ServiceAccountJson(seed: 5) + Filler(100));
        var utf16 = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Filler(3000) + "GITHUB_TOKEN=" + GitHub(seed: 8) + "\n")).ToArray();

        AssertMembersFindWhatTheFileFinds(Windowed(1000), content);
        AssertMembersFindWhatTheFileFinds(Windowed(1000), utf16);
        Assert.Equal(
            [SecretRuleIds.PrivateKey, SecretRuleIds.GcpServiceAccount],
            Windowed(1000).Scan("a.tar.gz", Gzip(Tar(("k/key.txt", content))), CancellationToken.None).Findings.Select(f => f.RuleId));
    }

    [Fact]
    public void Scan_MemberTooLargeToHoldWithinTheMemoryBudget_IsWithheldAndSaysWhy()
    {
        // A key header up front makes the member scan whole: 40 MiB of text is 80 MiB as one string, and a 64 MiB
        // budget leaves 32 MiB for it. The default budget (128 MiB for it) scans it, and finds nothing.
        var text = Utf8("-----BEGIN OPENSSH PRIVATE KEY----- (the key itself is elsewhere)\n" + string.Concat(Enumerable.Repeat(Filler(1000), 1200)));
        Assert.True(text.Length > 40 << 20);
        var archive = Gzip(text);
        var small = new SecretScanner(SecretScannerOptions.Default with { MemoryBudgetBytes = 64L << 20 });

        var result = small.Scan("dump.json.gz", archive, CancellationToken.None);

        Assert.Equal(ArchiveProblemKind.OverMemoryBudget, result.ArchiveProblem?.Kind);
        Assert.Equal("dump.json", result.ArchiveProblem?.InnerPath);
        Assert.Contains("too large to scan within the memory budget", result.ArchiveProblem?.Reason, StringComparison.Ordinal);
        Assert.True(result.ShouldWithhold);
        Assert.Contains("too large to scan within the memory budget", SecretFindingFormatter.ToWithheldReason(result), StringComparison.Ordinal);
        Assert.True(new SecretScanner().Scan("dump.json.gz", archive, CancellationToken.None).IsClean);
    }

    [Fact]
    public void Scan_LargeJsonGz_IsStreamedWithoutHoldingTheMemberInMemory()
    {
        // The shape of a large JSON export (64 MiB inside a few MiB of gzip): keywords everywhere, no secret.
        var line = "{\"id\": \"a83c007c0a73134f\", \"name\": \"token budget\", \"note\": \"keep the private key, pass and auth secret\", \"score\": 91.12},\n";
        var archive = Gzip(Utf8(string.Concat(Enumerable.Repeat(line, (64 << 20) / line.Length))));
        var scanner = new SecretScanner();
        Assert.True(scanner.Scan("export.json.gz", archive, CancellationToken.None).IsClean); // warm-up: pooled buffers, regexes

        SecretScanResult? result = null;
        var allocated = AllocatedBy(() => result = scanner.Scan("export.json.gz", archive, CancellationToken.None));

        Assert.True(result!.IsClean);
        Assert.True(allocated < 8L << 20, $"scanning a 64 MiB member allocated {allocated:N0} bytes");
    }

    [Fact]
    public void Scan_ZipWhoseOversizeMemberPrecedesAKey_ReportsTheKeyAndTheOversizeMember()
    {
        var zip = Zip(("bomb.bin", new byte[4 << 20]), ("conf/app.env", Utf8("TOKEN=" + GitHub() + "\n")));
        var options = SecretScannerOptions.Default with { MaxArchiveUncompressedBytes = 1 << 20 };

        var result = new SecretScanner(options).Scan("bundle.zip", zip, CancellationToken.None);

        var finding = Assert.Single(result.Findings);
        Assert.Equal(SecretRuleIds.GitHubToken, finding.RuleId);
        Assert.Equal("conf/app.env", finding.InnerPath);
        Assert.Equal(ArchiveProblemKind.TooLarge, result.ArchiveProblem?.Kind);
        Assert.Equal("bomb.bin", result.ArchiveProblem?.InnerPath);
        Assert.True(result.ShouldWithhold);
    }

    [Fact]
    public void Scan_GzipBombOfZeros_StopsAtTheLimitWithoutHoldingIt()
    {
        var bomb = GzipOfZeros(300L << 20);
        var scanner = new SecretScanner();
        scanner.Scan("small.gz", Gzip(new byte[1 << 20]), CancellationToken.None); // warm-up

        SecretScanResult? result = null;
        var allocated = AllocatedBy(() => result = scanner.Scan("bomb.bin.gz", bomb, CancellationToken.None));

        Assert.Equal(ArchiveProblemKind.TooLarge, result!.ArchiveProblem?.Kind);
        Assert.Contains("256 MiB", result.ArchiveProblem?.Reason, StringComparison.Ordinal);
        Assert.True(allocated < 4L << 20, $"scanning the bomb allocated {allocated:N0} bytes");
    }

    [Fact]
    public void Scan_ArchiveMemberNamedWithASecret_IsAFindingAndTheNameIsNeverShown()
    {
        var token = GitHub(seed: 4);
        var zip = Zip(($"keys/{token}.txt", Utf8("hello\n")));
        var tgz = Gzip(Tar(($"deep/{token}/notes.md", Utf8("hello\n"))));

        var zipResult = new SecretScanner().Scan("a.zip", zip, CancellationToken.None);
        var tgzResult = new SecretScanner().Scan("a.tgz", tgz, CancellationToken.None);

        var finding = Assert.Single(zipResult.Findings);
        Assert.True(finding.InName);
        Assert.Equal(SecretRuleIds.GitHubToken, finding.RuleId);
        Assert.Equal("keys/[REDACTED:github-token].txt", finding.InnerPath);
        Assert.Equal("deep/[REDACTED:github-token]/notes.md", Assert.Single(tgzResult.Findings).InnerPath);
        var shown = string.Join('\n', SecretFindingFormatter.ToHumanString("a.zip", finding), SecretFindingFormatter.ToJsonLine("a.zip", finding), SecretFindingFormatter.ToWithheldReason(zipResult));
        Assert.DoesNotContain(token, shown, StringComparison.Ordinal);
        Assert.Contains("name contains github-token", shown, StringComparison.Ordinal);
        Assert.True(new SecretScanner().Scan("a.zip", Zip(("keys/readme.txt", Utf8("hello\n"))), CancellationToken.None).IsClean);
    }

    [Fact]
    public void ScanName_FindsASecretInAPathWithTheContentRules()
    {
        var token = GitHub(seed: 6);
        var scanner = new SecretScanner();

        var findings = scanner.ScanName($"backups/{token}/notes.md", CancellationToken.None);

        var finding = Assert.Single(findings);
        Assert.True(finding.InName);
        Assert.Equal("backups/[REDACTED:github-token]/notes.md", SecretNames.Redact($"backups/{token}/notes.md", findings));
        Assert.Empty(scanner.ScanName("backups/2024-05-01/notes.md", CancellationToken.None));
        Assert.Empty(scanner.ScanName("notes/password-reset.md", CancellationToken.None));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    /// <summary>
    /// The bytes this thread allocates for <paramref name="action"/>, the least of three runs: a pooled buffer that a
    /// test running in parallel happened to hold is allocated anew once, and is not what the bound is about.
    /// </summary>
    private static long AllocatedBy(Action action)
    {
        var least = long.MaxValue;
        for (var run = 0; run < 3; run++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            action();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }
}
