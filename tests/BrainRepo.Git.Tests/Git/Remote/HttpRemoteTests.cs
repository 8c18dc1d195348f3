using BrainRepo.Core.Credentials;
using BrainRepo.Core.Remote;
using BrainRepo.Git.Remote;
using BrainRepo.Git.Tests.Infrastructure;

namespace BrainRepo.Git.Tests.Git.Remote;

[Trait("Category", "Integration")]
[Collection(HttpServerCollection.Name)]
public sealed class HttpRemoteTests : IDisposable
{
    private const string Token = "ghp_HttpTestToken_8c1d2e3f";
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Backup() => TestGit.InitBare(_temp.Combine("backup.git"));

    private string ServerRoot()
    {
        var root = _temp.Combine("served");
        Directory.CreateDirectory(root);
        return root;
    }

    [Fact]
    public async Task Push_OverSmartHttpWithToken_LandsVerified_WithProgress()
    {
        await using var server = new GitHttpServer(ServerRoot(), Token);
        var served = server.CreateRepository("brain.git");
        var backup = Backup();
        var commit = TestGit.CommitFile(backup, "notes.md", string.Concat(Enumerable.Repeat("some content ", 2000)));
        TestGit.Run(null, "--git-dir=" + backup, "tag", "snapshot/weekly/2025-W48", commit);
        var reports = new List<PushProgress>();
        var progress = new SynchronousProgress<PushProgress>(reports.Add);

        var result = await new GitRemoteClient(backup).PushAsync(
            RemoteSpec.Parse(server.Url("brain.git")), new SecretToken(Token), ["snapshot/weekly/2025-W48"], progress, TestTimeout.Token);

        Assert.Equal(commit, result.RemoteCommit);
        Assert.Equal(commit, TestGit.RevParse(served, "refs/heads/main"));
        Assert.Equal(commit, TestGit.RevParse(served, "refs/tags/snapshot/weekly/2025-W48"));
        Assert.Contains(reports, r => r.Phase == "Writing objects" && r.Percent == 100);
        Assert.True(server.UnauthorizedCount > 0, "the server must have challenged the client");
    }

    [Fact]
    public async Task Push_WithWrongToken_IsAuthenticationFailed_AndPermanent()
    {
        await using var server = new GitHttpServer(ServerRoot(), Token);
        server.CreateRepository("brain.git");
        var backup = Backup();
        TestGit.CommitFile(backup, "a.txt", "1");

        var ex = await Assert.ThrowsAsync<RemotePushException>(() => new GitRemoteClient(backup).PushAsync(
            RemoteSpec.Parse(server.Url("brain.git")), new SecretToken("ghp_WrongToken_000"), [], null, TestTimeout.Token));

        Assert.Equal(RemoteFailureReason.AuthenticationFailed, ex.Reason);
        Assert.False(ex.IsTransient);
        Assert.Contains("authentication failed", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ghp_WrongToken_000", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_WithoutToken_IsAuthenticationFailed_NotAHang()
    {
        await using var server = new GitHttpServer(ServerRoot(), Token);
        server.CreateRepository("brain.git");
        var backup = Backup();
        TestGit.CommitFile(backup, "a.txt", "1");

        var ex = await Assert.ThrowsAsync<RemotePushException>(() => new GitRemoteClient(backup).PushAsync(
            RemoteSpec.Parse(server.Url("brain.git")), null, [], null, TestTimeout.Token));

        Assert.Equal(RemoteFailureReason.AuthenticationFailed, ex.Reason);
    }

    [Fact]
    public async Task Push_WhenRemoteIsDown_IsTransient_ThenLandsWhenItComesBack()
    {
        await using var server = new GitHttpServer(ServerRoot(), Token);
        var served = server.CreateRepository("brain.git");
        var backup = Backup();
        var client = new GitRemoteClient(backup);
        var remote = RemoteSpec.Parse(server.Url("brain.git"));
        var first = TestGit.CommitFile(backup, "a.txt", "1");
        await server.StopAsync();

        var ex = await Assert.ThrowsAsync<RemotePushException>(
            () => client.PushAsync(remote, new SecretToken(Token), [], null, TestTimeout.Token));
        Assert.Equal(RemoteFailureReason.RemoteUnavailable, ex.Reason);
        Assert.True(ex.IsTransient);
        var second = TestGit.CommitFile(backup, "a.txt", "2");

        server.Start();
        var result = await client.PushAsync(remote, new SecretToken(Token), [], null, TestTimeout.Token);

        Assert.Equal(second, result.RemoteCommit);
        Assert.Equal(second, TestGit.RevParse(served, "refs/heads/main"));
        Assert.Equal(first, TestGit.RevParse(served, "refs/heads/main^"));
    }

    [Fact]
    public async Task Push_WhenHttpRemoteMovedAhead_MergesAndLands()
    {
        await using var server = new GitHttpServer(ServerRoot(), Token);
        var served = server.CreateRepository("brain.git");
        var backup = Backup();
        var client = new GitRemoteClient(backup);
        var remote = RemoteSpec.Parse(server.Url("brain.git"));
        TestGit.CommitFile(backup, "a.txt", "1");
        await client.PushAsync(remote, new SecretToken(Token), [], null, TestTimeout.Token);
        var theirs = TestGit.PushFromAnotherClone(served, _temp.Combine("other"), "b.txt", "from elsewhere");
        var ours = TestGit.CommitFile(backup, "a.txt", "2");

        var result = await client.PushAsync(remote, new SecretToken(Token), [], null, TestTimeout.Token);

        Assert.True(result.Merged);
        Assert.Equal(result.RemoteCommit, TestGit.RevParse(served, "refs/heads/main"));
        Assert.Equal(theirs, TestGit.RevParse(served, "refs/heads/main^2"));
        Assert.Equal(TestGit.RevParse(backup, ours + "^{tree}"), TestGit.RevParse(served, "refs/heads/main^{tree}"));
    }
}
