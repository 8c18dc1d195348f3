using System.Net;

namespace BrainRepo.Core.Remote;

/// <summary>
/// A validated remote location. It never holds a credential: URLs with user info that could carry
/// a password or a token are refused, and the token travels separately (see <c>CredentialStore</c>).
/// </summary>
public sealed record RemoteSpec
{
    private RemoteSpec(RemoteKind kind, string url, string display)
    {
        Kind = kind;
        Url = url;
        Display = display;
    }

    /// <summary>How the remote is reached.</summary>
    public RemoteKind Kind { get; }

    /// <summary>The URL or absolute path handed to git. It holds no credential.</summary>
    public string Url { get; }

    /// <summary>A form of the URL that is safe to show and log.</summary>
    public string Display { get; }

    /// <summary>True when the remote is reached over HTTP(S), where a token is used.</summary>
    public bool UsesToken => Kind is RemoteKind.Https or RemoteKind.HttpLoopback;

    public override string ToString() => Display;

    /// <summary>Parses and validates <paramref name="value"/>.</summary>
    /// <exception cref="InvalidRemoteUrlException">The value is not an acceptable remote.</exception>
    public static RemoteSpec Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Trim();
        if (text.Length == 0)
        {
            throw new InvalidRemoteUrlException("The remote URL is empty.");
        }

        if (text.Any(char.IsControl))
        {
            throw new InvalidRemoteUrlException("The remote URL contains control characters.");
        }

        if (text.StartsWith('-'))
        {
            throw new InvalidRemoteUrlException("The remote URL must not start with '-'.");
        }

        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd > 0)
        {
            var scheme = text[..schemeEnd].ToLowerInvariant();
            return scheme switch
            {
                "https" => ParseHttp(text, RemoteKind.Https),
                "http" => ParseHttp(text, RemoteKind.HttpLoopback),
                "ssh" or "git+ssh" or "ssh+git" => ParseSshUrl(text),
                "file" => ParseFileUrl(text),
                _ => throw new InvalidRemoteUrlException(
                    $"Unsupported remote scheme '{SafeScheme(scheme)}': use https://, ssh://, file:// or a local path."),
            };
        }

        if (LooksLikeScpSsh(text))
        {
            return ParseScp(text);
        }

        return ParseLocalPath(text);
    }

    /// <summary>Like <see cref="Parse"/>, but returns false and a safe error message instead of throwing.</summary>
    public static bool TryParse(string value, out RemoteSpec? spec, out string? error)
    {
        try
        {
            spec = Parse(value);
            error = null;
            return true;
        }
        catch (InvalidRemoteUrlException ex)
        {
            spec = null;
            error = ex.Message;
            return false;
        }
    }

    private static string SafeScheme(string scheme) =>
        scheme.Length <= 16 && scheme.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.') ? scheme : "?";

    private static RemoteSpec ParseHttp(string text, RemoteKind kind)
    {
        var authority = Authority(text);
        if (authority.Contains('@', StringComparison.Ordinal))
        {
            throw new InvalidRemoteUrlException(
                "The remote URL contains embedded credentials (user info before '@'). " +
                "Remove them from the URL and store the token with the credential store instead.");
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new InvalidRemoteUrlException("The remote URL is not a valid http(s) URL.");
        }

        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            throw new InvalidRemoteUrlException(
                "The remote URL must not have a query string or a fragment (they can carry tokens).");
        }

        if (kind == RemoteKind.HttpLoopback && !IsLoopback(uri.Host))
        {
            throw new InvalidRemoteUrlException(
                "Plain http:// would send the token in clear text; use https:// (http is allowed only for loopback).");
        }

        var url = uri.GetLeftPart(UriPartial.Path);
        return new RemoteSpec(kind, url, url);
    }

    private static RemoteSpec ParseSshUrl(string text)
    {
        var authority = Authority(text);
        var at = authority.LastIndexOf('@');
        if (at >= 0 && authority[..at].Contains(':', StringComparison.Ordinal))
        {
            throw new InvalidRemoteUrlException(
                "The remote URL contains embedded credentials (a password in the user info). " +
                "Use an SSH key, or an https URL with a stored token.");
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new InvalidRemoteUrlException("The remote URL is not a valid ssh URL.");
        }

        return new RemoteSpec(RemoteKind.Ssh, text, text);
    }

    private static RemoteSpec ParseScp(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var hostPart = text[..colon];
        var path = text[(colon + 1)..];
        var at = hostPart.LastIndexOf('@');
        var host = at >= 0 ? hostPart[(at + 1)..] : hostPart;
        if (host.Length == 0 || path.Length == 0)
        {
            throw new InvalidRemoteUrlException("The ssh remote must look like user@host:path.");
        }

        return new RemoteSpec(RemoteKind.Ssh, text, text);
    }

    private static RemoteSpec ParseFileUrl(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || !uri.IsFile)
        {
            throw new InvalidRemoteUrlException("The remote URL is not a valid file:// URL.");
        }

        if (!string.IsNullOrEmpty(uri.Host) && !IsLoopback(uri.Host))
        {
            throw new InvalidRemoteUrlException("A file:// remote must name a local path.");
        }

        var path = Path.GetFullPath(uri.LocalPath);
        return new RemoteSpec(RemoteKind.Local, path, path);
    }

    private static RemoteSpec ParseLocalPath(string text)
    {
        string path;
        try
        {
            path = Path.GetFullPath(text);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new InvalidRemoteUrlException("The remote is neither a URL nor a valid local path.");
        }

        return new RemoteSpec(RemoteKind.Local, path, path);
    }

    private static bool LooksLikeScpSsh(string text)
    {
        // git's rule: a colon before the first slash means scp-like ssh syntax ("host:path").
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0 && slash < colon)
        {
            return false;
        }

        // "C:\..." style drive letters are local paths.
        return !(colon == 1 && char.IsAsciiLetter(text[0]));
    }

    private static string Authority(string text)
    {
        var start = text.IndexOf("://", StringComparison.Ordinal) + 3;
        var end = text.IndexOfAny(['/', '?', '#'], start);
        return end < 0 ? text[start..] : text[start..end];
    }

    private static bool IsLoopback(string host)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }
}
