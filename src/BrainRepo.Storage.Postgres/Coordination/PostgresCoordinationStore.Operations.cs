using BrainRepo.Core.Coordination;
using Npgsql;

namespace BrainRepo.Storage.Postgres.Coordination;

public sealed partial class PostgresCoordinationStore
{
    private const string OwnedBy = "workspace = @w AND owner = @o AND fencing_token = @t";

    /// <inheritdoc />
    public Task<long> RequestAsync(string workspace, CancellationToken cancellationToken) =>
        RunAsync(async c =>
        {
            await using var command = Command(c, null, $"""
                INSERT INTO coord_workspace AS x (workspace, requested, pending_since) VALUES (@w, 1, {Now})
                ON CONFLICT (workspace) DO UPDATE SET
                    requested = x.requested + 1,
                    pending_since = coalesce(x.pending_since, {Now})
                RETURNING x.requested;
                """);
            command.Parameters.AddWithValue("w", workspace);
            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<AcquireResult> TryAcquireAsync(
        string workspace, OwnerIdentity owner, TimeSpan ttl, LeaseHolder? takeOverFrom, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) =>
        {
            await using (var insert = Command(c, tx, "INSERT INTO coord_workspace (workspace) VALUES (@w) ON CONFLICT (workspace) DO NOTHING;"))
            {
                insert.Parameters.AddWithValue("w", workspace);
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return await AcquireLockedAsync(c, tx, workspace, owner, ttl, takeOverFrom, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<AcquireResult?> TryAcquireNextDueAsync(OwnerIdentity owner, TimeSpan ttl, CancellationToken cancellationToken) =>
        WriteAsync<AcquireResult?>(async (c, tx) =>
        {
            string? workspace;
            await using (var next = Command(c, tx, $"""
                SELECT workspace FROM coord_workspace
                WHERE requested > served AND (owner IS NULL OR lease_until <= {Now})
                ORDER BY pending_since, workspace LIMIT 1
                FOR UPDATE SKIP LOCKED;
                """))
            {
                workspace = (string?)await next.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            }

            return workspace is null
                ? null
                : await AcquireLockedAsync(c, tx, workspace, owner, ttl, null, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<LeaseStatus> RenewAsync(Lease lease, CancellationToken cancellationToken) =>
        RunAsync(async c =>
        {
            await using var command = Command(c, null, $"""
                UPDATE coord_workspace SET lease_until = {Now} + @ttl
                WHERE {OwnedBy} AND lease_until > {Now}
                RETURNING cancel_requested, lease_until;
                """);
            AddLease(command, lease);
            command.Parameters.AddWithValue("ttl", lease.Ttl);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? new LeaseStatus(true, reader.GetBoolean(0), reader.GetFieldValue<DateTimeOffset>(1))
                : LeaseStatus.Lost;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<bool> IsStillOwnerAsync(Lease lease, CancellationToken cancellationToken) =>
        RunAsync(async c =>
        {
            await using var command = Command(c, null, $"SELECT 1 FROM coord_workspace WHERE {OwnedBy} AND lease_until > {Now};");
            AddLease(command, lease);
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<CompleteResult> CompleteAsync(Lease lease, long servedGeneration, RunOutcome outcome, CancellationToken cancellationToken) =>
        RunAsync(async c =>
        {
            const string NewServed = "(CASE WHEN @advance THEN greatest(served, least(@gen, started)) ELSE served END)";

            // A trailing run goes to the back of the queue: after every other pending workspace, even one
            // requested at the same clock reading.
            await using var command = Command(c, null, $"""
                UPDATE coord_workspace SET
                    served = {NewServed},
                    pending_since = CASE WHEN requested > {NewServed} THEN greatest({Now}, (
                        SELECT max(o.pending_since) + interval '1 millisecond' FROM coord_workspace o
                        WHERE o.requested > o.served AND o.workspace <> coord_workspace.workspace)) ELSE NULL END,
                    owner = NULL, owner_host = NULL, lease_until = NULL, cancel_requested = false,
                    last_outcome = @outcome, last_completed_at = {Now}
                WHERE {OwnedBy} AND lease_until > {Now}
                RETURNING requested, served;
                """);
            AddLease(command, lease);
            command.Parameters.AddWithValue("advance", outcome != RunOutcome.Failed);
            command.Parameters.AddWithValue("gen", servedGeneration);
            command.Parameters.AddWithValue("outcome", outcome.ToString().ToLowerInvariant());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return CompleteResult.Stale;
            }

            var requested = reader.GetInt64(0);
            var served = reader.GetInt64(1);
            return new CompleteResult(true, requested > served, requested, served);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<bool> ReleaseAsync(Lease lease, CancellationToken cancellationToken) =>
        RunAsync(async c =>
        {
            await using var command = Command(c, null, $"""
                UPDATE coord_workspace SET owner = NULL, owner_host = NULL, lease_until = NULL, cancel_requested = false
                WHERE {OwnedBy};
                """);
            AddLease(command, lease);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<bool> RequestCancelAsync(string workspace, CancellationToken cancellationToken) =>
        RunAsync(async c =>
        {
            await using var command = Command(c, null, $"""
                UPDATE coord_workspace SET cancel_requested = true
                WHERE workspace = @w AND owner IS NOT NULL AND lease_until > {Now};
                """);
            command.Parameters.AddWithValue("w", workspace);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<bool> IsCancelRequestedAsync(string workspace, CancellationToken cancellationToken) =>
        RunAsync(async c =>
        {
            await using var command = Command(c, null, $"""
                SELECT cancel_requested FROM coord_workspace
                WHERE workspace = @w AND owner IS NOT NULL AND lease_until > {Now};
                """);
            command.Parameters.AddWithValue("w", workspace);
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<CoordinationState?> GetStateAsync(string workspace, CancellationToken cancellationToken) =>
        RunAsync(async c =>
        {
            await using var command = Command(c, null, $"""
                SELECT workspace, requested, started, served, fencing_token, owner, lease_until,
                       cancel_requested, last_outcome, {Now}
                FROM coord_workspace WHERE workspace = @w;
                """);
            command.Parameters.AddWithValue("w", workspace);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            return new CoordinationState(
                reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4),
                NullableString(reader, 5), NullableTime(reader, 6), reader.GetBoolean(7), NullableString(reader, 8),
                reader.GetFieldValue<DateTimeOffset>(9));
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<DueWorkspace>> ListDueAsync(string localHost, int limit, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<DueWorkspace>>(async c =>
        {
            await using var command = Command(c, null, $"""
                SELECT workspace, owner, (owner IS NULL OR lease_until <= {Now}), pending_since
                FROM coord_workspace
                WHERE requested > served AND (owner IS NULL OR lease_until <= {Now} OR owner_host = @host)
                ORDER BY pending_since, workspace LIMIT @limit;
                """);
            command.Parameters.AddWithValue("host", localHost);
            command.Parameters.AddWithValue("limit", limit);
            var due = new List<DueWorkspace>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                due.Add(new DueWorkspace(reader.GetString(0), NullableString(reader, 1), reader.GetBoolean(2), NullableTime(reader, 3)));
            }

            return due;
        }, cancellationToken);

    private async Task<AcquireResult> AcquireLockedAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, string workspace, OwnerIdentity owner, TimeSpan ttl, LeaseHolder? takeOverFrom,
        CancellationToken cancellationToken)
    {
        LeaseHolder? previous = null;
        await using (var read = Command(c, tx, $"""
            SELECT owner, fencing_token, lease_until, lease_until > {Now}
            FROM coord_workspace WHERE workspace = @w FOR UPDATE;
            """))
        {
            read.Parameters.AddWithValue("w", workspace);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false) && !reader.IsDBNull(0))
            {
                previous = new LeaseHolder(reader.GetString(0), reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2));
                var live = reader.GetBoolean(3);
                if (live && !IsSameHolder(previous, takeOverFrom))
                {
                    return AcquireResult.Busy(previous);
                }
            }
        }

        await using var update = Command(c, tx, $"""
            UPDATE coord_workspace SET
                owner = @o, owner_host = @host, fencing_token = fencing_token + 1, started = requested,
                cancel_requested = false, lease_until = {Now} + @ttl
            WHERE workspace = @w
            RETURNING fencing_token, requested, served, lease_until;
            """);
        update.Parameters.AddWithValue("w", workspace);
        update.Parameters.AddWithValue("o", owner.ToString());
        update.Parameters.AddWithValue("host", owner.Host);
        update.Parameters.AddWithValue("ttl", ttl);
        await using var row = await update.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await row.ReadAsync(cancellationToken).ConfigureAwait(false);
        var generation = row.GetInt64(1);
        var lease = new Lease(workspace, owner.ToString(), row.GetInt64(0), generation, ttl, row.GetFieldValue<DateTimeOffset>(3));
        return new AcquireResult(AcquireStatus.Acquired, lease, null, previous)
        {
            HasPendingWork = generation > row.GetInt64(2),
        };
    }

    private static bool IsSameHolder(LeaseHolder current, LeaseHolder? expected) =>
        expected is not null
        && string.Equals(current.Owner, expected.Owner, StringComparison.Ordinal)
        && current.FencingToken == expected.FencingToken;

    private static void AddLease(NpgsqlCommand command, Lease lease)
    {
        command.Parameters.AddWithValue("w", lease.Workspace);
        command.Parameters.AddWithValue("o", lease.Owner);
        command.Parameters.AddWithValue("t", lease.FencingToken);
    }
}
