using BrainRepo.Core.Coordination;
using BrainRepo.Core.Tests.Support;
using BrainRepo.Core.Workspaces;
using BrainRepo.Storage.Sqlite.Coordination;

namespace BrainRepo.Cli.Tests.Commands;

/// <summary>
/// Operations other than a sync (restore, milestone, tag, push) go through the coordinator: while another run holds
/// the workspace's lease (here a live owner that is paused: it never renews nor releases) they wait or refuse, and
/// never run beside it.
/// </summary>
public sealed class ExclusiveOperationTests
{
    [Fact]
    public async Task Restore_WhileAPausedRunHoldsTheLease_RefusesBusyAndChangesNothing()
    {
        using var ws = new TestWorkspace();
        ws.Write("notes.md", "v1");
        Assert.Equal(0, (await ws.CliAsync("sync")).Exit);
        var snapshot = ws.Head();
        ws.Write("notes.md", "v2 edited since");
        await using var holder = await PausedHolder.TakeAsync(ws);

        var (exit, _, err) = await ws.CliAsync("restore", "HEAD", "--wait", "1");

        Assert.Equal(1, exit);
        Assert.Contains("BR3001", err, StringComparison.Ordinal);
        Assert.Contains("did not start", err, StringComparison.Ordinal);
        Assert.Equal("v2 edited since", File.ReadAllText(ws.PathOf("notes.md")));
        Assert.Equal(snapshot, ws.Head()); // no safety snapshot was taken beside the holder
        Assert.Empty(ws.Git("tag", "-l", "pre-restore/*").Out.Trim());
    }

    [Fact]
    public async Task Restore_WhenTheHolderReleasesTheLease_WaitsThenTakesTheSafetySnapshotAndRestores()
    {
        using var ws = new TestWorkspace();
        ws.Write("notes.md", "v1");
        Assert.Equal(0, (await ws.CliAsync("sync")).Exit);
        var snapshot = ws.Head()!;
        ws.Write("notes.md", "v2 edited since");
        var holder = await PausedHolder.TakeAsync(ws);

        var restore = ws.CliAsync("restore", snapshot, "--wait", "120");
        await Task.Delay(TimeSpan.FromSeconds(2));
        var changedWhileHeld = File.ReadAllText(ws.PathOf("notes.md"));
        var headWhileHeld = ws.Head();
        await holder.DisposeAsync();
        var (exit, output, err) = await restore;

        Assert.Equal("v2 edited since", changedWhileHeld);
        Assert.Equal(snapshot, headWhileHeld);
        Assert.Equal(0, exit);
        Assert.Contains("waiting for it to finish", err, StringComparison.Ordinal);
        Assert.Equal("v1", File.ReadAllText(ws.PathOf("notes.md")));
        Assert.Contains("pre-restore/", output, StringComparison.Ordinal);
        Assert.NotEqual(snapshot, ws.Head()); // the safety snapshot holds "v2 edited since"
        Assert.Contains("v2 edited since", ws.ReadStored("notes.md"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Milestone_WhileAPausedRunHoldsTheLease_DoesNotSnapshotOrTagBesideIt()
    {
        using var ws = new TestWorkspace();
        ws.Write("a.md", "a");
        Assert.Equal(0, (await ws.CliAsync("sync")).Exit);
        var head = ws.Head();
        ws.Write("b.md", "b");
        await using var holder = await PausedHolder.TakeAsync(ws);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        var runner = new Support.CliRunner(ws) { Cancellation = cancel.Token };

        var (exit, _, _) = await runner.RunAsync("milestone", "v1");

        Assert.NotEqual(0, exit);
        Assert.Equal(head, ws.Head());
        Assert.Empty(ws.Git("tag", "-l", "milestone/*").Out.Trim());
    }

    [Fact]
    public async Task Push_ServesASyncRequestThatArrivedWhileItHeldTheWorkspace()
    {
        using var ws = new TestWorkspace();
        ws.Write("a.md", "a");
        Assert.Equal(0, (await ws.CliAsync("sync")).Exit);
        var remote = Path.Combine(ws.Root, "remote.git");
        Assert.Equal(0, ws.Git("init", "-q", "--bare", remote).Exit);
        Assert.Equal(0, (await ws.CliAsync("remote", "set", remote)).Exit);
        var key = WorkspaceRegistry.IdFor(ws.Workspace);
        var store = await SqliteCoordinationStore.OpenAsync(Path.Combine(ws.Home, "coordination.db"), null, CancellationToken.None);
        ws.Write("b.md", "b");
        await store.RequestAsync(key, CancellationToken.None); // a request no run has served yet

        var (exit, _, _) = await ws.CliAsync("push");

        Assert.Equal(0, exit);
        var state = await store.GetStateAsync(key, CancellationToken.None);
        Assert.Equal(state!.Requested, state.Served);
        Assert.Contains("b.md", ws.SnapshotFiles().Keys);
    }

    /// <summary>A live owner on this host (PID 1 never dies) that took the lease and then stopped renewing it.</summary>
    private sealed class PausedHolder : IAsyncDisposable
    {
        private readonly SqliteCoordinationStore store;
        private readonly Lease lease;

        private PausedHolder(SqliteCoordinationStore store, Lease lease)
        {
            this.store = store;
            this.lease = lease;
        }

        public static async Task<PausedHolder> TakeAsync(TestWorkspace ws)
        {
            var store = await SqliteCoordinationStore.OpenAsync(Path.Combine(ws.Home, "coordination.db"), null, CancellationToken.None);
            var owner = new OwnerIdentity(Environment.MachineName, 1, 0, "paused");
            var held = await store.TryAcquireAsync(WorkspaceRegistry.IdFor(ws.Workspace), owner, TimeSpan.FromMinutes(10), null, CancellationToken.None);
            Assert.Equal(AcquireStatus.Acquired, held.Status);
            return new PausedHolder(store, held.Lease!);
        }

        public async ValueTask DisposeAsync()
        {
            await store.ReleaseAsync(lease, CancellationToken.None);
        }
    }
}
