using System.Diagnostics;
using System.Globalization;

namespace BrainRepo.Core.Coordination;

/// <summary>
/// Probes processes on this host: <c>/proc/&lt;pid&gt;/stat</c> on Linux (start time in clock ticks since boot,
/// zombies count as dead), <see cref="Process.GetProcessById(int)"/> elsewhere.
/// </summary>
public sealed class LocalProcessProbe : IProcessProbe
{
    /// <summary>The shared instance.</summary>
    public static LocalProcessProbe Instance { get; } = new();

    /// <inheritdoc />
    public long? GetStartTime(int pid)
    {
        if (pid <= 0)
        {
            return null;
        }

        if (OperatingSystem.IsLinux())
        {
            var stat = ReadProcStat(pid);
            return stat is { State: not 'Z' and not 'X' } ? stat.Value.StartTicks : null;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited ? null : process.StartTime.ToUniversalTime().Ticks;
        }
        catch (ArgumentException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public bool IsAlive(int pid, long startTime)
    {
        var actual = GetStartTime(pid);
        return actual is not null && (startTime == 0 || actual.Value == startTime);
    }

    private static (char State, long StartTicks)? ReadProcStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/stat"));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // The command name (field 2) is in parentheses and may contain spaces: parse after the last ')'.
        var close = text.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        var fields = text[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // fields[0] is field 3 (state); field 22 (starttime) is fields[19].
        if (fields.Length < 20
            || !long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var start))
        {
            return null;
        }

        return (fields[0][0], start);
    }
}
