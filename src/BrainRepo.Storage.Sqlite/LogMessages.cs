using Microsoft.Extensions.Logging;

namespace BrainRepo.Storage.Sqlite;

/// <summary>Log messages of the SQLite databases, state and coordination (event IDs 5100-5149).</summary>
internal static partial class LogMessages
{
    [LoggerMessage(EventId = 5100, Level = LogLevel.Information, Message = "Applied {Component} schema migration {Version} ({Name}) to the SQLite database {Database}")]
    public static partial void MigrationApplied(ILogger logger, string component, int version, string name, string database);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Debug, Message = "The {Component} schema of the SQLite database {Database} is at version {Version}")]
    public static partial void SchemaCurrent(ILogger logger, string component, string database, int version);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "Recorded {Component} schema migrations 1 to {Version} of the SQLite database {Database} in schema_version; an earlier BrainRepo had applied them and counted them in PRAGMA user_version")]
    public static partial void UserVersionAdopted(ILogger logger, string component, int version, string database);
}
