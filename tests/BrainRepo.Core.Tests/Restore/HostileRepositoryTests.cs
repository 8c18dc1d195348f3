using System.Text;
using BrainRepo.Core.Restore;
using BrainRepo.Core.Tests.Support;

namespace BrainRepo.Core.Tests.Restore;

/// <summary>
/// Backup repositories built by hand with hostile trees. Every one must be refused with an error naming
/// the path, and nothing may be written: not in the target, not next to it.
/// </summary>
public sealed class HostileRepositoryTests
{
    private const string File = "100644";
    private const string Dir = "40000";
    private const string Link = "120000";

    private sealed class Scene : IDisposable
    {
        public Scene()
        {
            Ws = new TestWorkspace();
            Repo = new HostileRepository(Ws);
            Target = Path.Combine(Ws.Root, "target");
            Outside = Path.Combine(Ws.Root, "outside");
            Directory.CreateDirectory(Outside);
            System.IO.File.WriteAllText(Path.Combine(Outside, "keep.txt"), "outside");
            // A workspace with content of its own, so that a restore that wrote into it (or replaced, removed or
            // re-linked anything in it) would show in the fingerprint.
            Ws.Write("ok.md", "the workspace's own version");
            Ws.Write("notes/deep/b.md", "kept");
            System.IO.File.CreateSymbolicLink(Ws.PathOf("notes/link.md"), "deep/b.md");
        }

        public TestWorkspace Ws { get; }

        public HostileRepository Repo { get; }

        public string Target { get; }

        public string Outside { get; }

