using System.Text;
using BrainRepo.Cli.Tests.Support;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Tests.Support;
using BrainRepo.Git.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace BrainRepo.Cli.Tests.Remote;

/// <summary>
/// Disaster recovery over https with a token: <c>restore --from &lt;url&gt; --token-env VAR --to DIR</c> on a
/// machine with no BrainRepo state, against a real smart-HTTP git server with basic auth.
/// </summary>
[Trait("Category", "Integration")]
[Collection(HttpRemoteCliCollection.Name)]
public sealed class RestoreFromHttpCliTests : IDisposable
{
    private const string Token = "ghp_RestoreFromCanary_4b81f0aa2e";
    private const string TokenVariable = "BRAINREPO_TEST_RESTORE_TOKEN";
    private static readonly Dictionary<string, string> Files = new(StringComparer.Ordinal)
    {
        ["notes/a.md"] = "alpha\n",
        ["notes/deep/b.txt"] = "beta — ünïcode\n",
        ["c.md"] = "gamma",
    };

    private readonly TestWorkspace source = new();
    private readonly TestWorkspace fresh = new();
    private readonly CliRunner sourceCli;
    private readonly CliRunner freshCli;
    private readonly string tempDir;

    public RestoreFromHttpCliTests()
    {
        sourceCli = new CliRunner(source);
        sourceCli.Environment[TokenVariable] = Token;
        freshCli = new CliRunner(fresh);
        tempDir = Path.Combine(fresh.Root, "tmp");
        Directory.CreateDirectory(tempDir);
        freshCli.Environment["TMPDIR"] = tempDir;
    }

    public void Dispose()
    {
        source.Dispose();
        fresh.Dispose();
    }

