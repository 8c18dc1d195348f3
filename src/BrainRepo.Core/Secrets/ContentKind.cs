namespace BrainRepo.Core.Secrets;

/// <summary>What a file's bytes are, judged by content (never by extension).</summary>
public enum ContentKind
{
    /// <summary>Text without a BOM: UTF-8, ASCII or another 8-bit encoding (scanned byte for byte).</summary>
    Text8Bit,

    /// <summary>UTF-8 with a byte-order mark.</summary>
    Utf8Bom,

    /// <summary>UTF-16 little-endian (with a BOM, or detected by its NUL pattern).</summary>
    Utf16LittleEndian,

    /// <summary>UTF-16 big-endian (with a BOM, or detected by its NUL pattern).</summary>
    Utf16BigEndian,

    /// <summary>A zip archive (also docx/xlsx/jar…).</summary>
    Zip,

    /// <summary>A gzip stream.</summary>
    Gzip,

    /// <summary>A tar archive (POSIX, GNU or v7 header with a valid checksum).</summary>
    Tar,

    /// <summary>Binary content that is not a recognised archive; it is not scanned.</summary>
    Binary,
}
