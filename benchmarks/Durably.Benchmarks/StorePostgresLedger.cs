using Npgsql;
using NpgsqlTypes;

namespace Durably.Benchmarks;

/// <summary>
/// The same ledger in PostgreSQL, as an application would keep it: one transaction per transfer
/// that locks both accounts in name order (<c>SELECT … ORDER BY name FOR UPDATE</c>), checks the
/// balance, records the transfer id and moves the amount, then commits (fsync=on,
/// synchronous_commit=on: the commit returns once its WAL is flushed). Callers share a pool of
/// connections (at most <see cref="PoolSize"/>; callers beyond it wait for a free connection, as
/// they would behind any application's pool). One copy.
/// </summary>
internal sealed class StorePostgresLedger : IAsyncDisposable
{
    /// <summary>Connections in the pool; below the cluster's max_connections.</summary>
    internal const int PoolSize = 100;

    private const string LockBoth = "SELECT name, balance FROM accounts WHERE name = $1 OR name = $2 ORDER BY name FOR UPDATE";

    // Records the id and moves the amount in one statement; no row changes if the id was seen before.
    private const string Move = """
        WITH recorded AS (INSERT INTO transfers (id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING id)
        UPDATE accounts SET balance = balance + CASE WHEN name = $2 THEN -$4::numeric ELSE $4::numeric END
        WHERE (name = $2 OR name = $3) AND EXISTS (SELECT 1 FROM recorded)
        """;

    private readonly NpgsqlDataSource _source;

    private StorePostgresLedger(NpgsqlDataSource source) => _source = source;

    /// <summary>Creates the tables afresh in the cluster and fills <paramref name="accounts"/> accounts.</summary>
    internal static async Task<StorePostgresLedger> CreateAsync(PostgresTemporaryCluster cluster, int accounts, decimal balance)
    {
        NpgsqlDataSource source = NpgsqlDataSource.Create(cluster.ConnectionString(Math.Min(PoolSize, PostgresTemporaryCluster.MaxConnections - 8)));
        try
        {
            await using NpgsqlConnection connection = await source.OpenConnectionAsync();
            await using (var create = new NpgsqlCommand(
                "DROP TABLE IF EXISTS accounts, transfers; CREATE TABLE accounts (name text PRIMARY KEY, balance numeric NOT NULL); CREATE TABLE transfers (id text PRIMARY KEY);",
                connection))
            {
                await create.ExecuteNonQueryAsync();
            }

            await using (var fill = new NpgsqlCommand("INSERT INTO accounts (name, balance) SELECT 'a' || i, $1 FROM generate_series(0, $2 - 1) AS i", connection))
            {
                fill.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Numeric, Value = balance });
                fill.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = accounts });
                await fill.ExecuteNonQueryAsync();
            }

            await using (var analyze = new NpgsqlCommand("ANALYZE accounts; CHECKPOINT;", connection))
            {
                await analyze.ExecuteNonQueryAsync();
            }

            return new StorePostgresLedger(source);
        }
        catch
        {
            await source.DisposeAsync();
            throw;
        }
    }

    /// <summary>One transfer in its own transaction; false if refused (insufficient funds, duplicate id, unknown account).</summary>
    internal async ValueTask<bool> TransferAsync(string id, string from, string to, decimal amount)
    {
        await using NpgsqlConnection connection = await _source.OpenConnectionAsync();
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync();
        decimal? available = null;
        int locked = 0;
        await using (var lockBoth = new NpgsqlCommand(LockBoth, connection, transaction))
        {
            lockBoth.Parameters.Add(new NpgsqlParameter<string> { TypedValue = from });
            lockBoth.Parameters.Add(new NpgsqlParameter<string> { TypedValue = to });
            await using NpgsqlDataReader reader = await lockBoth.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                locked++;
                if (reader.GetString(0) == from)
                {
                    available = reader.GetDecimal(1);
                }
            }
        }

        if (locked != 2 || available is null || available < amount)
        {
            await transaction.RollbackAsync();
            return false;
        }

        int moved;
        await using (var move = new NpgsqlCommand(Move, connection, transaction))
        {
            move.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
            move.Parameters.Add(new NpgsqlParameter<string> { TypedValue = from });
            move.Parameters.Add(new NpgsqlParameter<string> { TypedValue = to });
            move.Parameters.Add(new NpgsqlParameter<decimal> { TypedValue = amount, NpgsqlDbType = NpgsqlDbType.Numeric });
            moved = await move.ExecuteNonQueryAsync();
        }

        if (moved != 2)
        {
            await transaction.RollbackAsync();
            return false;
        }

        await transaction.CommitAsync();
        return true;
    }

    /// <summary>The number of committed transfers and the sum of all balances (checked after a run).</summary>
    internal async Task<(long Transfers, decimal Total)> TotalsAsync()
    {
        await using NpgsqlConnection connection = await _source.OpenConnectionAsync();
        await using var count = new NpgsqlCommand("SELECT (SELECT count(*) FROM transfers), (SELECT sum(balance) FROM accounts)", connection);
        await using NpgsqlDataReader reader = await count.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetDecimal(1));
    }

    public ValueTask DisposeAsync() => _source.DisposeAsync();
}
