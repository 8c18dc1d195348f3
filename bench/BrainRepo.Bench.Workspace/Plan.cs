namespace BrainRepo.Bench.Workspace;

internal enum FileKind
{
    Markdown,
    Yaml,
    Json,
    Python,
    JavaScript,
}

/// <summary>One file of the workspace: its content is a pure function of these fields.</summary>
internal sealed record FileSpec(string Path, FileKind Kind, int Size, ulong Seed, bool InNodeModules);

/// <summary>
/// The layout of the workspace: folders, files, kinds and sizes, drawn from one seeded PRNG.
/// Size distribution per stored file: a fixed handful of large files (1–8 MiB, under the
/// 10 MiB policy limit), 4 % medium files (20–200 KiB), and the rest small (log-normal,
/// median 6 KiB, clamped to 64 B–64 KiB). With <c>maxBytes</c> set, the medium and small
/// sizes are scaled down together so the stored total stays under the cap; the shape of the
/// distribution is kept.
/// </summary>
internal sealed class Plan
{
    private static readonly string[] TopLevel = ["memory", "workspace", "customizations", "config-safe", "notes", "projects", "docs", "scripts", "data", "archive"];

    public required List<FileSpec> Files { get; init; }

    public required List<FileSpec> NodeModules { get; init; }

    public required List<string> Dirs { get; init; }

    public required ulong Seed { get; init; }

    public static Plan Make(int fileCount, ulong seed, long maxBytes)
    {
        var rng = new Rng(seed);

        // Folders: a random tree, at most 7 levels deep, about 25 files per folder.
        var dirCount = Math.Max(TopLevel.Length, fileCount / 25);
        var dirs = new List<string>(dirCount);
        var depth = new List<int>(dirCount);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var top in TopLevel)
        {
            dirs.Add(top);
            depth.Add(1);
            seen.Add(top);
        }

        while (dirs.Count < dirCount)
        {
            var parent = rng.Next(dirs.Count);
            if (depth[parent] >= 7)
            {
                continue;
            }

            var name = rng.Chance(0.3) ? $"{Words.Pick(rng)}-{Words.Pick(rng)}" : rng.Chance(0.2) ? $"{2015 + rng.Next(12)}-{1 + rng.Next(12):00}" : Words.Pick(rng);
            var path = $"{dirs[parent]}/{name}";
            if (!seen.Add(path))
            {
                continue;
            }

            dirs.Add(path);
            depth.Add(depth[parent] + 1);
        }

        // Stored files.
        var largeCount = Math.Min(40, Math.Max(1, fileCount / 500));
        var large = new HashSet<int>();
        while (large.Count < largeCount)
        {
            large.Add(rng.Next(fileCount));
        }

        var files = new List<FileSpec>(fileCount);
        var sizes = new double[fileCount];
        for (var i = 0; i < fileCount; i++)
        {
            var dir = dirs[rng.Next(dirs.Count)];
            var roll = rng.NextDouble();
            var kind = roll < 0.40 ? FileKind.Markdown : roll < 0.55 ? FileKind.Yaml : roll < 0.75 ? FileKind.Json : FileKind.Python;
            double size;
            if (large.Contains(i))
            {
                kind = rng.Chance(0.5) ? FileKind.Markdown : FileKind.Json;
                size = (1 << 20) + rng.NextDouble() * (7 << 20);
            }
            else if (rng.Chance(0.04))
            {
                size = 20_480 + rng.NextDouble() * (180 * 1024);
            }
            else
            {
                size = Math.Clamp(6144 * Math.Exp(1.1 * rng.NextGaussian()), 64, 65_536);
            }

            sizes[i] = size;
            var name = $"{Words.Pick(rng)}-{Words.Pick(rng)}-{i:x}{Extension(kind)}";
            files.Add(new FileSpec($"{dir}/{name}", kind, 0, rng.NextUInt64(), false));
        }

