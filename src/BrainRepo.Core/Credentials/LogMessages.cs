using Microsoft.Extensions.Logging;

namespace BrainRepo.Core.Credentials;

/// <summary>Log messages of the credential store (event ids 4200-4299). Never logs a token or a key.</summary>
internal static partial class LogMessages
{
    [LoggerMessage(EventId = 4200, Level = LogLevel.Information, Message = "Created a new master key file at {KeyFile} (mode 0600)")]
    public static partial void KeyFileCreated(ILogger logger, string keyFile);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Debug, Message = "Using the master key from environment variable {Variable}")]
    public static partial void KeyFromEnvironment(ILogger logger, string variable);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Information, Message = "Stored an encrypted token for {Name}")]
    public static partial void TokenStored(ILogger logger, string name);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Information, Message = "Removed the stored token for {Name}")]
    public static partial void TokenRemoved(ILogger logger, string name);

    [LoggerMessage(EventId = 4204, Level = LogLevel.Information, Message = "Could not decrypt the stored token for {Name}: the master key is missing or wrong")]
    public static partial void DecryptFailed(ILogger logger, string name);

    [LoggerMessage(EventId = 4206, Level = LogLevel.Warning, Message = "The credential file {File} is damaged; the token stored in it cannot be read")]
    public static partial void FileDamaged(ILogger logger, string file);

    [LoggerMessage(EventId = 4207, Level = LogLevel.Warning, Message = "The credential file {File} was damaged; it was kept as {SetAside} and a new one is written")]
    public static partial void FileSetAside(ILogger logger, string file, string setAside);

    [LoggerMessage(EventId = 4205, Level = LogLevel.Warning, Message = "The key file {KeyFile} is readable by others (mode {Mode}); it should be 0600")]
    public static partial void KeyFileTooOpen(ILogger logger, string keyFile, string mode);
}
