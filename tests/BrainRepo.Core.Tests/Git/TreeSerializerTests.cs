using BrainRepo.Core.Model;
using BrainRepo.Core.Snapshots;
using BrainRepo.Git;

namespace BrainRepo.Core.Tests.Git;

/// <summary>Building only the changed folders must give exactly the trees a full build gives.</summary>
public sealed class TreeSerializerTests
{
    private static byte[] Write(byte[] content) => GitObjectFormat.HashObject(GitObjectType.Tree, content);

    private static TrackedFile File(string path, int seed, int mode = GitFileMode.Regular) =>
        new(path, mode, GitObjectFormat.ToHex(GitObjectFormat.HashObject(GitObjectType.Blob, BitConverter.GetBytes(seed))), 4, null);

    /// <summary>Every folder's tree id, from a build that treats every folder as changed.</summary>
    private static (string Root, Dictionary<string, string> Trees) Full(Dictionary<string, TrackedFile> files)
    {
        var cache = new TreeCache(new Dictionary<string, string>(StringComparer.Ordinal), TreeCache.DirtyFolders(files.Keys));
        var root = GitObjectFormat.ToHex(TreeSerializer.Build(files, Write, cache));
        Assert.Equal(root, GitObjectFormat.ToHex(TreeSerializer.Build(files, Write)));
        return (root, cache.Next());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Build_OfTheChangedFoldersOnly_EqualsAFullBuild_OverRandomChanges(int seed)
    {
        var random = new Random(seed);
        var folders = new[] { "", "a", "a/b", "a/b/c", "a/bc", "a-b", "d", "d/e", "f/g/h/i", "z" };
        var files = new Dictionary<string, TrackedFile>(StringComparer.Ordinal);
        for (var i = 0; i < 60; i++)
        {
            var path = $"{folders[random.Next(folders.Length)]}/n{random.Next(30)}.md".TrimStart('/');
            files[path] = File(path, random.Next());
        }

        var (_, trees) = Full(files);
        for (var round = 0; round < 30; round++)
        {
            var next = new Dictionary<string, TrackedFile>(files, StringComparer.Ordinal);
            for (var change = 0; change < 1 + random.Next(6); change++)
            {
                switch (random.Next(6))
                {
                    case 0: // a new file, sometimes in a new deep folder
                        var folder = random.Next(4) == 0 ? $"new{random.Next(5)}/deep{random.Next(3)}" : folders[random.Next(folders.Length)];
                        var path = $"{folder}/m{random.Next(30)}.md".TrimStart('/');
                        next[path] = File(path, random.Next());
                        break;
                    case 1 when next.Count > 0: // an edit
                        var edited = next.Keys.ElementAt(random.Next(next.Count));
                        next[edited] = File(edited, random.Next());
                        break;
                    case 2 when next.Count > 0: // a deletion
                        next.Remove(next.Keys.ElementAt(random.Next(next.Count)));
                        break;
                    case 3: // a whole folder goes
                        var gone = folders[1 + random.Next(folders.Length - 1)];
                        foreach (var p in next.Keys.Where(p => p.StartsWith(gone + "/", StringComparison.Ordinal)).ToList())
                        {
                            next.Remove(p);
                        }

                        break;
                    case 4 when next.Count > 0: // a mode change (executable, symlink)
                        var moded = next.Keys.ElementAt(random.Next(next.Count));
                        next[moded] = next[moded] with { Mode = random.Next(2) == 0 ? GitFileMode.Executable : GitFileMode.Symlink };
                        break;
                    default: // a file where a folder was, or the other way round
                        var flip = folders[1 + random.Next(folders.Length - 1)];
                        foreach (var p in next.Keys.Where(p => p.StartsWith(flip + "/", StringComparison.Ordinal)).ToList())
                        {
                            next.Remove(p);
                        }

                        next[flip] = File(flip, random.Next());
                        break;
                }
            }

            var changed = next.Where(kv => !files.TryGetValue(kv.Key, out var old) || old != kv.Value).Select(kv => kv.Key)
                .Concat(files.Keys.Where(p => !next.ContainsKey(p))).ToList();
            var cache = new TreeCache(trees, TreeCache.DirtyFolders(changed));
            var built = next.Count == 0 ? null : TreeSerializer.BuildChanged(next, Write, cache);
            Assert.True(next.Count == 0 || built is not null, "a complete cache builds the changed folders only");
            var incremental = built is null ? null : GitObjectFormat.ToHex(built);
            if (next.Count > 0)
            {
                var (root, fullTrees) = Full(next);
                Assert.Equal(root, incremental);
                Assert.Equal(fullTrees.OrderBy(kv => kv.Key, StringComparer.Ordinal), cache.Next().OrderBy(kv => kv.Key, StringComparer.Ordinal));
                trees = cache.Next();
            }

            files = next;
        }
    }

    [Fact]
    public void Build_WithACacheThatMissesAnUnchangedFolder_FallsBackToAFullBuild_AndLosesNothing()
    {
        var files = new Dictionary<string, TrackedFile>(StringComparer.Ordinal)
        {
            ["a/b/c/deep.md"] = File("a/b/c/deep.md", 1),
            ["a/x.md"] = File("a/x.md", 2),
            ["top.md"] = File("top.md", 3),
        };
        var (_, trees) = Full(files);
        var edited = new Dictionary<string, TrackedFile>(files, StringComparer.Ordinal) { ["top.md"] = File("top.md", 4) };
        var expected = Full(edited).Root;

        foreach (var missing in new[] { "a", "a/b", "a/b/c" })
        {
            var incomplete = new Dictionary<string, string>(trees, StringComparer.Ordinal);
            incomplete.Remove(missing);
            var cache = new TreeCache(incomplete, TreeCache.DirtyFolders(["top.md"]));

            Assert.Null(TreeSerializer.BuildChanged(edited, Write, new TreeCache(incomplete, TreeCache.DirtyFolders(["top.md"]))));
            Assert.Equal(expected, GitObjectFormat.ToHex(TreeSerializer.Build(edited, Write, cache)));
        }
    }
}