        var largeBytes = large.Sum(i => sizes[i]);
        var otherBytes = sizes.Sum() - largeBytes;
        var scale = maxBytes > 0 && largeBytes + otherBytes > maxBytes ? Math.Max(0.01, (maxBytes - largeBytes) / otherBytes) : 1.0;
        for (var i = 0; i < fileCount; i++)
        {
            var size = large.Contains(i) ? sizes[i] : Math.Max(64, sizes[i] * scale);
            files[i] = files[i] with { Size = (int)size };
        }

        // node_modules: 15 % as many small JavaScript package files, at the top and inside a
        // sub-project (excluded "at any depth"); the policy must skip all of them.
        var nodeModules = new List<FileSpec>();
        var nmCount = fileCount * 3 / 20;
        var roots = new[] { "node_modules", "workspace/web-app/node_modules" };
        var pkg = 0;
        while (nodeModules.Count < nmCount)
        {
            var root = roots[rng.Chance(0.8) ? 0 : 1];
            var pkgDir = $"{root}/{Words.Pick(rng)}-{pkg++:x}";
            if (rng.Chance(0.15))
            {
                pkgDir = $"{pkgDir}/node_modules/{Words.Pick(rng)}-{pkg++:x}";
            }

            var n = 3 + rng.Next(10);
            for (var j = 0; j < n && nodeModules.Count < nmCount; j++)
            {
                var (path, kind) = j switch
                {
                    0 => ($"{pkgDir}/package.json", FileKind.Json),
                    1 => ($"{pkgDir}/README.md", FileKind.Markdown),
                    2 => ($"{pkgDir}/index.js", FileKind.JavaScript),
                    _ => ($"{pkgDir}/lib/{Words.Pick(rng)}-{j}.js", FileKind.JavaScript),
                };
                nodeModules.Add(new FileSpec(path, kind, 200 + rng.Next(8000), rng.NextUInt64(), true));
            }
        }

        return new Plan { Files = files, NodeModules = nodeModules, Dirs = dirs, Seed = seed };
    }

    public static string Extension(FileKind kind) => kind switch
    {
        FileKind.Markdown => ".md",
        FileKind.Yaml => ".yaml",
        FileKind.Json => ".json",
        FileKind.Python => ".py",
        _ => ".js",
    };
}

/// <summary>The fixed incremental change: 20 edits, 10 additions, 5 deletions.</summary>
internal sealed class ChangeSet
{
    public required List<FileSpec> Edits { get; init; }

    public required List<FileSpec> Adds { get; init; }

    public required List<FileSpec> Deletes { get; init; }

    public static ChangeSet Make(Plan plan)
    {
        var rng = new Rng(plan.Seed ^ 0x5EED_C0FFEE_1234UL);
        var picked = new HashSet<int>();
        var edits = new List<FileSpec>();
        var deletes = new List<FileSpec>();
        while (edits.Count < 20)
        {
            var i = rng.Next(plan.Files.Count);
            if (picked.Add(i))
            {
                edits.Add(plan.Files[i]);
            }
        }

        while (deletes.Count < 5)
        {
            var i = rng.Next(plan.Files.Count);
            if (picked.Add(i))
            {
                deletes.Add(plan.Files[i]);
            }
        }

        var adds = new List<FileSpec>();
        for (var k = 0; k < 10; k++)
        {
            var kind = (FileKind)rng.Next(4);
            var dir = plan.Dirs[rng.Next(plan.Dirs.Count)];
            adds.Add(new FileSpec($"{dir}/new-{Words.Pick(rng)}-{k}{Plan.Extension(kind)}", kind, 512 + rng.Next(16_384), rng.NextUInt64(), false));
        }

        return new ChangeSet { Edits = edits, Adds = adds, Deletes = deletes };
    }
}

/// <summary>SplitMix64: tiny, fast, and identical on every runtime (unlike an unspecified library PRNG).</summary>
internal sealed class Rng(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public int Next(int maxExclusive) => (int)(NextUInt64() % (ulong)maxExclusive);

    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double p) => NextDouble() < p;

    public double NextGaussian()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
