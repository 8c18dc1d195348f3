namespace BrainRepo.Core.Secrets;

/// <summary>
/// Splits a key such as <c>dbPassword</c>, <c>AWS_SECRET_KEY</c> or <c>client-secret</c> into lower-case words and decides
/// whether it names a credential: it must contain a credential word and must not end with a metadata word
/// (<c>password_hint</c>, <c>token_type</c>, <c>max_tokens</c>, <c>secret_name</c>…), and must not contain the word
/// <c>public</c> (<c>publicKeyToken</c>, <c>public_key</c>: public values by definition).
/// </summary>
internal static class KeyClassifier
{
    private static readonly HashSet<string> Sensitive = new(StringComparer.Ordinal)
    {
        "password", "passwd", "pwd", "pass", "passphrase", "passcode", "secret", "token", "apikey", "accesskey",
        "secretkey", "privatekey", "authkey", "masterkey", "clientsecret", "credential", "credentials", "senha",
        "contrasena", "contraseña", "authtoken", "accesstoken", "refreshtoken", "bearertoken",
    };

    private static readonly HashSet<string> KeyQualifiers = new(StringComparer.Ordinal)
    {
        "api", "access", "secret", "private", "auth", "encryption", "signing", "master", "client", "app", "account",
        "storage", "service", "license", "admin", "root", "webhook", "session", "jwt", "hmac", "consumer",
    };

    private static readonly HashSet<string> Metadata = new(StringComparer.Ordinal)
    {
        "hint", "type", "types", "length", "len", "size", "count", "max", "min", "limit", "limits", "url", "uri", "endpoint",
        "path", "file", "filename", "dir", "name", "id", "ids", "field", "label", "placeholder", "prompt", "policy",
        "pattern", "regex", "format", "required", "enabled", "reset", "expiry", "expires", "expiration", "expire",
        "ttl", "timeout", "at", "date", "time", "timestamp", "created", "updated", "version", "header", "prefix",
        "suffix", "env", "var", "hash", "hashed", "digest", "salt", "usage", "budget", "cost", "mode", "source",
        "store", "provider", "manager", "service", "strategy", "kind", "style", "color", "icon", "class", "input",
        "button", "text", "message", "msg", "error", "description", "desc", "help", "title", "ref", "arn", "location",
        "loc", "lifetime", "rotation", "manager", "vault", "helper", "command", "cmd", "index", "idx", "position",
        "pos", "estimate", "validator", "validation", "strength", "changed", "set", "visible", "show", "toggle",
        "encryption", "algorithm", "algo",
    };

    public static bool IsSensitive(ReadOnlySpan<char> key)
    {
        Span<Range> ranges = stackalloc Range[16];
        var count = Split(key, ranges);
        if (count == 0)
        {
            return false;
        }

        Span<char> buffer = stackalloc char[key.Length];
        var lower = buffer[..key.ToLowerInvariant(buffer)];
        var sensitive = false;
        var setLookup = Sensitive.GetAlternateLookup<ReadOnlySpan<char>>();
        var qualifierLookup = KeyQualifiers.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var i = 0; i < count; i++)
        {
            var word = lower[ranges[i]];
            if (word.SequenceEqual("public"))
            {
                return false; // publicKeyToken, public_key, recaptcha_public_key: published by design
            }

            if (setLookup.Contains(word))
            {
                sensitive = true;
            }
            else if (word.SequenceEqual("key") && i > 0 && qualifierLookup.Contains(lower[ranges[i - 1]]))
            {
                sensitive = true;
            }
        }

        if (!sensitive)
        {
            return false;
        }

        var last = lower[ranges[count - 1]];
        return !Metadata.GetAlternateLookup<ReadOnlySpan<char>>().Contains(last);
    }

    /// <summary>Splits on <c>_ - .</c> and lower→upper camelCase boundaries.</summary>
    private static int Split(ReadOnlySpan<char> key, Span<Range> ranges)
    {
        var count = 0;
        var start = -1;
        for (var i = 0; i <= key.Length; i++)
        {
            var boundary = i == key.Length || key[i] is '_' or '-' or '.'
                || (i > 0 && char.IsAsciiLetterUpper(key[i]) && char.IsAsciiLetterLower(key[i - 1]));
            if (boundary)
            {
                if (start >= 0 && count < ranges.Length)
                {
                    ranges[count++] = new Range(start, i);
                }

                start = i < key.Length && key[i] is not ('_' or '-' or '.') ? i : -1;
            }
            else if (start < 0)
            {
                start = i;
            }
        }

        return count;
    }
}
