using System.Diagnostics;
using System.Globalization;
using BrainRepo.Bench.Secrets;
using BrainRepo.Core.Secrets;

// Usage: dotnet run -c Release --project bench/BrainRepo.Bench.Secrets -- [sizeMB=50] [seed=42] [iterations=3] [--per-rule] [--write-corpus <dir>]
var sizeMb = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50;
var seed = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 42;
var iterations = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;

var files = CorpusGenerator.Generate(sizeMb * 1024L * 1024, seed, secretRate: 0.002, lookAlikeRate: 0.01);
var totalBytes = files.Sum(f => (long)f.Content.Length);
var plantedCount = files.Sum(f => f.Planted.Count);
Console.WriteLine(FormattableString.Invariant($"corpus: {files.Count} files, {totalBytes / 1024.0 / 1024.0:F1} MB, {plantedCount} planted secrets, seed {seed}"));

// --write-corpus <dir>: write the corpus to <dir>/<path> and the labels to <dir>.labels.tsv (path, line, rule), then exit.
var writeIndex = Array.IndexOf(args, "--write-corpus");
if (writeIndex >= 0)
{
    var root = Path.GetFullPath(args[writeIndex + 1]);
    var labels = new System.Text.StringBuilder("path\tline\trule\n");
    foreach (var file in files)
    {
        var target = Path.Combine(root, file.Path);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.WriteAllBytes(target, file.Content);
        foreach (var (line, rule) in file.Planted)
        {
            labels.Append(CultureInfo.InvariantCulture, $"{file.Path}\t{line}\t{rule}\n");
        }
    }

    File.WriteAllText(root.TrimEnd('/') + ".labels.tsv", labels.ToString());
    Console.WriteLine($"wrote {files.Count} files to {root} and labels to {root.TrimEnd('/')}.labels.tsv");
    return 0;
}

var scanner = new SecretScanner();
var results = new SecretScanResult[files.Count];

// Warm-up (JIT, regex construction), then timed iterations over the whole corpus, single-threaded.
for (var i = 0; i < Math.Min(files.Count, 50); i++)
{
    scanner.Scan(files[i].Path, files[i].Content, CancellationToken.None);
}

var best = double.MaxValue;
for (var iteration = 0; iteration < iterations; iteration++)
{
    var sw = Stopwatch.StartNew();
    var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
    for (var i = 0; i < files.Count; i++)
    {
        results[i] = scanner.Scan(files[i].Path, files[i].Content, CancellationToken.None);
    }

    sw.Stop();
    var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalSeconds;
    best = Math.Min(best, sw.Elapsed.TotalSeconds);
    Console.WriteLine(FormattableString.Invariant($"iteration {iteration + 1}: {sw.Elapsed.TotalSeconds:F3} s wall, {cpuSeconds:F3} s CPU (incl. GC threads), {totalBytes / 1024.0 / 1024.0 / sw.Elapsed.TotalSeconds:F1} MB/s"));
}

Console.WriteLine(FormattableString.Invariant($"throughput (best of {iterations}, 1 thread): {totalBytes / 1024.0 / 1024.0 / best:F1} MB/s"));

if (args.Contains("--per-rule"))
{
    // Cost of each rule alone (pre-filter included), to find hot spots.
    foreach (var id in SecretRuleIds.All)
    {
        var single = new SecretScanner(new SecretScannerOptions { EnabledRules = new HashSet<string> { id } });
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        foreach (var file in files)
        {
            single.Scan(file.Path, file.Content, CancellationToken.None);
        }

        Console.WriteLine(FormattableString.Invariant($"  {id,-28} {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F3} s CPU"));
    }
}

var expected = new HashSet<(string, int, string)>();
var actual = new HashSet<(string, int, string)>();
for (var i = 0; i < files.Count; i++)
{
    foreach (var (line, rule) in files[i].Planted)
    {
        expected.Add((files[i].Path, line, rule));
    }

    foreach (var finding in results[i].Findings)
    {
        actual.Add((files[i].Path, finding.Line, finding.RuleId));
    }
}

var tp = expected.Intersect(actual).Count();
var fp = actual.Count - tp;
var fn = expected.Count - tp;
Console.WriteLine();
Console.WriteLine("rule                          planted   tp   fn   fp  precision  recall");
foreach (var rule in expected.Select(e => e.Item3).Concat(actual.Select(a => a.Item3)).Distinct().Order(StringComparer.Ordinal))
{
    var e = expected.Where(x => x.Item3 == rule).ToHashSet();
    var a = actual.Where(x => x.Item3 == rule).ToHashSet();
    var rtp = e.Intersect(a).Count();
    Console.WriteLine(FormattableString.Invariant($"{rule,-28} {e.Count,8} {rtp,4} {e.Count - rtp,4} {a.Count - rtp,4} {Ratio(rtp, a.Count),9:P1} {Ratio(rtp, e.Count),7:P1}"));
}

Console.WriteLine(FormattableString.Invariant($"TOTAL planted={expected.Count} tp={tp} fn={fn} fp={fp} precision={Ratio(tp, actual.Count):P2} recall={Ratio(tp, expected.Count):P2}"));
return fn == 0 && fp == 0 ? 0 : 1;

static double Ratio(int a, int b) => b == 0 ? 1 : (double)a / b;
