using System.Globalization;
using BrainRepo.Core.Coordination;

namespace BrainRepo.Git;

/// <summary>
/// The descendants of a process, from <c>/proc</c> (Linux; elsewhere none are known), so that a killed git's
/// helpers can be waited for: they are not our children, and only their parent could reap them.
/// </summary>
internal static class ProcessTree
{
    /// <summary>Every process below <paramref name="pid"/>, with its start time (which tells a reused PID apart).</summary>
    public static IReadOnlyList<(int Pid, long StartTime)> Descendants(int pid)
    {
        if (!OperatingSystem.IsLinux())
        {
            return [];
        }

        var children = new Dictionary<int, List<(int Pid, long StartTime)>>();
        IEnumerable<string> entries;
        try
        {
            entries = Directory.EnumerateDirectories("/proc").ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }

        foreach (var entry in entries)
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var child)
                || ReadStat(child) is not { } stat)
            {
                continue;
            }

            if (!children.TryGetValue(stat.ParentPid, out var list))
            {
                children[stat.ParentPid] = list = [];
            }

            list.Add((child, stat.StartTime));
        }

        var result = new List<(int Pid, long StartTime)>();
        var pending = new Queue<int>([pid]);
        while (pending.TryDequeue(out var parent))
        {
            if (children.TryGetValue(parent, out var list))
            {
                foreach (var child in list)
                {
                    result.Add(child);
                    pending.Enqueue(child.Pid);
                }
            }
        }

        return result;
    }

    /// <summary>Waits until none of <paramref name="processes"/> runs any more (zombies count as gone), for 5 seconds at most.</summary>
    public static void WaitForExit(IReadOnlyList<(int Pid, long StartTime)> processes)
    {
        for (var i = 0; i < 500 && processes.Any(p => LocalProcessProbe.Instance.IsAlive(p.Pid, p.StartTime)); i++)
        {
            Thread.Sleep(10);
        }
    }

    private static (int ParentPid, long StartTime)? ReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/stat"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // The command name (field 2) is in parentheses and may contain spaces: parse after the last ')'.
        // Then fields[1] is field 4 (ppid) and fields[19] is field 22 (start time).
        var close = text.LastIndexOf(')');
        var fields = close < 0 ? [] : text[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length >= 20
            && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent)
            && long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            ? (parent, start)
            : null;
    }
}
