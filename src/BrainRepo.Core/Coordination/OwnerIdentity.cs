using System.Globalization;

namespace BrainRepo.Core.Coordination;

/// <summary>
/// Who holds a lease: the host, the process (PID plus its start time, to guard against PID reuse)
/// and an instance id that tells apart several coordinators inside one process.
/// </summary>
public sealed record OwnerIdentity(string Host, int Pid, long ProcessStart, string Instance)
{
    private const char Separator = '|';

    /// <summary>The identity of a new coordinator in the current process.</summary>
    public static OwnerIdentity ForCurrentProcess(IProcessProbe probe, string? host = null)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var pid = Environment.ProcessId;
        return new OwnerIdentity(
            host ?? Environment.MachineName,
            pid,
            probe.GetStartTime(pid) ?? 0,
            Guid.NewGuid().ToString("N")[..12]);
    }

    /// <summary>Parses the form written by <see cref="ToString"/>; returns null when it is not one.</summary>
    public static OwnerIdentity? TryParse(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var parts = value.Split(Separator);
        if (parts.Length != 4
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var start))
        {
            return null;
        }

        return new OwnerIdentity(parts[0], pid, start, parts[3]);
    }

    /// <summary>The stored form: <c>host|pid|start|instance</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Host}{Separator}{Pid}{Separator}{ProcessStart}{Separator}{Instance}");
}
