using System.Text.RegularExpressions;
using Tomlyn;

namespace BrainRepo.Core.Workspaces;

/// <summary>
/// Says where a TOML file breaks and why, in the user's words: the line and column and the parser's own reason,
/// without the names of the parser's internal types that wrap it.
/// </summary>
internal static partial class TomlSyntaxError
{
    /// <summary>"<c>file, line 7, column 15: not valid TOML: Invalid newline in a string.</c>"</summary>
    public static string Describe(TomlException exception, string file)
    {
        Exception innermost = exception;
        while (innermost.InnerException is TomlException inner)
        {
            innermost = inner;
        }

        var text = innermost.Message;
        var reason = text.LastIndexOf("Reason: ", StringComparison.Ordinal);
        if (reason >= 0)
        {
            text = text[(reason + "Reason: ".Length)..];
        }

        var first = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? text;
        var located = Located().Match(first);
        var what = (located.Success ? located.Groups[3].Value : first).Trim().TrimEnd('.');
        var where = located.Success ? $", line {located.Groups[1].Value}, column {located.Groups[2].Value}" : string.Empty;
        return $"{file}{where}: not valid TOML: {what}.";
    }

    [GeneratedRegex(@"^\((\d+),(\d+)\)\s*:\s*error\s*:\s*(.*)$")]
    private static partial Regex Located();
}
