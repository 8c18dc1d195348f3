namespace BrainRepo.Core.Remote;

/// <summary>
/// The remote a workspace pushes to, as persisted in its state store. It never holds a token: the token
/// lives encrypted in the credential store under <see cref="CredentialName"/>.
/// </summary>
/// <param name="Url">The validated URL or absolute path (see <see cref="RemoteSpec.Url"/>); it holds no credential.</param>
/// <param name="Kind">How the remote is reached.</param>
/// <param name="CredentialName">The credential store entry holding the token, or null when no token is used.</param>
/// <param name="ConfiguredAt">When the remote was set.</param>
public sealed record RemoteConfig(string Url, RemoteKind Kind, string? CredentialName, DateTimeOffset ConfiguredAt)
{
    /// <summary>The parsed, validated remote.</summary>
    public RemoteSpec Spec => RemoteSpec.Parse(Url);
}
