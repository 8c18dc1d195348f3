using System.Globalization;

namespace BrainRepo.Core.Remote;

/// <summary>Builds and parses the names of BrainRepo's tags.</summary>
public static class SnapshotTagNames
{
    public const string DailyPrefix = "snapshot/daily/";
    public const string WeeklyPrefix = "snapshot/weekly/";
    public const string MilestonePrefix = "milestone/";
    public const string PreRestorePrefix = "pre-restore/";

    /// <summary><c>snapshot/daily/YYYY-MM-DD</c> for the UTC day of <paramref name="at"/>.</summary>
    public static string Daily(DateTimeOffset at) => Daily(DateOnly.FromDateTime(at.UtcDateTime));

    /// <summary><c>snapshot/daily/YYYY-MM-DD</c> for <paramref name="day"/>.</summary>
    public static string Daily(DateOnly day) =>
        DailyPrefix + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary><c>snapshot/weekly/YYYY-Www</c> for the ISO week (UTC) of <paramref name="at"/>.</summary>
    public static string Weekly(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        var year = ISOWeek.GetYear(utc);
        var week = ISOWeek.GetWeekOfYear(utc);
        return string.Create(CultureInfo.InvariantCulture, $"{WeeklyPrefix}{year:D4}-W{week:D2}");
    }

    /// <summary><c>milestone/&lt;name&gt;</c>, after checking git's ref rules.</summary>
    /// <exception cref="InvalidTagNameException">The name cannot be a git tag.</exception>
    public static string Milestone(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var error = CheckMilestoneName(name);
        if (error is not null)
        {
            throw new InvalidTagNameException($"'{Printable(name)}' is not a valid milestone name: {error}.");
        }

        return MilestonePrefix + name;
    }

    /// <summary>Returns why <paramref name="name"/> cannot be a milestone name, or null when it can.</summary>
    public static string? CheckMilestoneName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
        {
            return "it is empty";
        }

        if (name.Length > 200)
        {
            return "it is longer than 200 characters";
        }

        if (name.StartsWith('-'))
        {
            return "it begins with '-'";
        }

        return GitRefName.Check("refs/tags/" + MilestonePrefix + name);
    }

    /// <summary>Recognises a BrainRepo tag name; returns false for any other tag.</summary>
    public static bool TryParse(string tagName, out SnapshotTagKind kind, out DateOnly? period)
    {
        ArgumentNullException.ThrowIfNull(tagName);
        period = null;
        kind = default;
        if (tagName.StartsWith(DailyPrefix, StringComparison.Ordinal))
        {
            if (DateOnly.TryParseExact(tagName[DailyPrefix.Length..], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                kind = SnapshotTagKind.Daily;
                period = day;
                return true;
            }

            return false;
        }

        if (tagName.StartsWith(WeeklyPrefix, StringComparison.Ordinal))
        {
            var rest = tagName[WeeklyPrefix.Length..];
            if (rest.Length == 8 && rest[4] == '-' && rest[5] == 'W'
                && int.TryParse(rest.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
                && int.TryParse(rest.AsSpan(6, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var week)
                && year is >= 1 and <= 9999 && week >= 1 && week <= ISOWeek.GetWeeksInYear(year))
            {
                kind = SnapshotTagKind.Weekly;
                period = DateOnly.FromDateTime(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday));
                return true;
            }

            return false;
        }

        if (tagName.StartsWith(MilestonePrefix, StringComparison.Ordinal) && tagName.Length > MilestonePrefix.Length)
        {
            kind = SnapshotTagKind.Milestone;
            return true;
        }

        if (tagName.StartsWith(PreRestorePrefix, StringComparison.Ordinal) && tagName.Length > PreRestorePrefix.Length)
        {
            kind = SnapshotTagKind.PreRestore;
            var rest = tagName[PreRestorePrefix.Length..];
            if (rest.Length >= 8 && DateOnly.TryParseExact(rest[..8], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                period = day;
            }

            return true;
        }

        return false;
    }

    private static string Printable(string name)
    {
        var chars = name.Take(80).Select(c => char.IsControl(c) ? '?' : c).ToArray();
        return new string(chars) + (name.Length > 80 ? "…" : string.Empty);
    }
}
