using System.Buffers.Text;
using System.Text.RegularExpressions;

namespace BrainRepo.Core.Secrets;

/// <summary>Per-rule false-positive filters applied to regex matches.</summary>
internal static class SecretValidators
{
    /// <summary>The signature of the public jwt.io sample token; it is documentation, not a credential.</summary>
    private const string JwtIoSampleSignature = "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

    private static readonly string[] UrlPasswordPlaceholders =
    [
        "password", "pass", "passwd", "pwd", "secret", "pw", "p", "x", "token", "changeme", "user", "username",
        "passwort", "wachtwoord", "senha", "contrasena", "contraseña", "motdepasse", "parola", "haslo", "lösenord",
    ];

    public static Func<string, Match, bool> Body(int prefixLength, double minEntropy, bool mixedCase = false) =>
        (text, match) =>
        {
            var secret = Secret(text, match);
            var body = secret.Length > prefixLength ? secret[prefixLength..] : secret;
            return SecretHeuristics.LooksRandom(body, minEntropy) && (!mixedCase || SecretHeuristics.HasUpperAndLower(body));
        };

    public static Func<string, Match, bool> Random(double minEntropy) =>
        (text, match) => SecretHeuristics.LooksRandom(Secret(text, match), minEntropy);

    /// <summary>For webhook URLs: the last path segment must look random.</summary>
    public static Func<string, Match, bool> UrlTail(double minEntropy) =>
        (text, match) =>
        {
            var url = Secret(text, match);
            return SecretHeuristics.LooksRandom(url[(url.LastIndexOf('/') + 1)..], minEntropy);
        };

    public static bool ServiceAccountKey(string text, Match match)
    {
        var secret = Secret(text, match);
        var headerEnd = secret.IndexOf("KEY-----", StringComparison.Ordinal);
        return headerEnd > 0 && PrivateKeyRule.HasKeyMaterial(secret[(headerEnd + 8)..]);
    }

    public static bool SlackToken(string text, Match match)
    {
        var secret = Secret(text, match);
        return secret.Length >= 24 && SecretHeuristics.LooksRandom(secret[5..], 3.0);
    }

    /// <summary>The first segment of a Discord bot token is the bot's numeric user id in base64.</summary>
    public static bool DiscordBotToken(string text, Match match)
    {
        var id = match.Groups["id"].ValueSpan;
        Span<byte> decoded = stackalloc byte[32];
        Span<char> padded = stackalloc char[id.Length + 3];
        id.CopyTo(padded);
        var length = id.Length;
        while (length % 4 != 0)
        {
            padded[length++] = '=';
        }

        if (!Base64Url.TryDecodeFromChars(padded[..length], decoded, out var written) || written < 17)
        {
            return false;
        }

        foreach (var b in decoded[..written])
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }
        }

        return SecretHeuristics.LooksRandom(Secret(text, match)[(id.Length + 1)..], 3.5);
    }

    public static bool TelegramBotToken(string text, Match match)
    {
        var secret = Secret(text, match);
        var body = secret[(secret.IndexOf(':') + 1)..];
        return SecretHeuristics.HasUpperAndLower(body) && SecretHeuristics.LooksRandom(body, 3.5);
    }

    /// <summary><c>secret_</c> + 43 alphanumerics is Notion's legacy format; it must also look random and mixed-case.</summary>
    public static bool NotionToken(string text, Match match)
    {
        var secret = Secret(text, match);
        var body = secret[(secret.IndexOf('_') + 1)..];
        return SecretHeuristics.HasUpperAndLower(body) && SecretHeuristics.HasDigit(body) && SecretHeuristics.LooksRandom(body, 3.5);
    }

    /// <summary>The header must decode to JSON with an <c>alg</c>; the public jwt.io sample is skipped.</summary>
    public static bool Jwt(string text, Match match)
    {
        var secret = Secret(text, match);
        var dot = secret.IndexOf('.');
        var header = secret[..dot];
        Span<byte> decoded = stackalloc byte[Math.Min(2048, Base64Url.GetMaxDecodedLength(header.Length))];
        if (header.Length > 2048 || !Base64Url.TryDecodeFromChars(header, decoded, out var written))
        {
            return false;
        }

        var json = decoded[..written];
        if (json.IndexOf("\"alg\""u8) < 0 && json.IndexOf("\"typ\""u8) < 0)
        {
            return false;
        }

        return !secret.EndsWith(JwtIoSampleSignature, StringComparison.Ordinal) && !SecretHeuristics.HasPlaceholderWord(secret);
    }

    /// <summary>A literal password in <c>scheme://user:password@host</c>; references and placeholders are skipped.</summary>
    public static bool UrlCredentials(string text, Match match)
    {
        var password = match.Groups["secret"].ValueSpan;
        var user = match.Groups["user"].ValueSpan;
        if (password.IsEmpty || SecretHeuristics.IsInterpolationOrTemplate(password) || SecretHeuristics.HasPlaceholderWord(password)
            || password.Contains('*') || password.Contains("%s", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var placeholder in UrlPasswordPlaceholders)
        {
            if (password.Equals(placeholder, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        if (password.Length < 3 || (password.Length < 6 && user.Equals("user", StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        // "host:port@" in a git remote like https://github.com:443@… is not a password.
        return !(user.Contains('.') && SecretHeuristics.IsNumberLike(password)) && !IsDocumentationHost(match.Groups["host"].ValueSpan);
    }

    /// <summary>
    /// example.com/.net/.org and their sub-domains, and names under the .example, .invalid and .test top-level domains,
    /// are reserved for documentation and testing (RFC 2606, RFC 6761): credentials for them are examples. A bare host
    /// named "test" is a real service name (docker compose) and is not skipped.
    /// </summary>
    private static bool IsDocumentationHost(ReadOnlySpan<char> host)
    {
        host = host.TrimEnd('.');
        foreach (var domain in (ReadOnlySpan<string>)["example.com", "example.net", "example.org", "example", "invalid", "test"])
        {
            if ((host.Equals(domain, StringComparison.OrdinalIgnoreCase) && domain != "test")
                || (host.EndsWith(domain, StringComparison.OrdinalIgnoreCase) && host.Length > domain.Length && host[host.Length - domain.Length - 1] == '.'))
            {
                return true;
            }
        }

        return false;
    }

    private static ReadOnlySpan<char> Secret(string text, Match match)
    {
        var group = match.Groups["secret"];
        return group.Success ? group.ValueSpan : match.ValueSpan;
    }
}
