using System.Globalization;

namespace BrainRepo.Git.Tests.Infrastructure;

/// <summary>Process facts read straight from Linux's /proc, independently of the code under test.</summary>
internal static class ProcFs
{
    /// <summary>The PID, parent PID and start time (field 22) of every process.</summary>
    public static IEnumerable<(int Pid, int ParentPid, long StartTime)> All()
    {
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && Stat(pid) is { } stat)
            {
                yield return (pid, stat.ParentPid, stat.StartTime);
            }
        }
    }

    /// <summary>Every process below <paramref name="pid"/>.</summary>
    public static List<(int Pid, long StartTime)> Descendants(int pid)
    {
        var all = All().ToList();
        var result = new List<(int Pid, long StartTime)>();
        var pending = new Queue<int>([pid]);
        while (pending.TryDequeue(out var parent))
        {
            foreach (var child in all.Where(p => p.ParentPid == parent))
            {
                result.Add((child.Pid, child.StartTime));
                pending.Enqueue(child.Pid);
            }
        }

        return result;
    }

    /// <summary>True while the process exists and is not a zombie (a killed one that nobody reaped yet runs no more).</summary>
    public static bool IsRunning(int pid, long startTime) =>
        Stat(pid) is { } stat && stat.StartTime == startTime && stat.State is not 'Z' and not 'X';

    public static long StartTime(int pid) => Stat(pid)?.StartTime ?? throw new InvalidOperationException($"No process {pid}.");

    /// <summary>The inode of this process's PID namespace.</summary>
    public static long PidNamespace()
    {
        var target = new FileInfo("/proc/self/ns/pid").LinkTarget!;
        return long.Parse(target.AsSpan("pid:[".Length, target.Length - "pid:[".Length - 1), CultureInfo.InvariantCulture);
    }

    private static (char State, int ParentPid, long StartTime)? Stat(int pid)
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

        var fields = text[(text.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (fields[0][0], int.Parse(fields[1], CultureInfo.InvariantCulture), long.Parse(fields[19], CultureInfo.InvariantCulture));
    }
}
