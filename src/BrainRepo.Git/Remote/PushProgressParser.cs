using BrainRepo.Core.Remote;
using System.Globalization;
using System.Text.RegularExpressions;

namespace BrainRepo.Git.Remote;

/// <summary>Parses git's progress lines such as <c>Writing objects:  42% (21/50), 1.2 MiB | 3 MiB/s</c>.</summary>
public static partial class PushProgressParser
{
    /// <summary>Returns the progress in <paramref name="line"/>, or null when the line is not a progress line.</summary>
    public static PushProgress? TryParse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var match = ProgressLine().Match(line);
        if (!match.Success)
        {
            return null;
        }

        var percent = int.Parse(match.Groups["pct"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);
        if (percent > 100
            || !long.TryParse(match.Groups["cur"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var current)
            || !long.TryParse(match.Groups["tot"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var total))
        {
            return null;
        }

        return new PushProgress(match.Groups["phase"].Value.Trim(), percent, current, total, match.Groups["remote"].Success);
    }

    [GeneratedRegex(@"^(?<remote>remote:\s*)?(?<phase>[A-Za-z][A-Za-z ]*?):\s+(?<pct>\d{1,3})%\s+\((?<cur>\d+)/(?<tot>\d+)\)", RegexOptions.CultureInvariant)]
    private static partial Regex ProgressLine();
}
