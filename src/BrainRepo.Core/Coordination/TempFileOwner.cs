using System.Globalization;

namespace BrainRepo.Core.Coordination;

/// <summary>
/// The owner tag that BrainRepo puts in the names of its temporary files (a pack being written, a restore's
/// staging files): <c>&lt;pid&gt;-&lt;start&gt;</c>, the process id and its start time (clock ticks since boot on
/// Linux), so that a PID reused by another process never passes for the owner. A later run removes a leftover
/// only when its tag proves the owner is dead: a file whose owner may be alive is never touched.
/// </summary>
public static class TempFileOwner
{
    /// <summary>The tag of this process.</summary>
    public static string Current { get; } = string.Create(
        CultureInfo.InvariantCulture, $"{Environment.ProcessId}-{LocalProcessProbe.Instance.GetStartTime(Environment.ProcessId) ?? 0}");

    /// <summary>Parses a tag written by <see cref="Current"/>; false when <paramref name="tag"/> is not one.</summary>
    public static bool TryParse(ReadOnlySpan<char> tag, out int pid, out long start)
    {
        pid = 0;
        start = 0;
        var dash = tag.IndexOf('-');
        return dash > 0
            && int.TryParse(tag[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out pid)
            && long.TryParse(tag[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out start)
            && pid > 0;
    }

    /// <summary>
    /// True only when <paramref name="tag"/> is a well-formed owner tag and that process is provably gone: no
    /// process has its PID, or the one that has it started at another time. False for anything else.
    /// </summary>
    public static bool IsOwnerDead(ReadOnlySpan<char> tag, IProcessProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return TryParse(tag, out var pid, out var start) && start != 0 && !probe.IsAlive(pid, start);
    }
}
