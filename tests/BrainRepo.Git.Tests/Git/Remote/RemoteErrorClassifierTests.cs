using BrainRepo.Core.Errors;
using BrainRepo.Git.Remote;

namespace BrainRepo.Git.Tests.Git.Remote;

public sealed class RemoteErrorClassifierTests
{
    [Theory]
    [InlineData("fatal: Authentication failed for 'https://github.com/me/b.git/'", RemoteFailureReason.AuthenticationFailed)]
    [InlineData("fatal: could not read Username for 'https://github.com': terminal prompts disabled", RemoteFailureReason.AuthenticationFailed)]
    [InlineData("git@github.com: Permission denied (publickey).", RemoteFailureReason.AuthenticationFailed)]
    [InlineData("remote: Permission to me/b.git denied to bot.\nfatal: unable to access '...': The requested URL returned error: 403", RemoteFailureReason.PermissionDenied)]
    [InlineData("remote: error: GH006: Protected branch update failed for refs/heads/main.", RemoteFailureReason.ProtectedBranch)]
    [InlineData("remote: error: File big.bin is 120.00 MB; this exceeds GitHub's file size limit of 100.00 MB", RemoteFailureReason.FileTooLarge)]
    [InlineData("error: RPC failed; HTTP 413 curl 22 The requested URL returned error: 413", RemoteFailureReason.FileTooLarge)]
    [InlineData("remote: fatal: your storage quota has been exceeded", RemoteFailureReason.QuotaExceeded)]
    [InlineData("! [remote rejected] main -> main (pre-receive hook declined)", RemoteFailureReason.RejectedByHook)]
    [InlineData("fatal: unable to access 'https://x/': Failed to connect to x port 443: Connection refused", RemoteFailureReason.RemoteUnavailable)]
    [InlineData("fatal: unable to access 'https://x/': Could not resolve host: x", RemoteFailureReason.RemoteUnavailable)]
    [InlineData("fatal: unable to access 'https://x/': The requested URL returned error: 502", RemoteFailureReason.RemoteUnavailable)]
    [InlineData("remote: Repository not found.\nfatal: repository 'https://x/' not found", RemoteFailureReason.RemoteNotFound)]
    [InlineData("!\trefs/tags/a:refs/tags/a\t[rejected] (already exists)", RemoteFailureReason.TagConflict)]
    [InlineData("something entirely new", RemoteFailureReason.Unknown)]
    public void Classify_KnownHostMessages(string text, RemoteFailureReason expected)
    {
        Assert.Equal(expected, RemoteErrorClassifier.Classify(text));
    }

    [Theory]
    [InlineData(RemoteFailureReason.Unknown, true)]
    [InlineData(RemoteFailureReason.RemoteUnavailable, true)]
    [InlineData(RemoteFailureReason.Diverged, true)]
    [InlineData(RemoteFailureReason.VerificationFailed, true)]
    [InlineData(RemoteFailureReason.LocalBranchMoved, true)]
    [InlineData(RemoteFailureReason.RemoteNotFound, false)]
    [InlineData(RemoteFailureReason.AuthenticationFailed, false)]
    [InlineData(RemoteFailureReason.PermissionDenied, false)]
    [InlineData(RemoteFailureReason.ProtectedBranch, false)]
    [InlineData(RemoteFailureReason.FileTooLarge, false)]
    [InlineData(RemoteFailureReason.QuotaExceeded, false)]
    [InlineData(RemoteFailureReason.RejectedByHook, false)]
    [InlineData(RemoteFailureReason.TagConflict, false)]
    public void Exception_TransientFlag_AndItsCodeRange(RemoteFailureReason reason, bool transient)
    {
        var ex = new RemotePushException(reason, "x");

        Assert.Equal(transient, ex.IsTransient);
        Assert.Matches(transient ? "^BR3[0-9]{3}$" : "^BR1[0-9]{3}$", ex.Code);
    }

    [Fact]
    public void Exception_EachReasonHasItsOwnCode()
    {
        var reasons = Enum.GetValues<RemoteFailureReason>();

        var codes = reasons.Select(RemotePushException.CodeOf).Distinct().ToList();

        Assert.Equal(reasons.Length, codes.Count);
        Assert.Equal(ErrorCodes.RemoteAuthenticationFailed, new RemotePushException(RemoteFailureReason.AuthenticationFailed, "x").Code);
    }
}