        /// <summary>Runs the CLI restore into <see cref="Target"/> and checks that it was refused, naming <paramref name="path"/>, with nothing written.</summary>
        public async Task<string> AssertRefusedAsync(string path, params string[] extra)
        {
            var before = TestRootFingerprint();
            var (exit, output, wrapped) = await Ws.CliAsync(["restore", "HEAD", "--to", Target, .. extra]);
            var err = wrapped.Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal); // the test console wraps at 200 columns
            Assert.True(exit == 1, $"exit {exit}: {output}{err}");
            Assert.Contains("BR1006", err, StringComparison.Ordinal);
            Assert.Contains($"'{path}'", err, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Target), "the target must not even be created");
            Assert.Equal(before, TestRootFingerprint());
            return err;
        }

        /// <summary>
        /// The whole test root, recursively (paths, types, contents, link targets): the workspace, the folder
        /// beside the target and the target's parent. The data folder is left out: the restore command may
        /// record its run there.
        /// </summary>
        private string TestRootFingerprint() => RestoreTestKit.Fingerprint(Ws.Root, except: Ws.Home);

        public void Dispose() => Ws.Dispose();
    }

    [Fact]
    public async Task DotDotEntry_IsRefused()
    {
        using var s = new Scene();
        var pwned = s.Repo.Tree((File, "pwned.txt", s.Repo.Blob("pwned")));
        s.Repo.Commit(s.Repo.Tree((File, "ok.md", s.Repo.Blob("ok")), (Dir, "..", pwned)));

        await s.AssertRefusedAsync("..");

        Assert.False(System.IO.File.Exists(Path.Combine(s.Ws.Root, "pwned.txt")));
    }

    [Theory]
    [InlineData("../../pwned.txt", "../../pwned.txt")]
    [InlineData("notes/../../pwned.txt", "notes/../../pwned.txt")]
    [InlineData("/tmp/brainrepo-pwned.txt", "/tmp/brainrepo-pwned.txt")]
    [InlineData(".", ".")]
    [InlineData("", "")]
    [InlineData(".git", ".git")]
    [InlineData(".GIT", ".GIT")]
    public async Task HostileName_IsRefused(string name, string shown)
    {
        using var s = new Scene();
        s.Repo.Commit(s.Repo.Tree((File, "ok.md", s.Repo.Blob("ok")), (File, name, s.Repo.Blob("pwned"))));

        await s.AssertRefusedAsync(shown);

        Assert.False(System.IO.File.Exists("/tmp/brainrepo-pwned.txt"));
        Assert.False(System.IO.File.Exists(Path.Combine(Path.GetDirectoryName(s.Ws.Root)!, "pwned.txt"))); // "../../" from the target leaves the test root
    }

    [Fact]
    public async Task NameWithInvalidUtf8_IsRefusedAndShownEscaped()
    {
        using var s = new Scene();
        s.Repo.Commit(s.Repo.Tree((File, Encoding.UTF8.GetBytes("ok.md"), s.Repo.Blob("ok")), (File, [0x62, 0xff, 0x0a], s.Repo.Blob("x"))));

        await s.AssertRefusedAsync("b\\xff\\x0a");
    }

    [Fact]
    public async Task SymlinkPointingOutside_FollowedByAFolderOfTheSameName_IsRefused()
    {
        using var s = new Scene();
        var under = s.Repo.Tree((File, "pwned.txt", s.Repo.Blob("written through the link")));
        s.Repo.Commit(s.Repo.Tree((Link, "link", s.Repo.Blob(s.Outside)), (Dir, "link", under)));

        var err = await s.AssertRefusedAsync("link");

        Assert.Contains("twice", err, StringComparison.Ordinal);
        Assert.False(System.IO.File.Exists(Path.Combine(s.Outside, "pwned.txt")));
    }

    [Fact]
    public async Task SymlinkInTheTree_IsRestoredAsALink_AndNeverWrittenThrough()
    {
        using var s = new Scene();
        s.Repo.Commit(s.Repo.Tree((Link, "escape", s.Repo.Blob(s.Outside)), (File, "ok.md", s.Repo.Blob("ok"))));

        var (exit, output, err) = await s.Ws.CliAsync("restore", "HEAD", "--to", s.Target);

        Assert.True(exit == 0, output + err);
        Assert.Equal(s.Outside, new FileInfo(Path.Combine(s.Target, "escape")).LinkTarget);
        Assert.Equal("keep.txt", Path.GetFileName(Assert.Single(Directory.EnumerateFileSystemEntries(s.Outside))));
    }

    [Fact]
    public async Task CorruptBlob_IsRefused_AndTheFileItWouldReplaceIsKept()
    {
        using var s = new Scene();
        var corrupt = s.Repo.CorruptBlob("the real content", "evil content!!!!"); // same length: only the hash tells
        s.Repo.Commit(s.Repo.Tree((File, "new.md", corrupt), (File, "old.md", corrupt)));
        Directory.CreateDirectory(s.Target);
        System.IO.File.WriteAllText(Path.Combine(s.Target, "old.md"), "the previous version");

        var (exit, output, wrapped) = await s.Ws.CliAsync("restore", "HEAD", "--to", s.Target, "--overwrite");

        var err = wrapped.Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal);
        Assert.True(exit == 1, $"exit {exit}: {output}{err}");
        Assert.Contains("BR1007", err, StringComparison.Ordinal);
        Assert.Contains(corrupt, err, StringComparison.Ordinal);
        Assert.Contains("corrupt", err, StringComparison.Ordinal);
        Assert.False(System.IO.File.Exists(Path.Combine(s.Target, "new.md")));
        Assert.Equal("the previous version", System.IO.File.ReadAllText(Path.Combine(s.Target, "old.md")));
        Assert.Equal(["old.md"], Directory.EnumerateFileSystemEntries(s.Target).Select(Path.GetFileName).ToList());
    }

    [Fact]
    public async Task BlobOverTheFileLimit_IsRefused()
    {
        using var s = new Scene();
        s.Repo.Commit(s.Repo.Tree((File, "bomb.bin", s.Repo.Blob(new byte[2 * 1024 * 1024])), (File, "ok.md", s.Repo.Blob("ok"))));

        var err = await s.AssertRefusedAsync("bomb.bin", "--max-file-size", "1MiB");

        Assert.Contains("2097152 bytes", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FilesOverTheTotalLimit_AreRefused()
    {
        using var s = new Scene();
        var a = s.Repo.Blob(new byte[700 * 1024]);
        var b = s.Repo.Blob(Enumerable.Repeat((byte)1, 700 * 1024).ToArray());
        s.Repo.Commit(s.Repo.Tree((File, "a.bin", a), (File, "b.bin", b)));

        await s.AssertRefusedAsync(".", "--max-total-size", "1MiB");
    }

    [Fact]
    public async Task TreeDeeperThanTheLimit_IsRefused()
    {
        using var s = new Scene();
        var tree = s.Repo.Tree((File, "bottom.md", s.Repo.Blob("deep")));
        for (var i = 0; i < RestoreOptions.DefaultMaxDepth + 1; i++)
        {
            tree = s.Repo.Tree((Dir, "d", tree));
        }

        s.Repo.Commit(tree);

        var err = await s.AssertRefusedAsync(string.Join('/', Enumerable.Repeat("d", RestoreOptions.DefaultMaxDepth + 1)));

        Assert.Contains("deeper than", err, StringComparison.Ordinal);
    }

    [Fact]
    public void CaseCollidingNames_AreRefusedOnACaseInsensitiveFileSystem_AndFineOnACaseSensitiveOne()
    {
        using var s = new Scene();
        var inner = s.Repo.Tree((File, "x.md", s.Repo.Blob("x")));
        s.Repo.Commit(s.Repo.Tree((File, "README.md", s.Repo.Blob("upper")), (File, "Readme.md", s.Repo.Blob("mixed")), (Dir, "Docs", inner), (Dir, "docs", inner)));

        var insensitive = RestoreTestKit.Plan(s.Ws, s.Target, new RestoreOptions { CaseInsensitive = true });
        var sensitive = RestoreTestKit.Plan(s.Ws, s.Target, new RestoreOptions { CaseInsensitive = false });

        Assert.Equal(["Readme.md", "docs"], insensitive.Problems.Select(p => p.Path).Order(StringComparer.Ordinal).ToArray());
        Assert.All(insensitive.Problems, p => Assert.Contains("case-insensitive", p.Reason, StringComparison.Ordinal));
        Assert.Throws<RestoreRefusedException>(() => insensitive.EnsureSafe());
        Assert.Empty(sensitive.Problems);
        Assert.False(Directory.Exists(s.Target));
    }

    [Fact]
    public void CaseProbe_OnThisFileSystem_FindsItCaseSensitive()
    {
        using var ws = new TestWorkspace();

        Assert.False(CaseSensitivityProbe.IsCaseInsensitive(ws.Workspace));
        Assert.False(CaseSensitivityProbe.IsCaseInsensitive(Path.Combine(ws.Workspace, "not", "yet")));
    }

    [Fact]
    public async Task SubmoduleLinkOrUnknownMode_IsRefused()
    {
        using var s = new Scene();
        s.Repo.Commit(s.Repo.Tree((File, "ok.md", s.Repo.Blob("ok")), ("160000", "sub", s.Repo.Blob("not a commit"))));

        await s.AssertRefusedAsync("sub");
    }

    [Fact]
    public async Task EveryProblem_IsNamed_NotOnlyTheFirst()
    {
        using var s = new Scene();
        var blob = s.Repo.Blob("x");
        s.Repo.Commit(s.Repo.Tree((File, "..", blob), (File, "a/b", blob), (File, ".git", blob)));

        var err = await s.AssertRefusedAsync("..");

        Assert.Contains("'a/b'", err, StringComparison.Ordinal);
        Assert.Contains("'.git'", err, StringComparison.Ordinal);
        Assert.Contains("3 problem(s)", err, StringComparison.Ordinal);
    }
}
