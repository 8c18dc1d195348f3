using System.Buffers;

namespace BrainRepo.Core.Secrets;

/// <summary>False-positive filters shared by the rules. Every one of them is documented in docs/secrets.md.</summary>
internal static class SecretHeuristics
{
    /// <summary>Words that mark a value as a placeholder anywhere in it (checked case-insensitively, also on prefixed tokens).</summary>
    private static readonly SearchValues<string> StrongPlaceholders = SearchValues.Create(
        [
            "xxxx", "****", "....", "\u2026", "example", "dummy", "fake", "placeholder", "redacted", "changeme",
            "change_me", "change-me", "your_", "your-", "yourpass", "yourtoken", "yourkey", "yoursecret",
            "sua_senha", "sua-senha", "suasenha", "seu_token", "seu-token", "sample", "notreal", "not_real",
            "not-a-real", "lorem", "insert_", "insert-", "replace_me", "replace-me", "replaceme", "<your", "0000000", "1234567",
        ],
        StringComparison.OrdinalIgnoreCase);

    /// <summary>Whole values (compared case-insensitively) that are never secrets in a generic assignment.</summary>
    private static readonly HashSet<string> StopwordValues = new(StringComparer.OrdinalIgnoreCase)
    {
        "password", "passwd", "pass", "pwd", "secret", "token", "apikey", "api_key", "key", "none", "null", "nil",
        "true", "false", "undefined", "empty", "string", "str", "bytes", "int", "bool", "required", "optional",
        "hidden", "masked", "senha", "test", "todo", "tbd", "n/a", "na", "default", "username", "user",
        "admin", "root", "guest", "secretstr", "secretstring", "bearer", "basic", "self", "this",
    };

    /// <summary>Shannon entropy in bits per character.</summary>
    public static double Entropy(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return 0;
        }

        Span<int> counts = stackalloc int[129];
        foreach (var c in value)
        {
            counts[c < 128 ? c : 128]++;
        }

        double entropy = 0;
        double length = value.Length;
        foreach (var count in counts)
        {
            if (count > 0)
            {
                var p = count / length;
                entropy -= p * Math.Log2(p);
            }
        }

