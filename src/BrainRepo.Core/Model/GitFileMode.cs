namespace BrainRepo.Core.Model;

/// <summary>The git tree modes a snapshot uses.</summary>
public static class GitFileMode
{
    /// <summary>100644: a regular file.</summary>
    public const int Regular = 0x81A4;

    /// <summary>100755: an executable file.</summary>
    public const int Executable = 0x81ED;

    /// <summary>120000: a symlink; the blob is the link text.</summary>
    public const int Symlink = 0xA000;

    /// <summary>040000: a tree.</summary>
    public const int Directory = 0x4000;

    public static string ToOctal(int mode) => Convert.ToString(mode, 8);
}
