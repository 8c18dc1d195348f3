using BrainRepo.Core.Inventory;

namespace BrainRepo.Core.Restore;

/// <summary>
/// Finds out whether the file system holding a folder folds case, without writing: the nearest existing
/// folder on the path whose name has a letter is looked up with that letter's case swapped. When no such
/// name exists, a probe file is created in the folder and removed again.
/// </summary>
public static class CaseSensitivityProbe
{
    public static bool IsCaseInsensitive(string folder)
    {
        var path = Path.GetFullPath(folder);
        while (!NativeStat.LStat(path).Exists && Path.GetDirectoryName(path) is { } parent)
        {
            path = parent;
        }

        for (var p = path; Path.GetDirectoryName(p) is { } parent; p = parent)
        {
            var name = Path.GetFileName(p);
            var swapped = Swap(name);
            if (swapped != name)
            {
                var original = NativeStat.LStat(p);
                var other = NativeStat.LStat(Path.Combine(parent, swapped));
                return other.Exists && other.Stamp.Inode == original.Stamp.Inode && original.Stamp.Inode != 0;
            }
        }

        var probeName = ".brainrepo-case-probe-" + Guid.NewGuid().ToString("N");
        var probe = Path.Combine(path, probeName);
        try
        {
            File.WriteAllBytes(probe, []);
            return NativeStat.LStat(Path.Combine(path, probeName.ToUpperInvariant())).Exists;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
        finally
        {
            try
            {
                File.Delete(probe);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    private static string Swap(string name)
    {
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsAsciiLetterLower(chars[i]))
            {
                chars[i] = char.ToUpperInvariant(chars[i]);
                return new string(chars);
            }

            if (char.IsAsciiLetterUpper(chars[i]))
            {
                chars[i] = char.ToLowerInvariant(chars[i]);
                return new string(chars);
            }
        }

        return name;
    }
}