    [Fact]
    public async Task From_HttpsWithTokenEnv_RestoresIdenticalFiles_AndTheTokenAppearsNowhere()
    {
        await using var server = new GitHttpServer(ServerRoot(), Token);
        var served = server.CreateRepository("brain.git");
        await PushSnapshotAsync(server);
        var head = TestGit.RevParse(served, "refs/heads/main");
        using var logs = new RecordingLoggerProvider();
        freshCli.LoggerFactory = new LoggerFactory([logs], new LoggerFilterOptions { MinLevel = LogLevel.Trace });
        freshCli.Environment[TokenVariable] = Token;
        var target = Path.Combine(fresh.Root, "recovered");

        var (exit, output, err) = await freshCli.RunAsync("restore", "HEAD", "--from", server.Url("brain.git"), "--token-env", TokenVariable, "--to", target);

        Assert.True(exit == 0, output + err);
        Assert.Contains(head[..12], output, StringComparison.Ordinal);
        var restored = Directory.EnumerateFiles(target, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(target, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(Files.Keys.Order(StringComparer.Ordinal), restored);
        foreach (var (path, content) in Files)
        {
            Assert.Equal(File.ReadAllBytes(source.PathOf(path)), File.ReadAllBytes(Path.Combine(target, path)));
            Assert.Equal(content, File.ReadAllText(Path.Combine(target, path)));
        }

        // The temporary clone is gone, and the fresh BRAINREPO_HOME was not needed.
        Assert.Empty(Directory.EnumerateFileSystemEntries(tempDir));
        Assert.NotEmpty(logs.Lines);
        AssertTokenNowhere(string.Join('\n', logs.Lines));
    }

    [Fact]
    public async Task From_HttpsWithWrongToken_IsAClearAuthError_AndWritesNothing()
    {
        await using var server = new GitHttpServer(ServerRoot(), Token);
        server.CreateRepository("brain.git");
        await PushSnapshotAsync(server);
        freshCli.Environment["WRONG_TOKEN"] = "ghp_NotTheRestoreToken_0000";
        var target = Path.Combine(fresh.Root, "recovered");

        var wrong = await freshCli.RunAsync("restore", "HEAD", "--from", server.Url("brain.git"), "--token-env", "WRONG_TOKEN", "--to", target);
        var none = await freshCli.RunAsync("restore", "HEAD", "--from", server.Url("brain.git"), "--to", target);

        foreach (var (exit, _, err) in new[] { wrong, none })
        {
            Assert.Equal(1, exit);
            Assert.Contains($"error {ErrorCodes.RemoteAuthenticationFailed}:", err, StringComparison.Ordinal);
            Assert.Contains("authentication failed", err, StringComparison.Ordinal);
        }

        Assert.False(Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any(), "nothing may be written into --to");
        Assert.Empty(Directory.EnumerateFileSystemEntries(tempDir));
        Assert.DoesNotContain("ghp_NotTheRestoreToken_0000", freshCli.Transcript.ToString(), StringComparison.Ordinal);
        AssertTokenNowhere(string.Empty);
    }

    [Fact]
    public async Task From_TokenArgument_Warns_AndTokenWithoutFrom_IsAUsageError()
    {
        await using var server = new GitHttpServer(ServerRoot(), Token);
        server.CreateRepository("brain.git");
        await PushSnapshotAsync(server);
        var target = Path.Combine(fresh.Root, "recovered");

        var (exit, output, err) = await freshCli.RunWithInputAsync(null, "restore", "HEAD", "--from", server.Url("brain.git"), "--token", Token, "--to", target);
        var stdin = await freshCli.RunWithInputAsync(Token + "\n", "restore", "HEAD", "--from", server.Url("brain.git"), "--token-stdin", "--to", Path.Combine(fresh.Root, "again"));
        var withoutFrom = await freshCli.RunAsync("restore", "HEAD", "--token-env", TokenVariable, "--to", target);
        var embedded = await freshCli.RunAsync("restore", "HEAD", "--from", server.Url("brain.git").Replace("http://", "http://x:" + Token + "@", StringComparison.Ordinal), "--to", Path.Combine(fresh.Root, "third"));

        Assert.True(exit == 0, output + err);
        Assert.Contains("visible to other users in 'ps'", err, StringComparison.Ordinal);
        Assert.True(stdin.Exit == 0, stdin.Out + stdin.Err);
        Assert.Equal("alpha\n", File.ReadAllText(Path.Combine(fresh.Root, "again", "notes/a.md")));
        Assert.Equal(2, withoutFrom.Exit);
        Assert.Contains("--from", withoutFrom.Err, StringComparison.Ordinal);
        Assert.Equal(2, embedded.Exit);
        Assert.False(Directory.Exists(Path.Combine(fresh.Root, "third")));
    }

    private async Task PushSnapshotAsync(GitHttpServer server)
    {
        Assert.Equal(0, (await sourceCli.RunAsync("remote", "set", server.Url("brain.git"), "--token-env", TokenVariable)).Exit);
        foreach (var (path, content) in Files)
        {
            source.Write(path, content);
        }

        var sync = await sourceCli.RunAsync("sync");
        Assert.True(sync.Exit == 0, sync.Out + sync.Err);
        Assert.Equal(0, (await sourceCli.RunAsync("push")).Exit);
    }

    private string ServerRoot()
    {
        var root = Path.Combine(source.Root, "served");
        Directory.CreateDirectory(root);
        return root;
    }

    private void AssertTokenNowhere(string logText)
    {
        var forms = new[] { Token, Uri.EscapeDataString(Token), Convert.ToBase64String(Encoding.UTF8.GetBytes("x-access-token:" + Token)), Convert.ToBase64String(Encoding.UTF8.GetBytes(Token)) };
        var transcript = freshCli.Transcript.ToString();
        foreach (var form in forms)
        {
            Assert.DoesNotContain(form, transcript, StringComparison.Ordinal);
            Assert.DoesNotContain(form, logText, StringComparison.Ordinal);
        }

        // Every file under the fresh machine's folders: its BRAINREPO_HOME, the temp folder and the restore target.
        foreach (var file in Directory.EnumerateFiles(fresh.Root, "*", SearchOption.AllDirectories))
        {
            var bytes = File.ReadAllBytes(file);
            foreach (var form in forms)
            {
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(form)) < 0, $"the token ({form.Length} chars) appears in {file}");
            }
        }
    }
}
