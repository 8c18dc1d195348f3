using System.Text.RegularExpressions;
using BrainRepo.Core.Errors;

namespace BrainRepo.Cli.Infrastructure;

/// <summary>
/// Rewrites the command-line parser's terse errors into ones that say what to do: "did you mean" for an unknown
/// command or option, and which option a value that is not a number was given to.
/// </summary>
public static partial class UsageHints
{
    /// <summary>The message for a usage error <paramref name="message"/> of the command line <paramref name="args"/>.</summary>
    public static string Explain(string message, IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(args);
        var path = CommandCatalog.PathOf(args);
        var command = path is null ? "brainrepo" : "brainrepo " + path;

        if (UnknownOption().Match(message) is { Success: true } option)
        {
            var name = option.Groups[1].Value.TrimStart('-');
            var typed = (name.Length == 1 ? "-" : "--") + name;
            var known = path is null ? ["help"] : CommandCatalog.OptionsOf(path);
            return $"Unknown option '{typed}' for '{command}'.{DidYouMean(name, known, "--")} " +
                $"See 'brainrepo help{(path is null ? "" : " " + path)}' for its options.";
        }

        if (UnknownCommand().Match(message) is { Success: true } unknown)
        {
            var name = unknown.Groups[1].Value;
            var branch = args.Count >= 2 && args[1] == name && CommandCatalog.Children(args[0]).Any() ? args[0] : null;
            var known = branch is null ? CommandCatalog.TopLevel : CommandCatalog.Children(branch);
            var where = branch is null ? "brainrepo" : "brainrepo " + branch;
            return $"Unknown command '{name}' of '{where}'.{DidYouMean(name, known, "")} See 'brainrepo help{(branch is null ? "" : " " + branch)}'.";
        }

        if (ConversionFailed().Match(message) is { Success: true } conversion)
        {
            var value = conversion.Groups[1].Value;
            var what = conversion.Groups[2].Value is "Nullable`1" or "Int32" or "Int64" or "UInt32" ? "a whole number" : "a valid value";
            var given = OptionGiven(args, value);
            return given is null
                ? $"'{value}' is not {what}. See 'brainrepo help{(path is null ? "" : " " + path)}'."
                : $"{given}: '{value}' is not {what} (for example {given} 7). Nothing was changed.";
        }

        return message;
    }

    private static string DidYouMean(string name, IEnumerable<string> known, string prefix)
    {
        var near = NearMatches.Find(name, known);
        return near.Count == 0 ? string.Empty : $" Did you mean {string.Join(" or ", near.Select(n => $"'{prefix}{n}'"))}?";
    }

    /// <summary>The option that <paramref name="value"/> was given to: <c>--opt value</c> or <c>--opt=value</c>.</summary>
    private static string? OptionGiven(IReadOnlyList<string> args, string value)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == value && i > 0 && args[i - 1].StartsWith('-'))
            {
                return args[i - 1];
            }

            if (args[i].StartsWith('-') && args[i].EndsWith("=" + value, StringComparison.Ordinal))
            {
                return args[i][..args[i].IndexOf('=', StringComparison.Ordinal)];
            }
        }

        return null;
    }

    [GeneratedRegex(@"^Unknown option '([^']*)'")]
    private static partial Regex UnknownOption();

    [GeneratedRegex(@"^Unknown command '([^']*)'")]
    private static partial Regex UnknownCommand();

    [GeneratedRegex(@"^Failed to convert '([^']*)' to ([^\s.]+)")]
    private static partial Regex ConversionFailed();
}
