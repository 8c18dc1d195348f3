using Microsoft.Extensions.Logging;

namespace BrainRepo.Storage.Postgres.Coordination;

/// <summary>Log messages of the PostgreSQL coordination store (event IDs 5150-5199).</summary>
internal static partial class PostgresCoordinationLog
{
    [LoggerMessage(EventId = 5150, Level = LogLevel.Information, Message = "Applied coordination schema migration {Version} ({Name}) to the PostgreSQL database")]
    public static partial void MigrationApplied(ILogger logger, int version, string name);

    [LoggerMessage(EventId = 5151, Level = LogLevel.Debug, Message = "Coordination schema of the PostgreSQL database is at version {Version}")]
    public static partial void SchemaCurrent(ILogger logger, int version);
}
