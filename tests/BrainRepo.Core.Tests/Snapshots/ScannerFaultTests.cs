using BrainRepo.Core.Model;
using BrainRepo.Core.Secrets;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Tests.Support;
using static BrainRepo.Core.Tests.Secrets.TestArchives;

namespace BrainRepo.Core.Tests.Snapshots;

/// <summary>One file the scanner cannot cope with costs that file, never the snapshot of the others.</summary>
public sealed class ScannerFaultTests
{
    /// <summary>The real scanner, except that it throws what a pathological input could make it throw on some paths.</summary>
    private sealed class FaultyScanner(Dictionary<string, Exception> faults) : ISecretScanner
    {
        private readonly SecretScanner _inner = new();

        public ScanMemoryBudget MemoryBudget => _inner.MemoryBudget;

        public SecretScanResult Scan(string path, ReadOnlySpan<byte> content, CancellationToken cancellationToken) =>
            faults.TryGetValue(path, out var fault) ? throw fault : _inner.Scan(path, content, cancellationToken);

        public IReadOnlyList<SecretFinding> ScanName(string name, CancellationToken cancellationToken) => _inner.ScanName(name, cancellationToken);
    }

    [Fact]
    public void Sync_WhenTheScannerFailsOnSomeFiles_WithholdsThemWithTheReasonAndStoresTheOthers()
    {
        using var ws = new TestWorkspace();
        ws.Write("data/poison.json", "{\"a\": 1}\n");
        ws.Write("data/deep.json", "[[[[]]]]\n");
        ws.Write("data/broken.json", "{}\n");
        for (var i = 0; i < 20; i++)
        {
            ws.Write($"notes/n{i}.md", $"note {i}\n");
        }

        var faulty = new FaultyScanner(new()
        {
            ["data/poison.json"] = new OutOfMemoryException(),
            ["data/deep.json"] = new InsufficientExecutionStackException(),
            ["data/broken.json"] = new InvalidDataException(),
        });

        var result = ws.Sync(scanner: faulty);

        var stored = ws.SnapshotFiles().Keys.ToHashSet();
        Assert.Equal(20, stored.Count(p => p.StartsWith("notes/", StringComparison.Ordinal)));
        foreach (var (path, exception) in new[] { ("data/poison.json", "OutOfMemoryException"), ("data/deep.json", "InsufficientExecutionStackException"), ("data/broken.json", "InvalidDataException") })
        {
            Assert.DoesNotContain(path, stored);
            var entry = Assert.Single(result.Report.Entries, e => e.Path == path);
            Assert.Equal(Disposition.WithheldSecret, entry.Disposition);
            Assert.Equal("secret:scan-failed", entry.Rule);
            Assert.Contains($"the scanner failed on this content ({exception})", entry.Detail, StringComparison.Ordinal);
        }

        // The same files with a scanner that copes are stored.
        ws.Sync(scanner: new SecretScanner());
        Assert.Contains("data/poison.json", ws.SnapshotFiles().Keys);
    }

    [Fact]
    public void Sync_WhenTheScannerFailsOnAFileWithAnEarlierVersion_KeepsThatVersion()
    {
        using var ws = new TestWorkspace();
        ws.Write("data/poison.json", "{\"v\": 1}\n");
        ws.Sync(scanner: new SecretScanner());
        ws.Write("data/poison.json", "{\"v\": 2}\n");

        var result = ws.Sync(scanner: new FaultyScanner(new() { ["data/poison.json"] = new OutOfMemoryException() }));

        Assert.Equal("{\"v\": 1}\n", ws.ReadStored("data/poison.json"));
        Assert.NotNull(Assert.Single(result.Report.Entries, e => e.Path == "data/poison.json").CarriedBlob);
    }

    [Fact]
    public void Sync_WhenArchivesAreCorrupt_WithholdsThemWithTheReasonAndStoresTheOthers()
    {
        using var ws = new TestWorkspace();
        File.WriteAllBytes(ws.PathOf("broken.gz"), [0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 0xFF, 0xDE, 0xAD, 0xBE, 0xEF]);
        var zip = Zip(("a.txt", new byte[10_000]));
        File.WriteAllBytes(ws.PathOf("broken.zip"), zip[..(zip.Length / 2)]);
        ws.Write("ok.md", "fine\n");

        var result = ws.Sync(scanner: new SecretScanner());

        Assert.Equal(["ok.md"], ws.SnapshotFiles().Keys.ToArray());
        foreach (var path in new[] { "broken.gz", "broken.zip" })
        {
            var entry = Assert.Single(result.Report.Entries, e => e.Path == path);
            Assert.Equal(Disposition.WithheldSecret, entry.Disposition);
            Assert.Equal("secret:archive-unscannable", entry.Rule);
            Assert.Contains("is corrupt or uses an unsupported format", entry.Detail, StringComparison.Ordinal);
        }
    }
}
