using System.Globalization;
using System.Runtime.InteropServices;
using BrainRepo.Cli.Infrastructure;

namespace BrainRepo.Cli.Tests.Infrastructure;

public sealed class HugePagesTests
{
    [Fact]
    public void The_worker_and_an_explicit_opt_out_leave_the_heap_alone()
    {
        Assert.Equal(0, HugePages.Advise(["worker"], _ => null));
        Assert.Equal(0, HugePages.Advise(["sync"], name => name == HugePages.EnvironmentVariable ? "0" : null));
    }

    [Fact]
    public void A_one_shot_command_advises_huge_pages_for_the_memory_its_objects_live_in()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var buffer = new byte[4 << 20];
        var handle = GCHandle.Alloc(buffer, GCHandleType.Pinned);
        try
        {
            var address = (ulong)handle.AddrOfPinnedObject();
            Assert.DoesNotContain(" hg", VmFlagsOf(address), StringComparison.Ordinal);

            var advised = HugePages.Advise(["sync"], _ => null);

            Assert.True(advised >= 1L << 30, $"advised {advised} bytes");
            Assert.Contains(" hg", VmFlagsOf(address), StringComparison.Ordinal);

            // Memory the collector commits afterwards (a new region) inherits the advice.
            var later = GCHandle.Alloc(new byte[16 << 20], GCHandleType.Pinned);
            try
            {
                Assert.Contains(" hg", VmFlagsOf((ulong)later.AddrOfPinnedObject()), StringComparison.Ordinal);
            }
            finally
            {
                later.Free();
            }
        }
        finally
        {
            handle.Free();
        }
    }

    /// <summary>The <c>VmFlags</c> line of the mapping that contains <paramref name="address"/>.</summary>
    private static string VmFlagsOf(ulong address)
    {
        var inside = false;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            var dash = line.IndexOf('-', StringComparison.Ordinal);
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (dash > 0 && space > dash && ulong.TryParse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var start)
                && ulong.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var end))
            {
                inside = address >= start && address < end;
            }
            else if (inside && line.StartsWith("VmFlags:", StringComparison.Ordinal))
            {
                return line + " ";
            }
        }

        throw new InvalidOperationException($"No mapping contains 0x{address:x}.");
    }
}
