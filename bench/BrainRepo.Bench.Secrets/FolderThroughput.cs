using System.Diagnostics;
using System.Globalization;
using BrainRepo.Core.Secrets;

namespace BrainRepo.Bench.Secrets;

/// <summary>
/// <c>folder ROOT [--skip NAME]... [--iterations N]</c>: loads every file under ROOT into memory (skipping folders with
/// one of the given names, e.g. <c>node_modules</c>, as the sync policy does), then scans them all on one thread, after a
/// warm-up pass, and prints the best wall time and the CPU time of each pass: the scanner's own cost on those files,
/// without file reading, process start-up or parallelism.
/// </summary>
internal static class FolderThroughput
{
    public static int Run(string[] args)
    {
        var root = Path.GetFullPath(args[0]);
        var skip = new HashSet<string>(StringComparer.Ordinal);
        var iterations = 3;
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] == "--skip")
            {
                skip.Add(args[++i]);
            }
            else if (args[i] == "--iterations")
            {
                iterations = int.Parse(args[++i], CultureInfo.InvariantCulture);
            }
        }

        var files = new List<(string Path, byte[] Content)>();
        var pending = new Stack<string>([root]);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            foreach (var sub in Directory.EnumerateDirectories(dir))
            {
                if (!skip.Contains(Path.GetFileName(sub)) && !new DirectoryInfo(sub).Attributes.HasFlag(FileAttributes.ReparsePoint))
                {
                    pending.Push(sub);
                }
            }

            foreach (var file in Directory.EnumerateFiles(dir))
            {
                files.Add((Path.GetRelativePath(root, file), File.ReadAllBytes(file)));
            }
        }

        var bytes = files.Sum(f => (long)f.Content.Length);
        Console.WriteLine(FormattableString.Invariant(
            $"files: {files.Count}, {bytes} bytes ({bytes / 1e6:F1} MB), skipped folders named: {string.Join(", ", skip)}"));
        var scanner = new SecretScanner();
        var findings = 0;
        foreach (var (path, content) in files.Take(200))
        {
            scanner.Scan(path, content, CancellationToken.None);
        }

        var best = double.MaxValue;
        var bestCpu = double.MaxValue;
        for (var iteration = 1; iteration <= iterations; iteration++)
        {
            findings = 0;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            foreach (var (path, content) in files)
            {
                findings += scanner.Scan(path, content, CancellationToken.None).Findings.Count;
            }

            sw.Stop();
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
            bestCpu = Math.Min(bestCpu, cpuSeconds);
            Console.WriteLine(FormattableString.Invariant(
                $"pass {iteration}: {sw.Elapsed.TotalSeconds:F2} s wall, {cpuSeconds:F2} s CPU, {bytes / 1e6 / sw.Elapsed.TotalSeconds:F1} MB/s (wall, 1 thread), {findings} findings"));
        }

        Console.WriteLine(FormattableString.Invariant(
            $"best: {best:F2} s wall ({bytes / 1e6 / best:F1} MB/s), {bestCpu:F2} s CPU ({bytes / 1e6 / bestCpu:F1} MB/s of CPU), load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
        return 0;
    }
}
