using BrainRepo.Core.Model;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Tests.Support;
using BrainRepo.Core.Workspaces;
using static BrainRepo.Core.Tests.Secrets.TestArchives;

namespace BrainRepo.Core.Tests.Snapshots;

/// <summary>
/// The scanner's memory stays within its budget whatever the input: a sync of gzip bombs, text bombs and a large .json.gz
/// runs as its own process (the real CLI) under a GC heap hard limit of the budget plus a margin, and completes, storing
/// every normal file and withholding the bombs with a reason that says why. Inflating the members whole, as the scanner
/// once did, needs several times that limit: the same sync then runs out of memory.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ScannerMemoryTests
{
    private const long MiB = 1 << 20;

    [Fact]
    public void Sync_OfGzipBombsAndALargeJsonGz_StoresTheOthersWithinTheMemoryBudget()
    {
        using var ws = new TestWorkspace(configOverride: "scanner_memory_budget = \"64MiB\"");
        for (var i = 0; i < 20; i++)
        {
            ws.Write($"notes/n{i:00}.md", $"note {i}\n");
        }

        // Sixteen gzip bombs, 300 MiB of zeros each: past the scanner's limit of 256 MiB decompressed per file.
        Directory.CreateDirectory(ws.PathOf("bombs"));
        var bomb = GzipOfZeros(300 * MiB);
        for (var i = 0; i < 16; i++)
        {
            File.WriteAllBytes(ws.PathOf($"bombs/zeros{i:00}.bin.gz"), bomb);
        }

        // Two text bombs that cannot be scanned in windows (a key header up front), so they would have to be held whole:
        // 40 MiB of text is 80 MiB as one string, more than the 32 MiB the budget has for it.
        var textBomb = GzipLines("-----BEGIN OPENSSH PRIVATE KEY----- (the key is elsewhere)\n", 40 * MiB, i => $"line {i} of a large log with a key word\n");
        File.WriteAllBytes(ws.PathOf("bombs/keys0.log.gz"), textBomb);
        File.WriteAllBytes(ws.PathOf("bombs/keys1.log.gz"), textBomb);

        // A legitimate export: 128 MB of JSON inside a few MB of gzip, scanned as it streams.
        Directory.CreateDirectory(ws.PathOf("exports"));
        File.WriteAllBytes(ws.PathOf("exports/export.json.gz"), GzipLines("[\n", 128 * MiB, i => string.Create(CultureInfo.InvariantCulture, $"{{\"id\": {i % 997}, \"name\": \"item\", \"note\": \"token budget and auth notes\", \"score\": {i % 100 / 10.0}}},\n")));
        Assert.True(new FileInfo(ws.PathOf("exports/export.json.gz")).Length < PolicyOptions.DefaultMaxFileSize);

        var (exit, output, error) = RunCli(ws, heapHardLimit: 64 * MiB + (128 * MiB), "sync", "--json");

        Assert.True(exit == 3, $"exit {exit}: {error}\n{output}");
        var stored = ws.SnapshotFiles().Keys.ToHashSet();
        Assert.Equal(20, stored.Count(p => p.StartsWith("notes/", StringComparison.Ordinal)));
        Assert.Contains("exports/export.json.gz", stored);
        var report = ws.Report();
        for (var i = 0; i < 16; i++)
        {
            var entry = Assert.Single(report.Entries, e => e.Path == $"bombs/zeros{i:00}.bin.gz");
            Assert.Equal(Disposition.WithheldSecret, entry.Disposition);
            Assert.Equal("secret:archive-unscannable", entry.Rule);
            Assert.Contains("decompressed content exceeds the scanner's limit of 256 MiB per file", entry.Detail, StringComparison.Ordinal);
        }

        foreach (var path in new[] { "bombs/keys0.log.gz", "bombs/keys1.log.gz" })
        {
            var entry = Assert.Single(report.Entries, e => e.Path == path);
            Assert.Equal(Disposition.WithheldSecret, entry.Disposition);
            Assert.Equal("secret:memory-budget", entry.Rule);
            Assert.Contains("too large to scan within the memory budget", entry.Detail, StringComparison.Ordinal);
        }
    }

    /// <summary>A gzip of <paramref name="first"/> and then lines until <paramref name="bytes"/>, never held whole.</summary>
    private static byte[] GzipLines(string first, long bytes, Func<long, string> line)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Optimal, leaveOpen: true))
        using (var writer = new StreamWriter(gz, new UTF8Encoding(false), 1 << 16))
        {
            writer.Write(first);
            long written = first.Length;
            for (long i = 0; written < bytes; i++)
            {
                var text = line(i);
                writer.Write(text);
                written += text.Length;
            }
        }

        return ms.ToArray();
    }

    /// <summary>Runs the CLI as a child process in the workspace, with its GC heap capped at <paramref name="heapHardLimit"/>.</summary>
    private static (int Exit, string Out, string Err) RunCli(TestWorkspace ws, long heapHardLimit, params string[] args)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "brainrepo.dll");
        Assert.True(File.Exists(cli), $"the CLI is not next to the tests: {cli}");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = ws.Workspace,
        };
        start.ArgumentList.Add(cli);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment[DataDirectory.EnvironmentVariable] = ws.Home;
        start.Environment["DOTNET_GCHeapHardLimit"] = heapHardLimit.ToString("X", CultureInfo.InvariantCulture);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.GetAwaiter().GetResult());
    }
}
