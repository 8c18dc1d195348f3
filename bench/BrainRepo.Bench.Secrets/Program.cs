using System.Diagnostics;
using System.Globalization;
using BrainRepo.Bench.Secrets;
using BrainRepo.Core.Secrets;

// Usage: dotnet run -c Release --project bench/BrainRepo.Bench.Secrets -- [sizeMB=50] [seed=42] [iterations=3] [--per-rule] [--write-corpus <dir>]
//        ... -- [sizeMB] [seed] [iterations] [--hand-corpus <dir>]  (default tests/BrainRepo.Core.Tests/Secrets/Corpus, from the repository root)
//        ... -- realworld [--review <file.tsv>] <root>...   (see RealWorldScan)
//        ... -- folder <root> [--skip node_modules] [--iterations 3]   (see FolderThroughput)
if (args.Length > 0 && args[0] == "realworld")
{
    return RealWorldScan.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "folder")
{
    return FolderThroughput.Run(args[1..]);
}

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

// Accuracy per rule: the synthetic corpus, the hand-written corpus of the tests, and both together.
var handIndex = Array.IndexOf(args, "--hand-corpus");
var handRoot = handIndex >= 0 ? args[handIndex + 1] : Path.Combine("tests", "BrainRepo.Core.Tests", "Secrets", "Corpus");
var handFiles = Directory.Exists(handRoot) ? HandCorpus.Load(handRoot) : [];
var synthetic = new AccuracyReport();
var hand = new AccuracyReport();
var both = new AccuracyReport();
for (var i = 0; i < files.Count; i++)
{
    var text = System.Text.Encoding.UTF8.GetString(files[i].Content);
    synthetic.AddFile(files[i].Path, text, files[i].Planted, files[i].NearMisses, results[i]);
    both.AddFile(files[i].Path, text, files[i].Planted, files[i].NearMisses, results[i]);
}

foreach (var file in handFiles)
{
    var text = System.Text.Encoding.UTF8.GetString(file.Content);
    var result = scanner.Scan(file.Path, file.Content, CancellationToken.None);
    hand.AddFile(file.Path, text, file.Planted, file.NearMisses, result);
    both.AddFile(file.Path, text, file.Planted, file.NearMisses, result);
}

Console.WriteLine();
Console.WriteLine(synthetic.ToMarkdown(FormattableString.Invariant($"### Synthetic corpus (seed {seed}, {sizeMb} MB)")));
Console.WriteLine(handFiles.Count == 0
    ? $"(hand-written corpus not found at {handRoot}; pass --hand-corpus <dir>)"
    : hand.ToMarkdown($"### Hand-written corpus ({handRoot}, {handFiles.Count} files)"));
Console.WriteLine(both.ToMarkdown("### Both corpora together"));
var fn = both.FalseNegatives;
var fp = both.FalsePositives;
Console.WriteLine(FormattableString.Invariant($"TOTAL (both corpora) fn={fn} fp={fp}"));
foreach (var error in both.Errors().Take(100))
{
    Console.WriteLine(error);
}

return fn == 0 && fp == 0 ? 0 : 1;
