using System.Globalization;
using System.Runtime.InteropServices;

namespace BrainRepo.Cli.Infrastructure;

/// <summary>
/// Asks Linux to back the managed heap with transparent huge pages (<c>madvise(MADV_HUGEPAGE)</c> on the
/// collector's address-space reservation). On virtual machines whose first touch of a fresh 4 KiB page is
/// expensive (a hypervisor exit each), a one-shot command spends a large part of its time in those faults:
/// one 2 MiB page replaces 512 of them. The kernel decides: with THP set to <c>never</c>, or when no huge
/// page is free, memory is simply backed by small pages as before.
/// </summary>
public static partial class HugePages
{
    private const int MadvHugepage = 14;

    /// <summary>The smallest anonymous reservation taken to be the collector's heap range.</summary>
    private const long MinReservationBytes = 1L << 30;

    /// <summary>The environment variable that turns the advice off (<c>0</c>), e.g. to compare.</summary>
    public const string EnvironmentVariable = "BRAINREPO_HUGE_PAGES";

    /// <summary>
    /// Advises huge pages for every command but the long-running <c>worker</c>, whose collector reuses its memory,
    /// unless <see cref="EnvironmentVariable"/> is <c>0</c>. Returns how many bytes of address space were advised.
    /// </summary>
    public static long Advise(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        if (environment(EnvironmentVariable) == "0" || (args.Count > 0 && args[0] == "worker"))
        {
            return 0;
        }

        return AdviseManagedHeap();
    }

    /// <summary>Advises huge pages for the managed heap. Returns how many bytes of address space were advised.</summary>
    public static long AdviseManagedHeap()
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }

        long advised = 0;
        try
        {
            // The collector reserves one large range (tens of GB) and commits regions inside it; the regions
            // committed during start-up are separate mappings right below it. Advise the whole contiguous run.
            var anonymous = new List<(ulong Start, ulong End)>();
            foreach (var line in File.ReadLines("/proc/self/maps"))
            {
                // "start-end perms offset dev inode [path]": anonymous mappings have inode 0 and no path.
                var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length != 5 || fields[4] != "0")
                {
                    continue;
                }

                var dash = fields[0].IndexOf('-', StringComparison.Ordinal);
                anonymous.Add((
                    ulong.Parse(fields[0].AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                    ulong.Parse(fields[0].AsSpan(dash + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
            }

            for (var i = 0; i < anonymous.Count; i++)
            {
                if (anonymous[i].End - anonymous[i].Start < MinReservationBytes)
                {
                    continue;
                }

                var first = i;
                while (first > 0 && anonymous[first - 1].End == anonymous[first].Start)
                {
                    first--;
                }

                var last = i;
                while (last + 1 < anonymous.Count && anonymous[last + 1].Start == anonymous[last].End)
                {
                    last++;
                }

                var length = anonymous[last].End - anonymous[first].Start;
                if (Madvise((nint)anonymous[first].Start, (nuint)length, MadvHugepage) == 0)
                {
                    advised += (long)length;
                }

                i = last;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or OverflowException)
        {
            // No /proc (a sandbox): nothing to advise.
        }

        return advised;
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);
}
