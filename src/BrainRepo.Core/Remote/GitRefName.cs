namespace BrainRepo.Core.Remote;

/// <summary>
/// git's reference name rules, as <c>git check-ref-format</c> applies them (without --normalize,
/// --allow-onelevel or --refspec-pattern).
/// </summary>
public static class GitRefName
{
    /// <summary>True when <paramref name="refName"/> is a valid full reference name.</summary>
    public static bool IsValid(string refName) => Check(refName) is null;

    /// <summary>Returns why <paramref name="refName"/> is invalid, or null when it is valid.</summary>
    public static string? Check(string refName)
    {
        ArgumentNullException.ThrowIfNull(refName);
        if (refName.Length == 0)
        {
            return "it is empty";
        }

        if (refName == "@")
        {
            return "it is the single character '@'";
        }

        if (refName[0] == '-')
        {
            // Stricter than git's ref rules on purpose: a name that begins with '-' reads as an option
            // on git's command line (`git check-ref-format -x` itself is a usage error).
            return "it begins with '-'";
        }

        if (refName[0] == '/' || refName[^1] == '/')
        {
            return "it begins or ends with '/'";
        }

        if (refName[^1] == '.')
        {
            return "it ends with '.'";
        }

        foreach (var c in refName)
        {
            if (c < ' ' || c == '\u007f')
            {
                return "it contains a control character";
            }

            switch (c)
            {
                case ' ': return "it contains a space";
                case '~': return "it contains '~'";
                case '^': return "it contains '^'";
                case ':': return "it contains ':'";
                case '?': return "it contains '?'";
                case '*': return "it contains '*'";
                case '[': return "it contains '['";
                case '\\': return "it contains '\\'";
            }
        }

        if (refName.Contains("..", StringComparison.Ordinal))
        {
            return "it contains '..'";
        }

        if (refName.Contains("@{", StringComparison.Ordinal))
        {
            return "it contains '@{'";
        }

        var components = refName.Split('/');
        if (components.Length < 2)
        {
            return "it has no '/' (a full reference name has at least two components)";
        }

        foreach (var component in components)
        {
            if (component.Length == 0)
            {
                return "it contains '//'";
            }

            if (component[0] == '.')
            {
                return "a component begins with '.'";
            }

            if (component.EndsWith(".lock", StringComparison.Ordinal))
            {
                return "a component ends with '.lock'";
            }
        }

        return null;
    }
}
