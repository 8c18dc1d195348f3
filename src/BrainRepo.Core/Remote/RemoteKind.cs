namespace BrainRepo.Core.Remote;

/// <summary>How a remote is reached.</summary>
public enum RemoteKind
{
    /// <summary>An <c>https://</c> URL; a token is sent with HTTP basic authentication.</summary>
    Https,

    /// <summary>A plain <c>http://</c> URL. Accepted only for loopback hosts (tests, local mirrors).</summary>
    HttpLoopback,

    /// <summary>An <c>ssh://</c> URL or the scp-like <c>user@host:path</c> form.</summary>
    Ssh,

    /// <summary>A local path or a <c>file://</c> URL.</summary>
    Local,
}
