using BrainRepo.Core.Secrets;
using static BrainRepo.Core.Tests.Secrets.FakeSecrets;

namespace BrainRepo.Core.Tests.Secrets;

/// <summary>Paths are scanned many at once (one per line), with exactly the result of scanning each alone.</summary>
public sealed class SecretNameCheckTests
{
    private static readonly SecretScanner Scanner = new();

    [Fact]
    public void CheckNames_ThousandsOfPaths_FindEachSecretAtItsOwnPathOnly()
    {
        var paths = Enumerable.Range(0, 5000).Select(i => $"notes/token-budget-{i}/day-{i}.md").ToArray();
        var planted = new[] { 0, 2047, 2048, 4999 };
        foreach (var i in planted)
        {
            paths[i] = $"keys/{GitHub(seed: i + 1)}/day-{i}.md";
        }

        var matches = SecretGate.CheckNames(Scanner, paths, CancellationToken.None);

        Assert.Equal(planted, Enumerable.Range(0, paths.Length).Where(i => matches[i] is not null));
        foreach (var i in planted)
        {
            Assert.Equal($"keys/[REDACTED:github-token]/day-{i}.md", matches[i]!.DisplayPath);
            Assert.Equal(SecretGate.CheckName(Scanner, paths[i], CancellationToken.None), matches[i], new MatchComparer());
            Assert.Equal(SecretNames.PathFingerprint(paths[i]), matches[i]!.PathFingerprint);
        }
    }

    [Fact]
    public void CheckNames_NoMatchSpansTwoPaths()
    {
        // Alone, neither path holds a secret; a key name at the end of one path must not make the next one a value,
        // and a key header must not take the following paths for its body.
        string[] paths =
        [
            "config/aws_secret_access_key =",
            Random(40, Base64, 3).Replace('/', '_'),
            "-----BEGIN RSA PRIVATE KEY-----",
            .. Enumerable.Range(0, 8).Select(i => Random(64, Base64, i).Replace('/', '_')),
            "-----END RSA PRIVATE KEY-----",
        ];
        Assert.All(paths, p => Assert.Null(SecretGate.CheckName(Scanner, p, CancellationToken.None)));

        Assert.All(SecretGate.CheckNames(Scanner, paths, CancellationToken.None), Assert.Null);
        Assert.NotEmpty(Scanner.ScanName(string.Join('\n', paths), CancellationToken.None)); // joined by bare line breaks, they would
    }

    private sealed class MatchComparer : IEqualityComparer<SecretNameMatch?>
    {
        public bool Equals(SecretNameMatch? x, SecretNameMatch? y) =>
            x is not null && y is not null && x.DisplayPath == y.DisplayPath && x.PathFingerprint == y.PathFingerprint && x.Findings.SequenceEqual(y.Findings);

        public int GetHashCode(SecretNameMatch? obj) => obj?.DisplayPath.GetHashCode(StringComparison.Ordinal) ?? 0;
    }
}
