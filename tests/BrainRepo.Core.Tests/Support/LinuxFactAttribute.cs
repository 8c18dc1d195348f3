namespace BrainRepo.Core.Tests.Support;

/// <summary>A fact about Linux-only code paths: reported as skipped elsewhere, never as passed without having run.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when not on Linux.</summary>
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "Linux only";
        }
    }
}
