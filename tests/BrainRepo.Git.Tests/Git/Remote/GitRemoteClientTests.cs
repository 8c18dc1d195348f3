using BrainRepo.Core.Credentials;
using BrainRepo.Core.Remote;
using BrainRepo.Git.Remote;
using BrainRepo.Git.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace BrainRepo.Git.Tests.Git.Remote;

public sealed class GitRemoteClientTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 11, 26, 9, 0, 0, TimeSpan.Zero));

    public void Dispose() => _temp.Dispose();

    private string Backup() => TestGit.InitBare(_temp.Combine("backup.git"));

    private GitRemoteClient Client(string backup, GitProcessRecorder? recorder = null) =>
        new(backup, timeProvider: _clock, runner: recorder?.Runner);

    [Fact]
    public async Task Push_ToLocalBare_LandsAndIsVerified()
    {
        var backup = Backup();
        var remotePath = TestGit.InitBare(_temp.Combine("remote.git"));
        var commit = TestGit.CommitFile(backup, "notes.md", "hello");
        TestGit.Run(null, "--git-dir=" + backup, "tag", "snapshot/daily/2025-11-26", commit);

        var result = await Client(backup).PushAsync(RemoteSpec.Parse(remotePath), null, ["snapshot/daily/2025-11-26"], null, TestTimeout.Token);

        Assert.Equal(commit, result.SnapshotCommit);
        Assert.Equal(commit, result.RemoteCommit);
        Assert.False(result.Merged);
        Assert.Equal(commit, TestGit.RevParse(remotePath, "refs/heads/main"));
        Assert.Equal(commit, TestGit.RevParse(remotePath, "refs/tags/snapshot/daily/2025-11-26"));
        Assert.Equal(_clock.GetUtcNow(), result.VerifiedAt);
    }

    [Fact]
    public async Task Push_AgainWithNothingNew_StillVerifies()
    {
        var backup = Backup();
        var remotePath = TestGit.InitBare(_temp.Combine("remote.git"));
        var commit = TestGit.CommitFile(backup, "a.txt", "1");
        var client = Client(backup);
        await client.PushAsync(RemoteSpec.Parse(remotePath), null, [], null, TestTimeout.Token);

        var again = await client.PushAsync(RemoteSpec.Parse("file://" + remotePath), null, [], null, TestTimeout.Token);

        Assert.Equal(commit, again.RemoteCommit);
    }

    [Fact]
    public async Task Push_WhenRemoteMovedAhead_MergesWithOurTree_KeepsRemoteHistory_NeverForces()
    {
        var backup = Backup();
        var remotePath = TestGit.InitBare(_temp.Combine("remote.git"));
        TestGit.CommitFile(backup, "a.txt", "1");
        var recorder = new GitProcessRecorder();
        var client = Client(backup, recorder);
        await client.PushAsync(RemoteSpec.Parse(remotePath), null, [], null, TestTimeout.Token);
        var theirs = TestGit.PushFromAnotherClone(remotePath, _temp.Combine("other"), "web-edit.txt", "edited on the host");
        var ours = TestGit.CommitFile(backup, "a.txt", "2");

        var result = await client.PushAsync(RemoteSpec.Parse(remotePath), null, [], null, TestTimeout.Token);

        Assert.True(result.Merged);
        Assert.Equal([theirs], result.MergedRemoteCommits);
        var merge = TestGit.RevParse(remotePath, "refs/heads/main");
        Assert.Equal(result.RemoteCommit, merge);
        Assert.Equal(merge, TestGit.RevParse(backup, "refs/heads/main"));
        Assert.Equal(TestGit.RevParse(backup, ours + "^{tree}"), TestGit.RevParse(remotePath, merge + "^{tree}"));
        Assert.Equal(ours, TestGit.RevParse(remotePath, merge + "^1"));
        Assert.Equal(theirs, TestGit.RevParse(remotePath, merge + "^2"));
        var pushes = recorder.Started.Where(r => r.Arguments.Contains("push")).ToList();
        Assert.NotEmpty(pushes);
        Assert.All(pushes, p => Assert.DoesNotContain(p.Arguments, a => a.StartsWith('+') || a.Contains("force", StringComparison.Ordinal) || a == "-f"));
    }

    [Theory]
    [InlineData("echo 'pre-receive: pushes are not allowed by policy' >&2; exit 1", RemoteFailureReason.RejectedByHook, "not allowed by policy")]
    [InlineData("echo 'GH006: Protected branch update failed for refs/heads/main.' >&2; exit 1", RemoteFailureReason.ProtectedBranch, "Protected branch")]
    [InlineData("echo 'GH001: Large files detected. big.bin is 120 MB; this exceeds the file size limit of 100 MB' >&2; exit 1", RemoteFailureReason.FileTooLarge, "file size limit")]
    [InlineData("echo 'error: disk quota exceeded for this namespace' >&2; exit 1", RemoteFailureReason.QuotaExceeded, "quota")]
    public async Task Push_RejectedByRemote_ThrowsTypedErrorNamingTheCause(string hook, RemoteFailureReason reason, string said)
    {
        var backup = Backup();
        var remotePath = TestGit.InitBare(_temp.Combine("remote.git"));
        TestGit.InstallHook(remotePath, "pre-receive", hook);
        var commit = TestGit.CommitFile(backup, "a.txt", "1");

        var ex = await Assert.ThrowsAsync<RemotePushException>(
            () => Client(backup).PushAsync(RemoteSpec.Parse(remotePath), null, [], null, TestTimeout.Token));

        Assert.Equal(reason, ex.Reason);
        Assert.False(ex.IsTransient);
        Assert.Contains(said, ex.Message, StringComparison.Ordinal);
        Assert.Equal(commit, TestGit.RevParse(backup, "refs/heads/main"));
        Assert.Null(TestGit.TryRun(remotePath, "rev-parse", "--verify", "--quiet", "refs/heads/main"));
    }

    [Fact]
    public async Task Push_ToMissingLocalRemote_IsNotFound()
    {
        var backup = Backup();
        TestGit.CommitFile(backup, "a.txt", "1");

        var ex = await Assert.ThrowsAsync<RemotePushException>(
            () => Client(backup).PushAsync(RemoteSpec.Parse(_temp.Combine("nope.git")), null, [], null, TestTimeout.Token));

        Assert.Equal(RemoteFailureReason.RemoteNotFound, ex.Reason);
    }

    [Fact]
    public async Task Push_ConflictingTagOnRemote_IsTagConflict()
    {
        var backup = Backup();
        var remotePath = TestGit.InitBare(_temp.Combine("remote.git"));
        var first = TestGit.CommitFile(backup, "a.txt", "1");
        TestGit.Run(null, "--git-dir=" + backup, "tag", "milestone/x", first);
        await Client(backup).PushAsync(RemoteSpec.Parse(remotePath), null, ["milestone/x"], null, TestTimeout.Token);
        var second = TestGit.CommitFile(backup, "a.txt", "2");
        TestGit.Run(null, "--git-dir=" + backup, "tag", "-f", "milestone/x", second);

        var ex = await Assert.ThrowsAsync<RemotePushException>(
            () => Client(backup).PushAsync(RemoteSpec.Parse(remotePath), null, ["milestone/x"], null, TestTimeout.Token));

        Assert.Equal(RemoteFailureReason.TagConflict, ex.Reason);
        Assert.Equal(first, TestGit.RevParse(remotePath, "refs/tags/milestone/x"));
    }

    [Fact]
    public async Task DeleteRemoteTags_RemovesThem_AndToleratesMissingOnes()
    {
        var backup = Backup();
        var remotePath = TestGit.InitBare(_temp.Combine("remote.git"));
        var commit = TestGit.CommitFile(backup, "a.txt", "1");
        TestGit.Run(null, "--git-dir=" + backup, "tag", "snapshot/daily/2025-01-01", commit);
        TestGit.Run(null, "--git-dir=" + backup, "tag", "snapshot/daily/2025-01-02", commit);
        var client = Client(backup);
        var remote = RemoteSpec.Parse(remotePath);
        await client.PushAsync(remote, null, ["snapshot/daily/2025-01-01", "snapshot/daily/2025-01-02"], null, TestTimeout.Token);

        await client.DeleteRemoteTagsAsync(remote, null, ["snapshot/daily/2025-01-01", "snapshot/daily/1999-01-01"], TestTimeout.Token);

        var refs = await client.ListRemoteRefsAsync(remote, null, ["refs/tags/snapshot/daily/2025-01-01", "refs/tags/snapshot/daily/2025-01-02"], TestTimeout.Token);
        Assert.Equal(["refs/tags/snapshot/daily/2025-01-02"], refs.Keys);
    }

    [Fact]
    public async Task Push_InvalidTagName_ChangesNothing()
    {
        var backup = Backup();
        TestGit.CommitFile(backup, "a.txt", "1");

        await Assert.ThrowsAsync<InvalidTagNameException>(
            () => Client(backup).PushAsync(RemoteSpec.Parse(_temp.Combine("r.git")), null, ["bad..name"], null, TestTimeout.Token));
    }

    [Fact]
    public async Task Token_IsNotUsedForLocalRemotes()
    {
        var backup = Backup();
        var remotePath = TestGit.InitBare(_temp.Combine("remote.git"));
        TestGit.CommitFile(backup, "a.txt", "1");
        var recorder = new GitProcessRecorder();

        await Client(backup, recorder).PushAsync(RemoteSpec.Parse(remotePath), new SecretToken("local-token-xyz"), [], null, TestTimeout.Token);

        Assert.All(recorder.Started, r => Assert.DoesNotContain(r.Environment.Values, v => v == "local-token-xyz"));
    }
}
