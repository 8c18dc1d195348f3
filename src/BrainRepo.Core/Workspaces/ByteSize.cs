using System.Globalization;

namespace BrainRepo.Core.Workspaces;

/// <summary>Parses and formats sizes such as "10MiB", "512KiB", "1GB" or a plain byte count.</summary>
public static class ByteSize
{
    private static readonly (string Suffix, long Factor)[] Units =
    [
        ("KiB", 1024L), ("MiB", 1024L * 1024), ("GiB", 1024L * 1024 * 1024),
        ("KB", 1000L), ("MB", 1000L * 1000), ("GB", 1000L * 1000 * 1000),
        ("K", 1024L), ("M", 1024L * 1024), ("G", 1024L * 1024 * 1024), ("B", 1L),
    ];

    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        var s = text.Trim();
        foreach (var (suffix, factor) in Units)
        {
            if (s.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                var number = s[..^suffix.Length].Trim();
                if (decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value >= 0)
                {
                    bytes = (long)(value * factor);
                    return true;
                }

                return false;
            }
        }

        return long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out bytes);
    }

    public static string Format(long bytes)
    {
        if (bytes >= 1024L * 1024 * 1024 && bytes % (1024L * 1024 * 1024) == 0) return $"{bytes / (1024L * 1024 * 1024)}GiB";
        if (bytes >= 1024L * 1024 && bytes % (1024L * 1024) == 0) return $"{bytes / (1024L * 1024)}MiB";
        if (bytes >= 1024 && bytes % 1024 == 0) return $"{bytes / 1024}KiB";
        return bytes.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Human-readable, for summaries: "1.5 MB".</summary>
    public static string Humanize(long bytes)
    {
        string[] units = ["B", "KB", "MB", "GB", "TB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1000 && unit < units.Length - 1)
        {
            value /= 1000;
            unit++;
        }

        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]}");
    }
}
