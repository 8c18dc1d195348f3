using System.Runtime.CompilerServices;
using System.Text;
using BrainRepo.Core.Secrets;
using static BrainRepo.Core.Tests.Secrets.FakeSecrets;

namespace BrainRepo.Core.Tests.Secrets;

/// <summary>
/// Large 8-bit texts are scanned in windows over one reused buffer. These tests hold the windowed scan to the one-pass
/// scan of the same bytes, finding for finding (rule, line, column, offset, length, fingerprint), with windows small
/// enough that secrets, keys, URLs and allow markers land on every kind of boundary.
/// </summary>
public sealed class WindowedScanTests
{
    private const int Margins = SecretRule.MaxReachBehind + SecretRule.MaxReachAhead;

    private static readonly SecretScanner OnePass = new(SecretScannerOptions.Default, int.MaxValue);

    private static SecretScanner Windowed(int owned) => new(SecretScannerOptions.Default, Margins + owned);

    private static IReadOnlyList<SecretFinding> Scan(SecretScanner scanner, byte[] content) =>
        scanner.Scan("notes/big.txt", content, CancellationToken.None).Findings;

    private static void AssertSameFindings(byte[] content, params int[] ownedSizes)
    {
        var expected = Scan(OnePass, content);
        foreach (var owned in ownedSizes)
        {
            var actual = Scan(Windowed(owned), content);
            Assert.True(expected.SequenceEqual(actual), $"windows of {owned}: expected [{string.Join(", ", expected)}] but found [{string.Join(", ", actual)}]");
        }
    }

