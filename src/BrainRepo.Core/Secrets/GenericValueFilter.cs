namespace BrainRepo.Core.Secrets;

/// <summary>Decides whether the value of a credential-named key is a literal secret (see docs/secrets.md, "generic-secret").</summary>
internal static class GenericValueFilter
{
    public const int MinLength = 8;

    private static readonly string[] CodeReferencePrefixes =
    [
        "self.", "this.", "os.", "process.", "config.", "settings.", "env.", "ENV[", "cfg.", "args.", "options.",
        "opts.", "params.", "request.", "req.", "props.", "context.", "ctx.", "secrets.", "vars.", "inputs.",
        "Environment.", "System.", "getenv", "os.environ", "import.meta",
    ];

    private static readonly System.Buffers.SearchValues<string> EscapedLineBreaks =
        System.Buffers.SearchValues.Create(["\\n", "\\r"], StringComparison.Ordinal);

    /// <summary>Key words that name a password chosen by a person (which may be plain words), not a generated secret.</summary>
    private static readonly string[] PasswordWords = ["pass", "pwd", "senha", "contrase"];

    private static readonly string[] TypeNames =
    [
        "str", "string", "String", "int", "bool", "bytes", "SecretStr", "SecretString", "Optional[", "Option<",
        "None", "null", "undefined", "Any", "char", "&str", "[]byte", "?string", "string?", "object",
    ];

    /// <summary>Trims trailing punctuation of a bare value (<c>,</c> <c>;</c> and unbalanced closers).</summary>
    public static (int Start, int Length) Trim(string text, int start, int length, bool quoted)
    {
        if (quoted)
        {
            return (start, length);
        }

        // A literal "\n" ends a bare value: the assignment is inside a JSON string (source maps, notebooks).
        var escapedBreak = text.AsSpan(start, length).IndexOfAny(EscapedLineBreaks);
        if (escapedBreak >= 0)
        {
            length = escapedBreak;
        }

        while (length > 0 && text[start + length - 1] is ',' or ';' or ')' or ']' or '}')
        {
            length--;
        }

        return (start, length);
    }

    public static bool IsSecret(ReadOnlySpan<char> value, bool quoted, ReadOnlySpan<char> key)
    {
        if (value.Length < MinLength || value.Length > 512)
        {
            return false;
        }

        if (SecretHeuristics.IsStopword(value) || SecretHeuristics.HasPlaceholderWord(value)
            || SecretHeuristics.IsInterpolationOrTemplate(value) || SecretHeuristics.IsAllCapsIdentifier(value)
            || SecretHeuristics.IsEmail(value) || SecretHeuristics.IsUrlOrFileName(value)
            || SecretHeuristics.IsNumberLike(value) || IsEnvironmentRead(value) || IsRecaptchaSiteKey(value, key)
            || IsVersion(value) || IsElided(value) || (IsLowercaseWords(value) && !IsPasswordKey(key)) || HasTroffFontEscape(value))
        {
            return false;
        }

        if (value.ContainsAny(' ', '\t'))
        {
            return false; // prose, messages and sentences
        }

        if (value.Equals(key, StringComparison.OrdinalIgnoreCase) || SecretHeuristics.IsSequential(value)
            || IsRepeated(value))
        {
            return false;
        }

        return quoted ? QuotedLooksSecret(value) : BareLooksSecret(value);
    }

    private static bool QuotedLooksSecret(ReadOnlySpan<char> value)
    {
        var classes = SecretHeuristics.CharClasses(value);
        var entropy = SecretHeuristics.Entropy(value);
        if (IsPlainWordOrIdentifier(value))
        {
            // "passwordInput", "my_secret_name": identifiers without digits are names, not secrets.
            return value.Length >= 16 && entropy >= 3.6 && !IsCamelOrSnakeWords(value);
        }

        return classes >= 2 ? entropy >= 2.5 : (value.Length >= 16 && entropy >= 3.5);
    }

    private static bool BareLooksSecret(ReadOnlySpan<char> value)
    {
        if (value.ContainsAny('(', '[', '{') || IsCodeReference(value) || IsPlainWordOrIdentifier(value))
        {
            return false; // get_password(), tokens[0], self.token, password = user_password
        }

        var classes = SecretHeuristics.CharClasses(value);
        var entropy = SecretHeuristics.Entropy(value);
        return classes >= 3 ? entropy >= 2.5 : (classes == 2 && SecretHeuristics.HasDigit(value) && entropy >= 2.5);
    }

    private static bool IsEnvironmentRead(ReadOnlySpan<char> value) =>
        value.Contains("environ", StringComparison.Ordinal) || value.Contains("process.env", StringComparison.Ordinal)
        || value.Contains("getenv", StringComparison.OrdinalIgnoreCase) || value.Contains("GetEnvironmentVariable", StringComparison.Ordinal)
        || value.StartsWith("env(", StringComparison.OrdinalIgnoreCase) || value.StartsWith("ENV[", StringComparison.Ordinal)
        || IsTypeName(value);

