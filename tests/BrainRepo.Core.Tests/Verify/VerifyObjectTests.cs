using System.IO.Compression;
using System.Text;
using BrainRepo.Core.Tests.Support;
using BrainRepo.Core.Verify;
using BrainRepo.Git;

namespace BrainRepo.Core.Tests.Verify;

/// <summary>
/// The object pass of verify: every stored object is read back and its hash checked, and every bad one
/// is named, whether its content does not match its id or it is missing altogether.
/// </summary>
public sealed class VerifyObjectTests
{
    private const string Missing = "0123456789abcdef0123456789abcdef01234567";

    [Fact]
    public void Verify_HealthySnapshot_ChecksEveryObject()
    {
        using var ws = new TestWorkspace();
        ws.Write("a.md", "alpha");
        ws.Write("notes/b.md", "beta");
        ws.Sync();

        var result = Verify(ws, ws.Head()!);

        Assert.True(result.Ok);
        Assert.Empty(result.CorruptObjects);
        Assert.Equal(2, result.ObjectsVerified); // the two files (the report is checked when it is read)
    }

    [Fact]
    public void Verify_ObjectWhoseContentDoesNotMatchItsId_IsNamedAsCorrupt()
    {
        using var ws = new TestWorkspace();
        ws.Write("a.md", "alpha");
        ws.Sync();
        var bogus = WriteLooseObjectUnderWrongId(ws, "gamma");
        var commit = CommitWith(ws, ("c.md", bogus));

        var result = Verify(ws, commit);

        Assert.False(result.Ok);
        var finding = Assert.Single(result.CorruptObjects);
        Assert.Equal("c.md", finding.Path);
        Assert.Contains("corrupt", finding.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_MissingAndCorruptObjects_AreAllNamed_NotOnlyTheFirst()
    {
        using var ws = new TestWorkspace();
        ws.Write("a.md", "alpha");
        ws.Sync();
        var bogus = WriteLooseObjectUnderWrongId(ws, "gamma");
        var commit = CommitWith(ws, ("c.md", bogus), ("d.md", Missing));

        var result = Verify(ws, commit);

        Assert.False(result.Ok);
        Assert.Equal(["c.md", "d.md"], result.CorruptObjects.Select(f => f.Path).Order(StringComparer.Ordinal));
        Assert.Contains(result.CorruptObjects, f => f.Path == "d.md" && f.Problem.Contains("missing", StringComparison.Ordinal));
    }

    [Fact]
    public void Verify_RepackedWithDeltas_ChecksEveryVersion_AndNamesADamagedOne()
    {
        using var ws = new TestWorkspace();
        var lines = Enumerable.Range(0, 200).Select(i => $"line {i}, long enough that git stores the next version as a delta").ToList();
        var commits = new List<string>();
        for (var v = 0; v < 6; v++)
        {
            lines[v * 17] = $"changed in version {v}";
            ws.Write("notes/long.md", string.Join('\n', lines));
            commits.Add(ws.Sync().CommitId);
        }

        Assert.Equal(0, ws.Git("repack", "-adfq", "--window=50", "--depth=50").Exit);
        Assert.All(commits[..^1], c => Assert.True(Verify(ws, c).CorruptObjects.Count == 0, c)); // (the disk holds the last version only)

        // Damage one stored version that git keeps as a delta: verify names it, and every other version is still checked.
        var pack = Directory.EnumerateFiles(Path.Combine(ws.Config.RepositoryPath, "objects", "pack"), "*.pack").Single();
        var listing = ws.Git("verify-pack", "-v", Path.ChangeExtension(pack, ".idx")).Out.Split('\n');
        var blobs = commits.Select(c => ws.Git("rev-parse", c + ":notes/long.md").Out.Trim()).ToList();
        var delta = listing.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .First(f => f.Length >= 7 && f[1] == "blob" && blobs.Contains(f[0]));
        var (inPack, offset) = (int.Parse(delta[3], System.Globalization.CultureInfo.InvariantCulture), long.Parse(delta[4], System.Globalization.CultureInfo.InvariantCulture));
        var bytes = File.ReadAllBytes(pack);
        bytes[offset + inPack - 3] ^= 0x55; // inside its compressed data (the last bytes are zlib's checksum)
        bytes[offset + (inPack / 2)] ^= 0x55;
        File.WriteAllBytes(pack, bytes);

        var damaged = commits[blobs.IndexOf(delta[0])];
        var finding = Assert.Single(Verify(ws, damaged).CorruptObjects);
        Assert.Equal("notes/long.md", finding.Path);
        Assert.Contains(delta[0], finding.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_DamagedTree_IsARepositoryErrorNotACrash()
    {
        using var ws = new TestWorkspace();
        ws.Write("a.md", "alpha");
        ws.Sync();
        const string tree = "deaddeaddeaddeaddeaddeaddeaddeaddeaddead";
        var folder = Path.Combine(ws.Config.RepositoryPath, "objects", tree[..2]);
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, tree[2..]), [0x78, 0x9c, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x01]); // not a zlib stream
        var listing = ws.Git("ls-tree", "HEAD").Out + $"040000 tree {tree}\tnotes\n";
        var made = ws.GitWithInput(listing, "mktree", "--missing");
        var commit = ws.Git("commit-tree", made.Out.Trim(), "-p", "HEAD", "-m", "damaged tree").Out.Trim();

        var error = Assert.Throws<Core.Errors.BrainRepoException>(() => Verify(ws, commit));

        Assert.Equal(Core.Errors.ErrorCodes.RepositoryCorrupt, error.Code);
        Assert.Contains("trees is damaged or missing", error.Message, StringComparison.Ordinal);
    }

    private static VerifyResult Verify(TestWorkspace ws, string commit)
    {
        using var repo = GitBackupRepository.Open(ws.Config.RepositoryPath);
        return new SnapshotVerifier(ws.Workspace, repo).Verify(commit, CancellationToken.None);
    }

    /// <summary>A loose object file whose name is not the hash of its content (a damaged repository).</summary>
    private static string WriteLooseObjectUnderWrongId(TestWorkspace ws, string content)
    {
        const string id = "feedfacefeedfacefeedfacefeedfacefeedface";
        var folder = Path.Combine(ws.Config.RepositoryPath, "objects", id[..2]);
        Directory.CreateDirectory(folder);
        using var file = File.Create(Path.Combine(folder, id[2..]));
        using var zlib = new ZLibStream(file, CompressionLevel.Optimal);
        zlib.Write(Encoding.ASCII.GetBytes($"blob {content.Length}\0{content}"));
        return id;
    }

    /// <summary>A commit on top of HEAD whose tree also lists <paramref name="extra"/> (objects that need not exist).</summary>
    private static string CommitWith(TestWorkspace ws, params (string Name, string Blob)[] extra)
    {
        var listing = ws.Git("ls-tree", "HEAD").Out;
        var made = ws.GitWithInput(listing + string.Concat(extra.Select(e => $"100644 blob {e.Blob}\t{e.Name}\n")), "mktree", "--missing");
        Assert.Equal(0, made.Exit);
        var tree = made.Out.Trim();
        return ws.Git("commit-tree", tree, "-p", "HEAD", "-m", "damaged").Out.Trim();
    }
}
