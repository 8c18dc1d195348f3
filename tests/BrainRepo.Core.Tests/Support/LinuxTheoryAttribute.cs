namespace BrainRepo.Core.Tests.Support;

/// <summary>A theory about Linux-only code paths: reported as skipped elsewhere, never as passed without having run.</summary>
public sealed class LinuxTheoryAttribute : TheoryAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when not on Linux.</summary>
    public LinuxTheoryAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "Linux only";
        }
    }
}
