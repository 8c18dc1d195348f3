using System.Diagnostics;

namespace BrainRepo.Core.Tests.Support;

/// <summary>
/// A real, small file system: a tmpfs of a few megabytes mounted at a folder, so that a test can fill it and see
/// what a full disk really does (ENOSPC from the kernel, wherever it strikes). Mounting needs root, as in CI;
/// <see cref="TryMount"/> returns null where it cannot, and such a test then has nothing to check.
/// </summary>
public sealed class SmallDisk : IDisposable
{
    private SmallDisk(string path) => Path = path;

    public string Path { get; }

    public static SmallDisk? TryMount(string path, string size)
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            return null;
        }

        Directory.CreateDirectory(path);
        return Run("mount", "-t", "tmpfs", "-o", $"size={size},mode=0755", "tmpfs", path) == 0 ? new SmallDisk(path) : null;
    }

    /// <summary>Writes a file until the disk refuses another byte; returns its path.</summary>
    public string Fill()
    {
        var filler = System.IO.Path.Combine(Path, "filler-" + Guid.NewGuid().ToString("N"));
        using var handle = File.OpenHandle(filler, FileMode.CreateNew, FileAccess.Write);
        long offset = 0;
        foreach (var chunk in new[] { 64 * 1024, 4096, 1 })
        {
            var bytes = new byte[chunk];
            while (true)
            {
                try
                {
                    RandomAccess.Write(handle, bytes, offset);
                    offset += chunk;
                }
                catch (IOException)
                {
                    break;
                }
            }
        }

        return filler;
    }

    public void Dispose()
    {
        for (var attempt = 0; attempt < 5 && Run("umount", Path) != 0; attempt++)
        {
            Thread.Sleep(200); // a process of the test may still hold a file open there
        }
    }

    private static int Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode;
    }
}
