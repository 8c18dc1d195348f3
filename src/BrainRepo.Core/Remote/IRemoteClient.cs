using BrainRepo.Core.Credentials;

namespace BrainRepo.Core.Remote;

/// <summary>
/// Talks to a workspace's remote for its backup repository. Implemented over the git CLI in BrainRepo.Git.
/// Failures are <see cref="Errors.BrainRepoException"/>s whose message names the cause and never holds the token.
/// </summary>
public interface IRemoteClient
{
    /// <summary>
    /// Pushes the snapshot branch and <paramref name="tags"/> (names without <c>refs/tags/</c>), never forcing,
    /// and verifies that the remote refs equal the local ones. A push that has started is not interrupted:
    /// <paramref name="cancellationToken"/> is checked between steps only.
    /// </summary>
    Task<PushResult> PushAsync(RemoteSpec remote, SecretToken? token, IReadOnlyCollection<string> tags, IProgress<PushProgress>? progress, CancellationToken cancellationToken);

    /// <summary>
    /// Checks that <paramref name="remote"/> can be used: reaches it, authenticates with <paramref name="token"/> and
    /// reads its refs (<c>git ls-remote</c>), changing nothing there.
    /// </summary>
    /// <exception cref="Errors.BrainRepoException">The remote cannot be reached, refused the credentials or is not a repository.</exception>
    Task<RemoteCheck> CheckAsync(RemoteSpec remote, SecretToken? token, CancellationToken cancellationToken);

    /// <summary>Deletes <paramref name="tags"/> on the remote (absent ones are fine), verified by a read-back.</summary>
    Task DeleteRemoteTagsAsync(RemoteSpec remote, SecretToken? token, IReadOnlyCollection<string> tags, CancellationToken cancellationToken);
}
