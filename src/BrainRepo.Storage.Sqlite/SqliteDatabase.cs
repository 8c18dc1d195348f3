using BrainRepo.Core.Workspaces;
using System.Globalization;
using BrainRepo.Core.Errors;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace BrainRepo.Storage.Sqlite;

/// <summary>
/// One BrainRepo SQLite database file, opened the same way for every database (state and coordination):
/// pooled connections, WAL (readers never block a writer), <c>busy_timeout</c> of <see cref="BusyTimeout"/> for
/// concurrent processes, <c>synchronous = NORMAL</c>, and the log kept on close (<see cref="SqliteWal"/>).
/// Failures that a user must act on (a damaged file, a full disk) leave it as a <see cref="BrainRepoException"/>
/// that names the file (<see cref="SqliteFailure"/>).
/// <para>
/// A pooled connection stays on the file it opened for the life of the process, even if that file is replaced or
/// moved aside meanwhile; a process that finds its file damaged clears the pool (<see cref="ClearPool"/>), so the
/// fix the error names (move the file aside) takes effect on its next open.
/// </para>
/// </summary>
internal sealed class SqliteDatabase
{
    /// <summary>How long a statement waits for another process's write lock before it fails with "database is locked".</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long Microsoft.Data.Sqlite retries a busy statement in all (its command timeout): longer than <see cref="BusyTimeout"/>.</summary>
    private const int CommandTimeoutSeconds = 60;

    private readonly string connectionString;

    public SqliteDatabase(string file, SqliteSchema schema)
    {
        ArgumentException.ThrowIfNullOrEmpty(file);
        File = Path.GetFullPath(file);
        Schema = schema;
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = File,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = CommandTimeoutSeconds,
        }.ToString();
    }

    /// <summary>The database file (a full path).</summary>
    public string File { get; }

    /// <summary>Which database it is.</summary>
    public SqliteSchema Schema { get; }

    /// <summary>
    /// Creates the file (and its folder) if missing, applies every pending migration (<see cref="SqliteMigrator"/>)
    /// and returns the connection it used.
    /// </summary>
    public SqliteConnection OpenAndMigrate(ILogger logger, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(File)!);
        PrivateFolder.CreateFile(File); // SQLite gives its -wal and -shm files the database file's mode
        var connection = Open();
        try
        {
            Guard(() => SqliteMigrator.Migrate(connection, this, logger, cancellationToken));
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>A connection with BrainRepo's settings, for a database that <see cref="OpenAndMigrate"/> has prepared.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            SqliteWal.KeepLogOnClose(connection);
            using var pragma = connection.CreateCommand();
            pragma.CommandText = string.Create(
                CultureInfo.InvariantCulture,
                $"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = {SqliteWal.AutoCheckpointPages};");
            pragma.ExecuteNonQuery();
            return connection;
        }
        catch (Exception ex)
        {
            connection.Dispose();
            if (ex is SqliteException sqlite && SqliteFailure.TryTranslate(sqlite, this, out var failure))
            {
                throw Reported(failure);
            }

            throw;
        }
    }

    /// <summary>Runs <paramref name="body"/>; a damaged file or a full disk leaves it as an error that names this file.</summary>
    public T Guard<T>(Func<T> body)
    {
        try
        {
            return body();
        }
        catch (SqliteException ex) when (SqliteFailure.TryTranslate(ex, this, out var failure))
        {
            throw Reported(failure);
        }
    }

    /// <inheritdoc cref="Guard{T}(Func{T})"/>
    public void Guard(Action body)
    {
        try
        {
            body();
        }
        catch (SqliteException ex) when (SqliteFailure.TryTranslate(ex, this, out var failure))
        {
            throw Reported(failure);
        }
    }

    /// <inheritdoc cref="Guard{T}(Func{T})"/>
    public async Task<T> GuardAsync<T>(Func<Task<T>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (SqliteException ex) when (SqliteFailure.TryTranslate(ex, this, out var failure))
        {
            throw Reported(failure);
        }
    }

    /// <summary>A damaged file's pooled connections are closed (now, or when they are returned), so none outlives it once it is moved aside.</summary>
    private BrainRepoException Reported(BrainRepoException failure)
    {
        if (failure.Code == ErrorCodes.DatabaseCorrupt)
        {
            ClearPool();
        }

        return failure;
    }

    /// <summary>Closes the pooled connections to this file (idle ones now, the others when returned).</summary>
    public void ClearPool()
    {
        using var connection = new SqliteConnection(connectionString);
        SqliteConnection.ClearPool(connection);
    }
}
