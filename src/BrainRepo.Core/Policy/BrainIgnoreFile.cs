using MAB.DotIgnore;

namespace BrainRepo.Core.Policy;

/// <summary>
/// One <c>.brainignore</c> file: gitignore syntax (MAB.DotIgnore parses the patterns), scoped to the
/// folder that holds it. It is BrainRepo's own rule file; git's ignore machinery is never consulted.
/// </summary>
public sealed class BrainIgnoreFile
{
    public const string FileName = ".brainignore";

    private readonly List<(IgnoreRule Rule, int Line)> rules;

    private BrainIgnoreFile(string directory, List<(IgnoreRule Rule, int Line)> rules)
    {
        Directory = directory;
        this.rules = rules;
    }

    /// <summary>The workspace-relative folder that holds the file ("" for the root).</summary>
    public string Directory { get; }

    public string FilePath => Directory.Length == 0 ? FileName : Directory + "/" + FileName;

    public static BrainIgnoreFile Parse(string directory, string text)
    {
        var rules = new List<(IgnoreRule Rule, int Line)>();
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            rules.Add((new IgnoreRule(line, MatchFlags.PATHNAME, lineNumber), lineNumber));
        }

        return new BrainIgnoreFile(directory, rules);
    }

    /// <summary>
    /// The last rule of this file that matches <paramref name="relativeToDirectory"/> (gitignore: the
    /// last match wins, and a '!' rule re-includes), or null when none matches.
    /// </summary>
    public (IgnoreRule Rule, int Line)? LastMatch(string relativeToDirectory, bool isDirectory)
    {
        (IgnoreRule Rule, int Line)? match = null;
        foreach (var rule in rules)
        {
            if (rule.Rule.IsMatch(relativeToDirectory, isDirectory))
            {
                match = rule;
            }
        }

        return match;
    }
}
