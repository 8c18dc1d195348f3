using System.Security.Cryptography;
using System.Text;
using BrainRepo.Bench.Workspace;

// Reproducible benchmark workspace generator.
//
//   brainrepo-bench-workspace generate --out DIR [--files N] [--seed S] [--max-mb M]
//   brainrepo-bench-workspace mutate   --out DIR [--files N] [--seed S] [--max-mb M]
//   brainrepo-bench-workspace restore  --out DIR [--files N] [--seed S] [--max-mb M]
//
// The whole tree is a pure function of (files, seed, max-mb): the same arguments give
// byte-identical files, and `generate` prints a SHA-256 digest of every path and content
// so that two runs can be compared. `mutate` applies a fixed change set (20 edits,
// 10 additions, 5 deletions); `restore` undoes it exactly, so a benchmark can measure the
// same change again and again.
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine("usage: brainrepo-bench-workspace generate|mutate|restore --out DIR [--files 20000] [--seed 42] [--max-mb 0]");
    return args.Length == 0 ? 2 : 0;
}

var verb = args[0];
string? outDir = null;
var files = 20_000;
ulong seed = 42;
long maxMb = 0;
for (var i = 1; i < args.Length; i++)
{
    var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--out": outDir = value; break;
        case "--files": files = int.Parse(value); break;
        case "--seed": seed = ulong.Parse(value); break;
        case "--max-mb": maxMb = long.Parse(value); break;
        default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
    }

    i++;
}

if (outDir is null)
{
    Console.Error.WriteLine("--out DIR is required");
    return 2;
}

var plan = Plan.Make(files, seed, maxMb * 1024 * 1024);
switch (verb)
{
    case "generate":
        return Generate(plan, outDir);
    case "mutate":
        return Mutate(plan, outDir, restore: false);
    case "restore":
        return Mutate(plan, outDir, restore: true);
    default:
        Console.Error.WriteLine($"unknown command {verb}");
        return 2;
}

static int Generate(Plan plan, string outDir)
{
    if (Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any())
    {
        Console.Error.WriteLine($"{outDir} is not empty; remove it first");
        return 1;
    }

    Directory.CreateDirectory(outDir);
    using var digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    long storedBytes = 0, skippedBytes = 0;
    var all = plan.Files.Concat(plan.NodeModules).ToList();
    var createdDirs = new HashSet<string>(StringComparer.Ordinal);
    foreach (var spec in all)
    {
        var path = Path.Combine(outDir, spec.Path);
        var dir = Path.GetDirectoryName(path)!;
        if (createdDirs.Add(dir))
        {
            Directory.CreateDirectory(dir);
        }

        var content = Content.Render(spec);
        File.WriteAllBytes(path, content);
        digest.AppendData(Encoding.UTF8.GetBytes(spec.Path + "\0" + content.Length + "\0"));
        digest.AppendData(content);
        if (spec.InNodeModules)
        {
            skippedBytes += content.Length;
        }
        else
        {
            storedBytes += content.Length;
        }
    }

    Console.WriteLine($"files={plan.Files.Count} bytes={storedBytes} node_modules_files={plan.NodeModules.Count} node_modules_bytes={skippedBytes} " +
                      $"large_files={plan.Files.Count(f => f.Size >= 1 << 20)} dirs={plan.Files.Select(f => Path.GetDirectoryName(f.Path)).Distinct().Count()} " +
                      $"sha256={Convert.ToHexStringLower(digest.GetHashAndReset())}");
    return 0;
}

static int Mutate(Plan plan, string outDir, bool restore)
{
    var change = ChangeSet.Make(plan);
    foreach (var spec in change.Edits)
    {
        var path = Path.Combine(outDir, spec.Path);
        File.WriteAllBytes(path, restore ? Content.Render(spec) : Content.Edit(spec));
    }

    foreach (var spec in change.Deletes)
    {
        var path = Path.Combine(outDir, spec.Path);
        if (restore)
        {
            File.WriteAllBytes(path, Content.Render(spec));
        }
        else
        {
            File.Delete(path);
        }
    }

    foreach (var spec in change.Adds)
    {
        var path = Path.Combine(outDir, spec.Path);
        if (restore)
        {
            File.Delete(path);
        }
        else
        {
            File.WriteAllBytes(path, Content.Render(spec));
        }
    }

    Console.WriteLine($"{(restore ? "restored" : "mutated")}: {change.Edits.Count} edits, {change.Adds.Count} additions, {change.Deletes.Count} deletions");
    return 0;
}
