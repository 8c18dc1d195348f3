namespace BrainRepo.Core.Remote;

/// <summary>A push that landed and was verified by reading the remote refs back.</summary>
/// <param name="SnapshotCommit">The local snapshot commit that was to be pushed.</param>
/// <param name="RemoteCommit">What the remote branch now holds: the snapshot, or a merge commit whose tree is the snapshot's.</param>
/// <param name="MergedRemoteCommits">The remote tips merged in because the remote had moved ahead (empty when none).</param>
/// <param name="Tags">The tags pushed and verified.</param>
/// <param name="VerifiedAt">When the read-back confirmed the push.</param>
public sealed record PushResult(
    string SnapshotCommit,
    string RemoteCommit,
    IReadOnlyList<string> MergedRemoteCommits,
    IReadOnlyList<string> Tags,
    DateTimeOffset VerifiedAt)
{
    /// <summary>True when a merge commit was created because the remote had diverged.</summary>
    public bool Merged => MergedRemoteCommits.Count > 0;
}
