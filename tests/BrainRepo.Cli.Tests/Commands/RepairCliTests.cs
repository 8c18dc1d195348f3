using BrainRepo.Core.Tests.Support;
using BrainRepo.Git.Tests.Infrastructure;
using static BrainRepo.Core.Tests.Support.PackSurgery;

namespace BrainRepo.Cli.Tests.Commands;

/// <summary>
/// <c>brainrepo repair</c> and <c>brainrepo status</c> on damaged repositories, as a user runs them: repair heals what
/// the disk still holds and moves damaged packs aside until git's own check is clean, names what stays lost, and starts
/// a new history when asked; status shows the damage with its code instead of failing.
/// </summary>
public sealed class RepairCliTests
{
    private static async Task<TestWorkspace> SyncedAsync()
    {
        var ws = new TestWorkspace();
        ws.Write("notes.md", "first version\n");
        ws.Write("sub/big.bin", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(150_000)));
        var (exit, _, err) = await ws.CliAsync("sync");
        Assert.True(exit == 0, err);
        return ws;
    }

    [Fact]
    public async Task Status_OnARepositoryWhoseOnlyPackIsTruncated_ShowsTheDamageWithItsCode()
    {
        using var ws = await SyncedAsync();
        Apply(LargestPack(ws), Damage.TruncatePack);

        var (exit, output, err) = await ws.CliAsync("status");
        var (jsonExit, json, _) = await ws.CliAsync("status", "--json");

        Assert.Equal(1, exit);
        Assert.Contains("BR1024", output, StringComparison.Ordinal);
        Assert.Contains("brainrepo repair", output, StringComparison.Ordinal);
        Assert.DoesNotContain("NotFoundException", output + err, StringComparison.Ordinal);
        Assert.Equal(1, jsonExit);
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal("BR1024", doc.RootElement.GetProperty("damage").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Status_OnAnIntactRepository_ShowsNoDamage()
    {
        using var ws = await SyncedAsync();

        var (exit, output, _) = await ws.CliAsync("status");

        Assert.Equal(0, exit);
        Assert.DoesNotContain("BR1024", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_OnADamagedRepository_ExitsOneNamingThePathAndSaysHowToRepair()
    {
        using var ws = await SyncedAsync();
        var head = ws.Head();
        Apply(LargestPack(ws), Damage.TruncatePack);
        ws.Write("notes.md", "second version\n");

        var (exit, output, err) = await ws.CliAsync("sync");

        Assert.Equal(1, exit);
        Assert.DoesNotContain("complete", output, StringComparison.Ordinal);
        Assert.Contains("BR1024", err, StringComparison.Ordinal);
        Assert.Contains("notes.md", err, StringComparison.Ordinal);
        Assert.Equal(head, ws.Head());
    }

    [Fact]
    public async Task Sync_WhenTheDiskStillHoldsWhatAPackLost_ExitsZeroAndSaysItRepaired()
    {
        using var ws = await SyncedAsync();
        Apply(Isolate(ws, BlobOf(ws, "sub/big.bin")), Damage.TruncatePack);
        ws.Write("notes.md", "second version\n");

        var (exit, output, err) = await ws.CliAsync("sync");
        var (_, report, _) = await ws.CliAsync("report");

        Assert.True(exit == 0, output + err);
        Assert.Contains("note: repaired: 1 objects", output, StringComparison.Ordinal);
        Assert.Contains("note: repaired: 1 objects", report, StringComparison.Ordinal);
        var (verify, verified, _) = await ws.CliAsync("verify");
        Assert.True(verify == 0, verified);
    }

    [Theory]
    [InlineData(Damage.TruncatePack)]
    [InlineData(Damage.GarbleIndex)]
    public async Task Repair_WhenTheDiskStillHoldsWhatAPackLost_HealsTheRepositoryUntilGitFindsNothing(Damage damage)
    {
        using var ws = await SyncedAsync();
        var damaged = Isolate(ws, BlobOf(ws, "sub/big.bin"));
        Apply(damaged, damage);
        Assert.NotEqual(0, Fsck(ws).Exit);

        var (exit, output, err) = await ws.CliAsync("repair");

        Assert.True(exit == 0, output + err);
        Assert.Contains("damaged pack " + Path.GetFileName(damaged), output, StringComparison.Ordinal);
        Assert.Contains("OK: every snapshot", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Directory.GetDirectories(Path.Combine(ws.Config.RepositoryPath, "brainrepo-quarantine")).Single(), Path.GetFileName(damaged))));
        var (fsck, said) = Fsck(ws);
        Assert.True(fsck == 0, said);
        var (verify, verified, _) = await ws.CliAsync("verify");
        Assert.True(verify == 0, verified);
        var (again, _, _) = await ws.CliAsync("repair");
        Assert.Equal(0, again);
    }

    [Fact]
    public async Task Repair_StoresALostFileAgainFromDisk_AndSaysSo()
    {
        using var ws = await SyncedAsync();
        // The blob alone in a pack that git cannot read at all: nothing is recovered from the pack, all from disk.
        Apply(Isolate(ws, BlobOf(ws, "sub/big.bin")), Damage.TruncatePack);

        var (exit, output, _) = await ws.CliAsync("repair");

        Assert.Equal(0, exit);
        Assert.Contains("repaired: 1 objects stored again from disk (sub/big.bin)", output, StringComparison.Ordinal);
        Assert.Equal(0, Fsck(ws).Exit);
    }

    [Fact]
    public async Task Repair_WhenAPackOnlyLostItsIndex_RebuildsTheIndexAndLosesNothing()
    {
        using var ws = await SyncedAsync();
        ws.Write("notes.md", "second version\n");
        await ws.CliAsync("sync");
        ws.Write("notes.md", "third version\n"); // the older versions are no longer on disk: only the pack holds them
        Apply(LargestPack(ws), Damage.GarbleIndex);

        var (exit, output, _) = await ws.CliAsync("repair");

        Assert.Equal(0, exit);
        Assert.Contains("its index was rebuilt", output, StringComparison.Ordinal);
        Assert.Equal(0, Fsck(ws).Exit);
    }

    [Fact]
    public async Task Repair_WhenOnlyTheRemoteStillHoldsWhatIsLost_CopiesItBackFromTheRemote()
    {
        using var ws = new TestWorkspace();
        var remote = TestGit.InitBare(Path.Combine(ws.Root, "remote.git"));
        Assert.Equal(0, (await ws.CliAsync("remote", "set", remote)).Exit);
        ws.Write("notes.md", "first version\n");
        ws.Write("sub/big.bin", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(150_000)));
        Assert.Equal(0, (await ws.CliAsync("sync")).Exit);
        ws.Write("notes.md", "second version\n");
        Assert.Equal(0, (await ws.CliAsync("sync")).Exit);
        Assert.Equal(ws.Head(), TestGit.RevParse(remote, "refs/heads/main"));
        // The first snapshot's pack (its commit, its trees, the first version of notes.md) is cut short.
        Apply(LargestPack(ws), Damage.TruncatePack);

        var (local, lost, _) = await ws.CliAsync("repair", "--no-remote");

        Assert.Equal(1, local);
        Assert.Contains("LOST", lost, StringComparison.Ordinal);

        var (exit, output, err) = await ws.CliAsync("repair");

        Assert.True(exit == 0, output + err);
        Assert.Contains("copied in from the remote", output, StringComparison.Ordinal);
        Assert.Contains("OK: every snapshot", output, StringComparison.Ordinal);
        var (fsck, said) = Fsck(ws);
        Assert.True(fsck == 0, said);
        Assert.Empty(ws.Git("for-each-ref", "refs/brainrepo").Out);
    }

    [Fact]
    public async Task Repair_WhenSnapshotsAreLost_NamesThem_ThenStartsANewHistoryOnRequest()
    {
        using var ws = await SyncedAsync();
        var first = ws.Head()!;
        ws.Write("notes.md", "second version\n");
        await ws.CliAsync("sync");
        var second = ws.Head()!;
        // The first version of notes.md is gone from disk and from the repository.
        Apply(Isolate(ws, ws.SnapshotFiles(first)["notes.md"].BlobId), Damage.TruncatePack);

        var (exit, output, _) = await ws.CliAsync("repair");

        Assert.Equal(1, exit);
        Assert.Contains("LOST: 1 of 2 snapshots", output, StringComparison.Ordinal);
        Assert.Contains(first[..12], output, StringComparison.Ordinal);
        Assert.Contains(": notes.md", output, StringComparison.Ordinal);
        Assert.Contains("--new-history", output, StringComparison.Ordinal);
        Assert.Equal(second, ws.Head());

        var (started, said, _) = await ws.CliAsync("repair", "--new-history");

        Assert.Equal(0, started);
        Assert.Contains("run 'brainrepo sync'", said, StringComparison.Ordinal);
        Assert.Null(ws.Head());
        var kept = ws.Git("for-each-ref", "--format=%(refname) %(objectname)", "refs/brainrepo/damaged").Out.Trim();
        Assert.EndsWith("/main " + second, kept, StringComparison.Ordinal);

        var (synced, summary, _) = await ws.CliAsync("sync");

        Assert.Equal(0, synced);
        Assert.Contains("complete", summary, StringComparison.Ordinal);
        Assert.DoesNotContain(ws.Git("rev-list", "--objects", "--missing=print", "refs/heads/main").Out.Split('\n'), l => l.StartsWith('?'));
        Assert.Single(ws.Git("rev-list", "refs/heads/main").Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var (status, _, _) = await ws.CliAsync("status");
        Assert.Equal(0, status);
    }
}
