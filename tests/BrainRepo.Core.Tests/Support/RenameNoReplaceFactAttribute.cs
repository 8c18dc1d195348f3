using BrainRepo.Core.Platform;

namespace BrainRepo.Core.Tests.Support;

/// <summary>
/// A fact that needs rename without replacing (renameat2 with RENAME_NOREPLACE) on the file system the tests
/// write to. Where it is missing (not Linux, an old kernel or C library, a file system without it) the test is
/// reported as skipped, with the reason, instead of passing without having run.
/// </summary>
public sealed class RenameNoReplaceFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Missing = new(Probe);

    /// <summary>Sets <see cref="FactAttribute.Skip"/> when the temp folder's file system cannot rename without replacing.</summary>
    public RenameNoReplaceFactAttribute()
    {
        if (Missing.Value is { } reason)
        {
            Skip = reason;
        }
    }

    private static string? Probe()
    {
        if (!NativeFileSystem.SupportsRenameNoReplace)
        {
            return "rename without replacing (renameat2 RENAME_NOREPLACE) is not available on this system";
        }

        var folder = Path.Combine(Path.GetTempPath(), "brainrepo-tests", "probe-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var from = Path.Combine(folder, "from");
            File.WriteAllText(from, "probe");
            return NativeFileSystem.RenameNoReplace(from, Path.Combine(folder, "to"))
                ? null
                : "rename without replacing reported an existing target in an empty folder";
        }
        catch (PlatformNotSupportedException ex)
        {
            return ex.Message;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
