using System.Text;

namespace BrainRepo.Core.Restore;

/// <summary>
/// Judges one raw tree-entry name from an untrusted backup: a name that could leave the target, address
/// something other than one entry of its folder, or that this file system cannot hold, is refused.
/// </summary>
public static class TreeNameRules
{
    /// <summary>Longest name a Linux file system accepts (NAME_MAX), in bytes.</summary>
    public const int MaxNameBytes = 255;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Returns the decoded name, or null and why it is refused.</summary>
    public static string? Check(ReadOnlySpan<byte> raw, out string? problem)
    {
        problem = raw.Length switch
        {
            0 => "an empty name",
            _ when raw.SequenceEqual("."u8) => "a '.' entry",
            _ when raw.SequenceEqual(".."u8) => "a '..' entry, which would leave the target",
            _ when raw[0] == (byte)'/' => "an absolute path",
            _ when raw.IndexOf((byte)'/') >= 0 => "a name containing '/', which would address another folder",
            _ when raw.IndexOf((byte)0) >= 0 => "a name containing NUL",
            > MaxNameBytes => $"a name longer than {MaxNameBytes} bytes, which this file system cannot hold",
            _ => null,
        };
        if (problem is not null)
        {
            return null;
        }

        string name;
        try
        {
            name = StrictUtf8.GetString(raw);
        }
        catch (DecoderFallbackException)
        {
            problem = "a name that is not valid UTF-8";
            return null;
        }

        if (name.Equals(".git", StringComparison.OrdinalIgnoreCase))
        {
            // Git itself refuses such entries: a restored .git folder could plant hooks or config.
            problem = "a '.git' entry, which git refuses and which could plant a repository configuration";
            return null;
        }

        return name;
    }

    /// <summary>A printable form of a raw name: control characters and invalid UTF-8 bytes as \xNN.</summary>
    public static string Display(ReadOnlySpan<byte> raw)
    {
        var sb = new StringBuilder(raw.Length);
        var i = 0;
        while (i < raw.Length)
        {
            var rune = System.Text.Rune.DecodeFromUtf8(raw[i..], out var value, out var consumed);
            if (rune != System.Buffers.OperationStatus.Done || System.Text.Rune.IsControl(value))
            {
                var count = rune == System.Buffers.OperationStatus.Done ? consumed : 1;
                for (var k = 0; k < count; k++)
                {
                    sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\x{raw[i + k]:x2}");
                }

                i += count;
                continue;
            }

            sb.Append(value.ToString());
            i += consumed;
        }

        return sb.ToString();
    }
}