    private static bool IsTypeName(ReadOnlySpan<char> value)
    {
        foreach (var type in TypeNames)
        {
            if (value.StartsWith(type, StringComparison.Ordinal) && (value.Length == type.Length || !char.IsAsciiLetterOrDigit(value[type.Length])))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsCodeReference(ReadOnlySpan<char> value)
    {
        foreach (var prefix in CodeReferencePrefixes)
        {
            if (value.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Letters, digits and <c>_ . $</c> only, starting with a letter, with no digit: a variable or attribute name.</summary>
    private static bool IsPlainWordOrIdentifier(ReadOnlySpan<char> value)
    {
        if (!char.IsAsciiLetter(value[0]) && value[0] != '_')
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetter(c) && c is not ('_' or '.' or '$'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>camelCase / PascalCase / snake_case words: 2+ words, no two upper-case letters in a row, 4+ letters per word on average.</summary>
    private static bool IsCamelOrSnakeWords(ReadOnlySpan<char> value)
    {
        var words = 1;
        var letters = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsAsciiLetterUpper(c))
            {
                if (i > 0 && char.IsAsciiLetterUpper(value[i - 1]))
                {
                    return false;
                }

                words += i > 0 && value[i - 1] != '_' ? 1 : 0;
            }
            else if (c == '_')
            {
                words++;
                continue;
            }

            letters++;
        }

        return words >= 2 && letters >= words * 4;
    }

    /// <summary><c>7.9.0-rc.42413</c>, <c>1.2.3+build.5</c>: a version number (digits and dots, then a pre-release or build suffix).</summary>
    private static bool IsVersion(ReadOnlySpan<char> value)
    {
        var i = 0;
        var dots = 0;
        while (i < value.Length && (char.IsAsciiDigit(value[i]) || (value[i] == '.' && i > 0 && char.IsAsciiDigit(value[i - 1]))))
        {
            dots += value[i] == '.' ? 1 : 0;
            i++;
        }

        if (dots == 0 || !char.IsAsciiDigit(value[i - 1]))
        {
            return false;
        }

        if (i == value.Length)
        {
            return true;
        }

        if (value[i] is not ('-' or '+'))
        {
            return false;
        }

        foreach (var c in value[(i + 1)..])
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '-' or '+'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>\fIpassword\fR</c>, <c>DATEI\fP</c>: troff font escapes mark a placeholder in a man page, not a secret.</summary>
    private static bool HasTroffFontEscape(ReadOnlySpan<char> value)
    {
        for (var i = 0; i + 2 < value.Length; i++)
        {
            if (value[i] == '\\' && value[i + 1] == 'f' && value[i + 2] is 'R' or 'I' or 'B' or 'P' or (>= '1' and <= '9'))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>sk-ant-api03-...</c>: a value cut short with an ellipsis is an elided example.</summary>
    private static bool IsElided(ReadOnlySpan<char> value) =>
        value.EndsWith("...", StringComparison.Ordinal) || value.EndsWith("\u2026", StringComparison.Ordinal);

    /// <summary>
    /// <c>.data-api</c>, <c>use-credentials</c>, <c>bs.scrollspy</c>: lower-case words joined by <c>. - _</c>, no digit and
    /// no capital. Generated keys and tokens are never like that; a person's passphrase can be, so password keys are exempt.
    /// </summary>
    private static bool IsLowercaseWords(ReadOnlySpan<char> value) =>
        value.IndexOfAnyExcept("abcdefghijklmnopqrstuvwxyz.-_") < 0 && value.IndexOfAnyInRange('a', 'z') >= 0
        && value.IndexOfAny(".-_") >= 0;

    private static bool IsPasswordKey(ReadOnlySpan<char> key)
    {
        foreach (var word in PasswordWords)
        {
            if (key.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsRepeated(ReadOnlySpan<char> value)
    {
        var distinct = 0;
        Span<bool> seen = stackalloc bool[128];
        foreach (var c in value)
        {
            if (c < 128 && !seen[c])
            {
                seen[c] = true;
                distinct++;
            }
        }

        return distinct <= 3;
    }

    /// <summary>reCAPTCHA site keys are public: <c>6L</c> + 38 characters under a <c>site</c> key.</summary>
    private static bool IsRecaptchaSiteKey(ReadOnlySpan<char> value, ReadOnlySpan<char> key) =>
        value.Length == 40 && value.StartsWith("6L", StringComparison.Ordinal)
        && (key.Contains("site", StringComparison.OrdinalIgnoreCase) || key.Contains("public", StringComparison.OrdinalIgnoreCase));
}
