using BrainRepo.Cli.Infrastructure;
using BrainRepo.Core.Coordination;
using BrainRepo.Core.Credentials;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Remote;
using BrainRepo.Git.Remote;
using Microsoft.Data.Sqlite;
using Spectre.Console.Testing;

namespace BrainRepo.Cli.Tests.Errors;

/// <summary>What a user sees, and which exit code a script gets, when a command ends with an exception.</summary>
public sealed class CommandFailureTests
{
    public static TheoryData<Exception, string, int> Coded => new()
    {
        { new ConfigException("bad key"), ErrorCodes.Config, 2 },
        { new WorkspaceBusyException("busy"), ErrorCodes.Busy, 1 },
        { new LeaseLostException("ws", 7), ErrorCodes.LeaseLost, 1 },
        { new RemotePushException(RemoteFailureReason.AuthenticationFailed, "authentication failed"), ErrorCodes.RemoteAuthenticationFailed, 1 },
        { new RemotePushException(RemoteFailureReason.RemoteUnavailable, "down"), ErrorCodes.RemoteUnavailable, 1 },
        { new CredentialDecryptionException(), ErrorCodes.CredentialDecryptFailed, 1 },
        { new InvalidMasterKeyException("not base64"), ErrorCodes.MasterKeyInvalid, 2 },
        { new InvalidRemoteUrlException("The remote URL is empty."), ErrorCodes.RemoteUrlInvalid, 2 },
        { new InvalidTagNameException("'a..b' is not a valid tag name."), ErrorCodes.TagNameInvalid, 2 },
        { new IOException("Input/output error : '/w/a.md'"), ErrorCodes.FileAccess, 1 },
        { new FileNotFoundException("Could not find file '/w/a.md'."), ErrorCodes.FileAccess, 1 },
        { new UnauthorizedAccessException("Access to the path '/w/a.md' is denied."), ErrorCodes.FileAccess, 1 },
        { new IOException("No space left on device : '/r/pack'"), ErrorCodes.DiskFull, 1 },
        { new SqliteException("SQLite Error 5: 'database is locked'.", 5), ErrorCodes.Database, 1 },
        { new LibGit2Sharp.LibGit2SharpException("object not found"), ErrorCodes.GitFailed, 1 },
        { BackupWriteException.For(new IOException("No space left on device", 28), "/r/objects/pack", "Nothing was committed."), ErrorCodes.DiskFull, 1 },
        { BackupWriteException.For(new IOException("Input/output error", 5), "/r/objects/pack", "Nothing was committed."), ErrorCodes.FileAccess, 1 },
        { CredentialFileException.Damaged("/d/credentials.json", "not valid JSON"), ErrorCodes.CredentialFileDamaged, 1 },
    };

    [Theory]
    [MemberData(nameof(Coded), DisableDiscoveryEnumeration = true)]
    public void Failure_PrintsTheCode_AndExitsAsItsRangeSays(Exception exception, string code, int exit)
    {
        var failure = CommandFailure.Of(exception);
        var console = new TestConsole();
        console.Profile.Width = 250;

        failure.WriteTo(console);

        Assert.Equal((code, exit), (failure.Code, failure.ExitCode));
        Assert.StartsWith($"error {code}: ", console.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", console.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("please report", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Failure_OfABug_IsAnInternalErrorWithoutACode()
    {
        var failure = CommandFailure.Of(new NullReferenceException("Object reference not set"));
        var console = new TestConsole();
        console.Profile.Width = 250;

        failure.WriteTo(console);

        Assert.Null(failure.Code);
        Assert.Equal(1, failure.ExitCode);
        Assert.StartsWith("internal error: NullReferenceException: Object reference not set (please report it", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Failure_OfACancel_SaysNothingWasCommitted()
    {
        var failure = CommandFailure.Of(new OperationCanceledException());
        var console = new TestConsole();

        failure.WriteTo(console);

        Assert.Equal((null, 1), (failure.Code, failure.ExitCode));
        Assert.Equal("Cancelled: nothing was committed.", console.Output.Trim());
    }

    [Theory]
    [InlineData("BR1002", 1)]
    [InlineData("BR2001", 2)]
    [InlineData("BR2999", 2)]
    [InlineData("BR3001", 1)]
    public void ExitCodeOf_FollowsTheRange(string code, int exit)
    {
        Assert.Equal(exit, CommandFailure.ExitCodeOf(code));
    }
}