        return entropy;
    }

    /// <summary>Contains a placeholder word (<c>xxxx</c>, <c>example</c>, <c>YOUR_…</c>, <c>SUA_SENHA</c>…).</summary>
    public static bool HasPlaceholderWord(ReadOnlySpan<char> value) => value.IndexOfAny(StrongPlaceholders) >= 0;

    /// <summary>A whole-value stopword such as <c>password</c>, <c>None</c>, <c>str</c>.</summary>
    public static bool IsStopword(ReadOnlySpan<char> value) =>
        StopwordValues.GetAlternateLookup<ReadOnlySpan<char>>().Contains(value);

    /// <summary>Counts the character classes present: lower, upper, digit, other.</summary>
    public static int CharClasses(ReadOnlySpan<char> value)
    {
        bool lower = false, upper = false, digit = false, other = false;
        foreach (var c in value)
        {
            if (char.IsAsciiLetterLower(c))
            {
                lower = true;
            }
            else if (char.IsAsciiLetterUpper(c))
            {
                upper = true;
            }
            else if (char.IsAsciiDigit(c))
            {
                digit = true;
            }
            else
            {
                other = true;
            }
        }

        return (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (other ? 1 : 0);
    }

    public static bool HasUpperAndLower(ReadOnlySpan<char> value) =>
        value.IndexOfAnyInRange('a', 'z') >= 0 && value.IndexOfAnyInRange('A', 'Z') >= 0;

    public static bool HasDigit(ReadOnlySpan<char> value) => value.IndexOfAnyInRange('0', '9') >= 0;

    /// <summary>A token-shaped body that is random enough and not a placeholder.</summary>
    public static bool LooksRandom(ReadOnlySpan<char> body, double minEntropy) =>
        !HasPlaceholderWord(body) && Entropy(body) >= minEntropy && !IsSequential(body);

    /// <summary><c>abcdef…</c>, <c>123456…</c> runs make up most of the value.</summary>
    public static bool IsSequential(ReadOnlySpan<char> value)
    {
        if (value.Length < 6)
        {
            return false;
        }

        var steps = 0;
        for (var i = 1; i < value.Length; i++)
        {
            var d = value[i] - value[i - 1];
            if (d is 0 or 1 or -1)
            {
                steps++;
            }
        }

        return steps >= (value.Length - 1) * 0.8;
    }

    /// <summary><c>${VAR}</c>, <c>{{ var }}</c>, <c>$VAR</c>, <c>%VAR%</c>, <c>#{var}</c>, <c>&lt;token&gt;</c>, <c>$(cmd)</c>, <c>%(name)s</c>.</summary>
    public static bool IsInterpolationOrTemplate(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return false;
        }

        if (value.Contains("${", StringComparison.Ordinal) || value.Contains("{{", StringComparison.Ordinal)
            || value.Contains("$(", StringComparison.Ordinal) || value.Contains("#{", StringComparison.Ordinal)
            || value.Contains("%(", StringComparison.Ordinal) || value.Contains("{%", StringComparison.Ordinal))
        {
            return true;
        }

        if (value[0] == '$' || (value[0] == '<' && value[^1] == '>') || (value[0] == '[' && value[^1] == ']')
            || (value[0] == '{' && value[^1] == '}') || (value.Length > 2 && value[0] == '%' && value[^1] == '%'))
        {
            return true;
        }

        return false;
    }

    /// <summary>ALL_CAPS binding names used as values: <c>SERVICE_API_TOKEN_PROD</c>.</summary>
    public static bool IsAllCapsIdentifier(ReadOnlySpan<char> value)
    {
        if (value.Length < 2 || !char.IsAsciiLetterUpper(value[0]))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterUpper(c) && !char.IsAsciiDigit(c) && c != '_')
            {
                return false;
            }
        }

        return value.Contains('_') || value.IndexOfAnyInRange('0', '9') < 0;
    }

    /// <summary>An e-mail address.</summary>
    public static bool IsEmail(ReadOnlySpan<char> value)
    {
        var at = value.IndexOf('@');
        return at > 0 && at < value.Length - 3 && value[(at + 1)..].Contains('.') && value.IndexOfAny(" :/") < 0;
    }

    /// <summary>A URL, a file or image name, or a path.</summary>
    public static bool IsUrlOrFileName(ReadOnlySpan<char> value)
    {
        if (value.Contains("://", StringComparison.Ordinal) || value.StartsWith("data:", StringComparison.OrdinalIgnoreCase)
            || value.StartsWith("./", StringComparison.Ordinal) || value.StartsWith("../", StringComparison.Ordinal)
            || value.StartsWith("~/", StringComparison.Ordinal) || (value.Length > 0 && value[0] == '/'))
        {
            return true;
        }

        var dot = value.LastIndexOf('.');
        if (dot > 0 && value.Length - dot - 1 is >= 2 and <= 5)
        {
            var ext = value[(dot + 1)..];
            foreach (var known in FileExtensions)
            {
                if (ext.Equals(known, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static readonly string[] FileExtensions =
    [
        "png", "jpg", "jpeg", "gif", "svg", "webp", "ico", "bmp", "pdf", "txt", "md", "json", "yaml", "yml", "toml",
        "ini", "cfg", "conf", "env", "pem", "key", "crt", "cer", "p12", "pfx", "jks", "html", "css", "js", "ts", "py",
        "sh", "xml", "csv", "log", "zip", "gz", "tar", "db", "sqlite", "mp3", "mp4", "wav", "docx", "xlsx",
    ];

    /// <summary>Phone numbers, dates, times, timestamps, version numbers and plain numbers.</summary>
    public static bool IsNumberLike(ReadOnlySpan<char> value)
    {
        var digits = 0;
        foreach (var c in value)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (c is not ('+' or '-' or ' ' or '(' or ')' or '.' or ':' or '/' or 'T' or 'Z' or 'z' or 't' or ','))
            {
                return false;
            }
        }

        return digits > 0;
    }

    /// <summary>A UUID (8-4-4-4-12 hex).</summary>
    public static bool IsUuid(ReadOnlySpan<char> value) => value.Length == 36 && Guid.TryParseExact(value, "D", out _);
}
