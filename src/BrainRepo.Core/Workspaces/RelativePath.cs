namespace BrainRepo.Core.Workspaces;

/// <summary>
/// Workspace-relative paths: '/'-separated, no leading or trailing '/', no '.' or '..' segments,
/// "" for the root. The same form is used in the backup repository's trees and in reports.
/// </summary>
public static class RelativePath
{
    /// <summary>
    /// Normalises a user-written relative path ("./memory/", "memory//notes"). Returns null and a
    /// reason when the path is absolute, escapes the workspace with "..", or is otherwise unusable.
    /// </summary>
    public static string? Normalize(string input, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(input))
        {
            problem = "it is empty";
            return null;
        }

        if (input.Contains('\0', StringComparison.Ordinal))
        {
            problem = "it contains a NUL character";
            return null;
        }

        var s = input.Replace('\\', '/');
        if (s.StartsWith('/') || Path.IsPathRooted(input))
        {
            problem = "it is absolute; watch and exclude paths are relative to the workspace root";
            return null;
        }

        var parts = new List<string>();
        foreach (var part in s.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                problem = "it contains '..', which would leave the workspace";
                return null;
            }

            parts.Add(part);
        }

        return string.Join('/', parts);
    }

    /// <summary>True when <paramref name="path"/> equals <paramref name="prefix"/> or lies below it.</summary>
    public static bool IsUnder(string path, string prefix) =>
        prefix.Length == 0
        || (path.StartsWith(prefix, StringComparison.Ordinal)
            && (path.Length == prefix.Length || path[prefix.Length] == '/'));

    public static string Combine(string parent, string name) => parent.Length == 0 ? name : parent + "/" + name;

    public static string Name(string path)
    {
        var i = path.LastIndexOf('/');
        return i < 0 ? path : path[(i + 1)..];
    }

    public static string Parent(string path)
    {
        var i = path.LastIndexOf('/');
        return i < 0 ? "" : path[..i];
    }

    /// <summary>The absolute on-disk path of a relative path.</summary>
    public static string ToAbsolute(string root, string relative) =>
        relative.Length == 0 ? root : Path.Combine(root, relative);
}
