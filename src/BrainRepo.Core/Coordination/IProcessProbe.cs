namespace BrainRepo.Core.Coordination;

/// <summary>Answers whether a process on this host is still the one that took a lease.</summary>
public interface IProcessProbe
{
    /// <summary>An opaque start-time value for <paramref name="pid"/>, or null when no such process runs.</summary>
    long? GetStartTime(int pid);

    /// <summary>
    /// True when <paramref name="pid"/> runs and, if <paramref name="startTime"/> is not 0, started at that time
    /// (a different start time means the PID was reused by another process).
    /// </summary>
    bool IsAlive(int pid, long startTime);
}
