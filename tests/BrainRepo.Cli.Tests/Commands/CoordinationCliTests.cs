using BrainRepo.Core.Coordination;
using BrainRepo.Core.Tests.Support;
using BrainRepo.Core.Workspaces;
using BrainRepo.Storage.Sqlite.Coordination;

namespace BrainRepo.Cli.Tests.Commands;

public sealed class CoordinationCliTests
{
    [Fact]
    public async Task Sync_WhileAnotherSyncHoldsTheWorkspace_RegistersItsRequestAndReturns_ThenAWorkerServesIt()
    {
        using var ws = new TestWorkspace();
        ws.Write("a.md", "a");
        var key = WorkspaceRegistry.IdFor(ws.Workspace);
        var store = await SqliteCoordinationStore.OpenAsync(Path.Combine(ws.Home, "coordination.db"), null, CancellationToken.None);
        // Another live process on this host (PID 1 never dies) holds the lease.
        var other = new OwnerIdentity(Environment.MachineName, 1, 0, "other");
        await store.RequestAsync(key, CancellationToken.None);
        var held = await store.TryAcquireAsync(key, other, TimeSpan.FromMinutes(5), null, CancellationToken.None);
        Assert.Equal(AcquireStatus.Acquired, held.Status);

        var (exit, _, err) = await ws.CliAsync("sync");

        Assert.Equal(0, exit);
        Assert.Contains("request is registered", err, StringComparison.Ordinal);
        Assert.Null(ws.Head()); // the holder has not run yet: nothing was written by the queued sync
        var state = await store.GetStateAsync(key, CancellationToken.None);
        Assert.True(state!.Requested > state.Served);

        await store.ReleaseAsync(held.Lease!, CancellationToken.None);
        var worker = await ws.CliAsync("worker", "--drain");

        Assert.Equal(0, worker.Exit);
        Assert.NotNull(ws.Head());
        Assert.Contains("a.md", ws.SnapshotFiles().Keys);
        var after = await store.GetStateAsync(key, CancellationToken.None);
        Assert.Equal(after!.Requested, after.Served);
    }

    [Fact]
    public async Task Sync_AfterAKilledOwnerOnThisHost_TakesOverAtOnce()
    {
        using var ws = new TestWorkspace();
        ws.Write("a.md", "a");
        var key = WorkspaceRegistry.IdFor(ws.Workspace);
        var store = await SqliteCoordinationStore.OpenAsync(Path.Combine(ws.Home, "coordination.db"), null, CancellationToken.None);
        using var child = System.Diagnostics.Process.Start("sleep", "60")!;
        var dead = OwnerIdentity.ForCurrentProcess(LocalProcessProbe.Instance) with { Pid = child.Id, Instance = "crashed" };
        var deadStart = LocalProcessProbe.Instance.GetStartTime(child.Id);
        dead = dead with { ProcessStart = deadStart ?? 0 };
        await store.RequestAsync(key, CancellationToken.None);
        Assert.Equal(AcquireStatus.Acquired, (await store.TryAcquireAsync(key, dead, TimeSpan.FromMinutes(20), null, CancellationToken.None)).Status);
        child.Kill();
        await child.WaitForExitAsync();

        var (exit, output, err) = await ws.CliAsync("sync");

        Assert.True(exit == 0, output + err);
        Assert.Contains("a.md", ws.SnapshotFiles().Keys);
    }
}

public sealed class CancelAndLockCliTests
{
    [Fact]
    public async Task Cancel_WhileASyncRuns_FlagsItAndStatusSaysCancelling()
    {
        using var ws = new TestWorkspace();
        var key = WorkspaceRegistry.IdFor(ws.Workspace);
        var store = await SqliteCoordinationStore.OpenAsync(Path.Combine(ws.Home, "coordination.db"), null, CancellationToken.None);
        await store.RequestAsync(key, CancellationToken.None);
        var held = await store.TryAcquireAsync(key, new OwnerIdentity(Environment.MachineName, 1, 0, "runner"), TimeSpan.FromMinutes(5), null, CancellationToken.None);
        Assert.Equal(AcquireStatus.Acquired, held.Status);

        var (exit, output, _) = await ws.CliAsync("cancel");
        var status = await ws.CliAsync("status", "--json");

        Assert.Equal(0, exit);
        Assert.Contains("Cancel requested", output, StringComparison.Ordinal);
        Assert.True(await store.IsCancelRequestedAsync(key, CancellationToken.None));
        using var doc = System.Text.Json.JsonDocument.Parse(status.Out);
        Assert.StartsWith("cancelling", doc.RootElement.GetProperty("activity").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_WhenNothingRuns_SaysSoAndChangesNothing()
    {
        using var ws = new TestWorkspace();
        var (exit, output, _) = await ws.CliAsync("cancel");
        Assert.Equal(0, exit);
        Assert.Contains("nothing to cancel", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_RemovesAStaleRefLockLeftByAKilledGit()
    {
        using var ws = new TestWorkspace();
        ws.Write("a.md", "a");
        Assert.Equal(0, (await ws.CliAsync("sync")).Exit);
        var lockFile = Path.Combine(ws.Config.RepositoryPath, "refs", "heads", "main.lock");
        File.WriteAllText(lockFile, "");
        File.SetLastWriteTimeUtc(lockFile, DateTime.UnixEpoch.AddYears(50));
        ws.Write("b.md", "b");

        var (exit, output, err) = await ws.CliAsync("sync");

        Assert.True(exit == 0, output + err);
        Assert.False(File.Exists(lockFile));
        Assert.Contains("b.md", ws.SnapshotFiles().Keys);
    }

    [Fact]
    public async Task Sync_WithAFreshLockHeldByALiveGit_ReportsBusyAndChangesNothing()
    {
        using var ws = new TestWorkspace();
        ws.Write("a.md", "a");
        Assert.Equal(0, (await ws.CliAsync("sync")).Exit);
        var head = ws.Head();
        var lockFile = Path.Combine(ws.Config.RepositoryPath, "refs", "heads", "main.lock");
        File.WriteAllText(lockFile, "");
        var psi = new System.Diagnostics.ProcessStartInfo("git", ["cat-file", "--batch"]) { WorkingDirectory = ws.Config.RepositoryPath, RedirectStandardInput = true, RedirectStandardOutput = true };
        using var liveGit = System.Diagnostics.Process.Start(psi)!;
        try
        {
            ws.Write("b.md", "b");

            var (exit, _, err) = await ws.CliAsync("sync");

            Assert.Equal(1, exit);
            Assert.Contains("busy", err, StringComparison.Ordinal);
            Assert.True(File.Exists(lockFile));
            Assert.Equal(head, ws.Head());
        }
        finally
        {
            liveGit.Kill();
        }
    }
}
