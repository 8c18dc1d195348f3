using BrainRepo.Core.Storage;

namespace BrainRepo.Storage.Sqlite;

/// <summary>
/// One kind of BrainRepo SQLite database: the component its migrations are recorded under in <c>schema_version</c>,
/// its numbered migrations (<c>&lt;Area&gt;/Migrations/NNNN_name.sql</c>, embedded), and, for the errors that name
/// it, what it holds and what is safe to do when it is damaged.
/// </summary>
internal sealed class SqliteSchema
{
    private readonly Lazy<IReadOnlyList<SchemaMigration>> migrations;

    internal SqliteSchema(string component, string description, string holds, string recovery, bool adoptsUserVersion, Func<IReadOnlyList<SchemaMigration>> load)
    {
        Component = component;
        Description = description;
        Holds = holds;
        Recovery = recovery;
        AdoptsUserVersion = adoptsUserVersion;
        migrations = new Lazy<IReadOnlyList<SchemaMigration>>(load);
    }

    /// <summary>A workspace's <c>state.db</c>.</summary>
    public static SqliteSchema State { get; } = new(
        "state",
        "state database",
        "this workspace's run history, its remote setting (never the token) and its push state; the backup repository and its snapshots are not in it",
        "Fix: with no BrainRepo command running, move it aside together with its -wal and -shm files (for example, rename each to *.damaged). "
        + "The next sync creates a new one: the run history starts afresh, and at worst the sync reads every file once to rebuild its stat cache. "
        + "Then set the remote again with 'brainrepo remote set <url>' (with its token); the next push verifies the remote and records the push state anew.",
        adoptsUserVersion: true,
        () => SchemaMigration.Load(typeof(SqliteSchema).Assembly, "BrainRepo.Storage.Sqlite.State.Migrations."));

    /// <summary>The host's <c>coordination.db</c>.</summary>
    public static SqliteSchema Coordination { get; } = new(
        "coordination",
        "coordination database",
        "the sync requests and leases of the workspaces on this host; no backup data is in it",
        "Fix: stop every BrainRepo command and worker on this host, then move it aside together with its -wal and -shm files (for example, rename each to *.damaged). "
        + "The next command creates a new one; requests that were waiting in it are lost, so sync each workspace once more.",
        adoptsUserVersion: false,
        () => SchemaMigration.Load(typeof(SqliteSchema).Assembly, "BrainRepo.Storage.Sqlite.Coordination.Migrations."));

    /// <summary>The <c>component</c> of its rows in <c>schema_version</c>.</summary>
    public string Component { get; }

    /// <summary>What a user calls it, such as "state database".</summary>
    public string Description { get; }

    /// <summary>What it holds, for the message that says it is damaged.</summary>
    public string Holds { get; }

    /// <summary>What is safe to do when it is damaged (starts with "Fix:").</summary>
    public string Recovery { get; }

    /// <summary>
    /// True for the state database, whose versions before <c>schema_version</c> counted their migrations in
    /// <c>PRAGMA user_version</c>: such a database has its first user_version migrations recorded as applied.
    /// </summary>
    public bool AdoptsUserVersion { get; }

    /// <summary>Its migrations, numbered 1 to <see cref="Latest"/>.</summary>
    public IReadOnlyList<SchemaMigration> Migrations => migrations.Value;

    /// <summary>The schema version this build applies.</summary>
    public int Latest => Migrations[^1].Version;
}
