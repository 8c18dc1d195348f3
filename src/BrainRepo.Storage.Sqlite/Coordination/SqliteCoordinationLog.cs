using Microsoft.Extensions.Logging;

namespace BrainRepo.Storage.Sqlite.Coordination;

/// <summary>Log messages of the SQLite coordination store (event IDs 5100-5149).</summary>
internal static partial class SqliteCoordinationLog
{
    [LoggerMessage(EventId = 5100, Level = LogLevel.Information, Message = "Applied coordination schema migration {Version} ({Name}) to the SQLite database")]
    public static partial void MigrationApplied(ILogger logger, int version, string name);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Debug, Message = "Coordination schema of the SQLite database is at version {Version}")]
    public static partial void SchemaCurrent(ILogger logger, int version);
}
