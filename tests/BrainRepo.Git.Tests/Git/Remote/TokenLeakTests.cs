using System.Text;
using BrainRepo.Core.Credentials;
using BrainRepo.Core.Remote;
using BrainRepo.Git.Remote;
using BrainRepo.Git.Tests.Infrastructure;

namespace BrainRepo.Git.Tests.Git.Remote;

[Trait("Category", "Integration")]
[Collection(HttpServerCollection.Name)]
public sealed class TokenLeakTests : IDisposable
{
    private const string Token = "ghp_LeakCanary_5b7e9d1f3a";
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task PushWithToken_TokenAppearsInNoLogLineExceptionArgumentOrRepositoryFile()
    {
        var root = _temp.Combine("served");
        Directory.CreateDirectory(root);
        await using var server = new GitHttpServer(root, Token);
        var served = server.CreateRepository("brain.git");
        var backup = TestGit.InitBare(_temp.Combine("backup.git"));
        var logs = new RecordingLoggerProvider();
        var recorder = new GitProcessRecorder();
        var client = new GitRemoteClient(backup, logger: logs.For<GitRemoteClient>(), runner: recorder.Runner);
        var tags = new GitSnapshotTags(backup, logger: logs.For<GitSnapshotTags>(), runner: recorder.Runner);
        var remote = RemoteSpec.Parse(server.Url("brain.git"));
        var messages = new List<string>();
        var progressLines = new List<string>();
        var progress = new SynchronousProgress<PushProgress>(p => progressLines.Add(p.ToString()));

        // The token comes out of the encrypted store, as it would in production.
        var store = new CredentialStore(new CredentialStoreOptions(_temp.Combine("creds")), logs.For<CredentialStore>(), _ => null);
        await store.SetTokenAsync("origin", new SecretToken(Token), TestTimeout.Token);
        var token = (await store.GetTokenAsync("origin", TestTimeout.Token))!;

        // 1. A plain push with a tag.
        TestGit.CommitFile(backup, "a.txt", "1");
        await tags.EnsureDailyTagAsync(null, TestTimeout.Token);
        var daily = (await tags.ListAsync(TestTimeout.Token)).Select(t => t.Name).ToList();
        await client.PushAsync(remote, token, daily, progress, TestTimeout.Token);

        // 2. The remote moves ahead: fetch + merge + push.
        TestGit.PushFromAnotherClone(served, _temp.Combine("other"), "b.txt", "elsewhere");
        TestGit.CommitFile(backup, "a.txt", "2");
        await client.PushAsync(remote, token, [], progress, TestTimeout.Token);

        // 3. A failure whose git output mentions the credentials.
        var wrong = new GitRemoteClient(backup, logger: logs.For<GitRemoteClient>(), runner: recorder.Runner);
        messages.Add((await Assert.ThrowsAsync<RemotePushException>(
            () => wrong.PushAsync(remote, new SecretToken(Token + "-wrong"), [], null, TestTimeout.Token))).ToString());

        // 4. The remote is down.
        await server.StopAsync();
        TestGit.CommitFile(backup, "a.txt", "3");
        messages.Add((await Assert.ThrowsAsync<RemotePushException>(
            () => client.PushAsync(remote, token, [], null, TestTimeout.Token))).ToString());
        server.Start();

        // 5. forget: delete a tag on the remote.
        await client.DeleteRemoteTagsAsync(remote, token, daily, TestTimeout.Token);

        Assert.NotEmpty(logs.Lines);
        Assert.All(logs.Lines, line => Assert.DoesNotContain(Token, line, StringComparison.Ordinal));
        Assert.All(messages, m => Assert.DoesNotContain(Token, m, StringComparison.Ordinal));
        Assert.All(progressLines, m => Assert.DoesNotContain(Token, m, StringComparison.Ordinal));

        Assert.NotEmpty(recorder.Started);
        foreach (var request in recorder.Started)
        {
            Assert.DoesNotContain(request.Arguments, a => a.Contains(Token, StringComparison.Ordinal));
            Assert.DoesNotContain(Token, request.FileName, StringComparison.Ordinal);
            var holders = request.Environment.Where(e => e.Value?.Contains(Token, StringComparison.Ordinal) == true).Select(e => e.Key).ToList();
            Assert.True(holders.Count == 0 || holders.SequenceEqual(["BRAINREPO_ASKPASS_TOKEN"]), string.Join(",", holders));
            Assert.DoesNotContain(request.Arguments, a => a.Contains("credential.helper=", StringComparison.Ordinal) && a != "credential.helper=");
        }

        // Every git process that carried the token also disabled credential helpers and prompts.
        var withToken = recorder.Started.Where(r => r.Environment.ContainsKey("BRAINREPO_ASKPASS_TOKEN") && r.Environment["BRAINREPO_ASKPASS_TOKEN"] is not null).ToList();
        Assert.NotEmpty(withToken);
        Assert.All(withToken, r =>
        {
            Assert.Contains("credential.helper=", r.Arguments);
            Assert.Equal("0", r.Environment["GIT_TERMINAL_PROMPT"]);
            var askPass = r.Environment["GIT_ASKPASS"]!;
            Assert.False(File.Exists(askPass), "the askpass helper must be deleted after use");
        });

        var needle = Encoding.UTF8.GetBytes(Token);
        foreach (var folder in new[] { backup, _temp.Combine("creds") })
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            {
                var bytes = await File.ReadAllBytesAsync(file, TestTimeout.Token);
                Assert.True(bytes.AsSpan().IndexOf(needle) < 0, "token found in " + file);
            }
        }

        Assert.DoesNotContain("http", File.ReadAllText(Path.Combine(backup, "config")), StringComparison.Ordinal);
    }
}