    /// <summary>Lines of every kind the rules care about, secrets and near misses, mixed at random.</summary>
    internal static string RandomText(int seed, int lines)
    {
        var random = new Random(seed);
        var positives = ProviderRuleTests.Positives().Select(row => ((string)row[2]).Replace("{0}", (string)row[3], StringComparison.Ordinal)).ToArray();
        var negatives = ProviderRuleTests.Negatives().Select(row => (string)row[1] + "\n").ToArray();
        var assignments = GenericSecretTests.Assignments().Select(row => ((string)row[1]).Replace("{0}", (string)row[2], StringComparison.Ordinal)).ToArray();
        var sb = new StringBuilder();
        for (var i = 0; i < lines; i++)
        {
            var pick = random.Next(100);
            var line = pick switch
            {
                < 40 => $"plain line {i}: the task list asks about risk, storage, tokens and the key to it\n",
                < 50 => positives[random.Next(positives.Length)],
                < 60 => negatives[random.Next(negatives.Length)],
                < 75 => assignments[random.Next(assignments.Length)],
                < 78 => $"postgres://app:{Random(14, Alnum, i)}@db{i}.internal:5432/x\n",
                < 80 => $"see https://user:{Random(10, Alnum, i)}@{string.Concat(Enumerable.Repeat("h", random.Next(1, 300)))}.example.org/\n",
                < 83 => $"{positives[random.Next(positives.Length)].TrimEnd('\n')} # brainrepo:allow\n",
                < 86 => $"{{\"a\": \"{Random(random.Next(10, 4000), Alnum, i)}\", \"password\": \"{Random(20, Alnum, i + 1)}\"}}\n",
                < 90 => string.Concat(Enumerable.Repeat("token key pass auth ", random.Next(1, 50))) + "\n",
                < 93 => $"$password = {Random(12, Alnum, i)} and @token={Random(12, Alnum, i + 2)}\n",
                < 95 => $"PASS: test-{i}\n",
                < 97 => $"password: \"use token={Random(24, Alnum, i)} here\"\n",
                _ => $"{Random(random.Next(1, 200), Base64, i)}\n",
            };
            sb.Append(line);
        }

        return sb.ToString();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Scan_RandomTextsWithSecretsOnEveryKindOfBoundary_FindExactlyWhatOnePassFinds(int seed)
    {
        var content = Encoding.UTF8.GetBytes(RandomText(seed, 3000));
        Assert.True(content.Length > 4 * (Margins + 5000), "the text spans several windows");
        Assert.NotEmpty(Scan(OnePass, content));

        AssertSameFindings(content, 97, 1000, 4099, 30_011);
    }

    [Theory]
    [MemberData(nameof(ProviderRuleTests.Positives), MemberType = typeof(ProviderRuleTests))]
    public void Scan_SecretAtEveryOffsetAcrossAWindowBoundary_IsFoundOnceWithItsSpan(string rule, string path, string template, string secret)
    {
        _ = path;
        const int Owned = 2000;
        var planted = template.Replace("{0}", secret, StringComparison.Ordinal);
        var filler = string.Concat(Enumerable.Range(0, 2000).Select(i => $"filler {i} with a key word\n"));
        for (var shift = 0; shift <= planted.Length + 1; shift += Math.Max(1, planted.Length / 16))
        {
            // The planted text starts shift chars before the end of the first window's range.
            var head = filler[..(Owned - shift)];
            var text = head + planted + filler;
            var content = Encoding.UTF8.GetBytes(text);

            var findings = Scan(Windowed(Owned), content);

            var finding = Assert.Single(findings);
            Assert.Equal(rule, finding.RuleId);
            Assert.Equal(secret, ScanHelper.SecretOf(text, finding));
            Assert.Equal(Scan(OnePass, content), findings);
        }
    }

    /// <summary>
    /// The one pass reads <c>password: "…"</c> as one assignment and goes on after its value, so the <c>token=…</c> inside it
    /// is never judged on its own (it is not a secret here; alone it would be). A window that starts inside the value must
    /// go on where the pass stood, not at its own start.
    /// </summary>
    [Fact]
    public void Scan_AssignmentInsideAQuotedValueCutByABoundary_IsSkippedAsInOnePass()
    {
        const int Owned = 2000;
        var inner = $"token={Random(24, Alnum, 3)}";
        var line = $"password: \"use {inner} here\"\n";
        var filler = string.Concat(Enumerable.Range(0, 2000).Select(i => $"filler {i}\n"));
        Assert.Single(Scan(Windowed(Owned), Encoding.UTF8.GetBytes(filler[..Owned] + $"note: use {inner} here\n" + filler)));
        for (var shift = 1; shift < line.Length; shift++)
        {
            var content = Encoding.UTF8.GetBytes(filler[..(Owned - shift - 1)] + "\n" + line + filler);

            Assert.True(Scan(Windowed(Owned), content).Count == 0, $"a finding with the line {shift} chars before the boundary");
        }
    }

    [Fact]
    public void Scan_UrlWhoseHostRunsPastTheWindow_IsScannedWholeAndJudgedOnItsRealHost()
    {
        var password = Random(16, Alnum, 5);
        var longHost = string.Concat(Enumerable.Repeat("a", SecretRule.MaxReachAhead + 500));
        var filler = string.Concat(Enumerable.Range(0, 3000).Select(i => $"filler {i}\n"));

        // A real host: a finding. A documentation host (example.com) at the end of a host longer than the margin: none.
        var real = Encoding.UTF8.GetBytes(filler + $"https://app:{password}@{longHost}.internal/\n" + filler);
        var documentation = Encoding.UTF8.GetBytes(filler + $"https://app:{password}@{longHost}.example.com/\n" + filler);

        Assert.Equal(SecretRuleIds.UrlCredentials, Assert.Single(Scan(Windowed(1000), real)).RuleId);
        Assert.Empty(Scan(Windowed(1000), documentation));
        AssertSameFindings(real, 1000);
        AssertSameFindings(documentation, 1000);
    }

    [Fact]
    public void Scan_PrivateKeyAndServiceAccountInALargeText_AreFoundAsInOnePass()
    {
        var filler = string.Concat(Enumerable.Range(0, 5000).Select(i => $"filler {i}\n"));
        var body = string.Join("\n", Enumerable.Range(0, 30).Select(i => Random(64, Base64, i)));
        var pem = "-----BEGIN RSA PRIVATE KEY-----\n" + body + "\n-----END RSA PRIVATE KEY-----\n";

        // The service account's keyword is thousands of chars (several windows) before its key.
        var escaped = pem.Replace("\n", "\\n", StringComparison.Ordinal);
        var serviceAccount = "{\"type\": \"service_account\",\n" + filler + "\"private_key\": \"" + escaped + "\"}\n";
        var content = Encoding.UTF8.GetBytes(filler + pem + filler + serviceAccount);

        var findings = Scan(Windowed(1000), content);

        Assert.Equal([SecretRuleIds.PrivateKey, SecretRuleIds.GcpServiceAccount], findings.Select(f => f.RuleId));
        AssertSameFindings(content, 1000);
    }

    [Fact]
    public void Scan_AllowMarkerWindowsAwayOnTheSameLongLine_SilencesTheSecret()
    {
        var secret = GitHub(seed: 9);
        var line = "brainrepo:ALLOW " + string.Concat(Enumerable.Repeat("word ", 10_000)) + secret + "\n";
        var filler = string.Concat(Enumerable.Range(0, 3000).Select(i => $"filler {i}\n"));
        var allowed = Encoding.UTF8.GetBytes(filler + line + filler);
        var flagged = Encoding.UTF8.GetBytes(filler + line.Replace("ALLOW", "other", StringComparison.Ordinal) + filler);

        Assert.Empty(Scan(Windowed(1000), allowed));
        Assert.Single(Scan(Windowed(1000), flagged));
    }

    [Fact]
    public void Scan_Utf8BomAndNonAsciiText_ReportsTheSameOffsetsAsOnePass()
    {
        var text = "\uFEFF" + string.Concat(Enumerable.Range(0, 4000).Select(i => $"ligne {i}: café, naïve, 東京, Ünïcödé\n"))
            + $"token = \"{Random(24, Alnum, 3)}\"\n" + RandomText(7, 500);
        var content = Encoding.UTF8.GetBytes(text);
        Assert.Equal(0xEF, content[0]);

        Assert.NotEmpty(Scan(Windowed(1000), content));
        AssertSameFindings(content, 1000, 7777);
    }

    [Fact]
    public void Scan_MultiMegabyteCleanText_NeverHoldsTheWholeTextDecoded()
    {
        // The shape of a large JSON export: keywords everywhere, no secret.
        var line = "{\"id\": \"a83c007c0a73134f\", \"name\": \"token budget\", \"note\": \"keep the private key, pass and auth secret\", \"score\": 91.12},\n";
        var content = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(line, (8 << 20) / line.Length)));
        var windowed = new SecretScanner();
        Assert.Empty(Scan(windowed, content)); // warm-up: the pooled window buffer, the regexes

        var windowedBytes = AllocatedBy(() => Scan(windowed, content));
        var onePassBytes = AllocatedBy(() => Scan(OnePass, content));

        // One pass decodes the 8 MiB into a 16 MiB string; windows reuse a 512 KiB buffer.
        Assert.True(onePassBytes > 16L << 20, $"one pass allocated {onePassBytes:N0} bytes");
        Assert.True(windowedBytes < 1L << 20, $"the windowed scan allocated {windowedBytes:N0} bytes");
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
