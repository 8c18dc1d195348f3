using System.Diagnostics.CodeAnalysis;
using BrainRepo.Core.Errors;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace BrainRepo.Storage.Sqlite;

/// <summary>
/// Turns the SQLite failures a user must act on into errors that name the database file, what it holds, and
/// what to do: a damaged file (<c>SQLITE_CORRUPT</c>, <c>SQLITE_NOTADB</c>) becomes <see cref="ErrorCodes.DatabaseCorrupt"/>,
/// a full disk (<c>SQLITE_FULL</c>, or an I/O error while the disk has no space left) <see cref="ErrorCodes.DiskFull"/>.
/// Other failures (a lock held too long, a bug) stay as they are.
/// </summary>
internal static class SqliteFailure
{
    private const int IoError = 10;
    private const int Corrupt = 11;
    private const int Full = 13;
    private const int CannotOpen = 14;
    private const int NotADatabase = 26;

    /// <summary>Below this much free space an I/O error counts as a full disk (SQLite does not say which error the system gave).</summary>
    private const long NearlyFullBytes = 1 << 20;

    public static bool TryTranslate(SqliteException exception, SqliteDatabase database, [NotNullWhen(true)] out BrainRepoException? failure)
    {
        failure = exception.SqliteErrorCode switch
        {
            Corrupt or NotADatabase => Damaged(exception, database),
            Full => DiskFull(exception, database),
            IoError or CannotOpen when HasNoSpaceLeft(database.File) => DiskFull(exception, database),
            _ => null,
        };
        return failure is not null;
    }

    private static BrainRepoException Damaged(SqliteException exception, SqliteDatabase database)
    {
        var schema = database.Schema;
        return new BrainRepoException(
            ErrorCodes.DatabaseCorrupt,
            $"The {schema.Description} '{database.File}' is damaged ({Describe(exception)}); BrainRepo left it as it is. It holds {schema.Holds}. {schema.Recovery}",
            inner: exception);
    }

    private static BrainRepoException DiskFull(SqliteException exception, SqliteDatabase database) =>
        new(
            ErrorCodes.DiskFull,
            $"The disk holding the {database.Schema.Description} '{database.File}' is full ({Describe(exception)}); the change to it was not saved. Fix: free space on that disk, then run the command again.",
            inner: exception);

    private static string Describe(SqliteException exception) =>
        $"SQLite error {exception.SqliteErrorCode}: {raw.sqlite3_errstr(exception.SqliteErrorCode).utf8_to_string()}";

    private static bool HasNoSpaceLeft(string file)
    {
        try
        {
            return new DriveInfo(Path.GetDirectoryName(file)!).AvailableFreeSpace < NearlyFullBytes;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return false;
        }
    }
}
