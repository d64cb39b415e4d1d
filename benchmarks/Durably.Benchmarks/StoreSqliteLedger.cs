using Microsoft.Data.Sqlite;

namespace Durably.Benchmarks;

/// <summary>
/// The same ledger in SQLite, as an application would keep it: WAL journal, synchronous=FULL (the
/// WAL is fsynced at every commit), one transaction per transfer, one writer connection that
/// concurrent callers take turns on (SQLite admits one writer at a time).
/// </summary>
internal sealed class StoreSqliteLedger : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly SqliteCommand _balance;
    private readonly SqliteCommand _debit;
    private readonly SqliteCommand _credit;
    private readonly SqliteCommand _record;

    private StoreSqliteLedger(SqliteConnection connection)
    {
        _connection = connection;
        _balance = Command("SELECT balance FROM accounts WHERE name = $name", "$name");
        _debit = Command("UPDATE accounts SET balance = balance - $amount WHERE name = $name", "$amount", "$name");
        _credit = Command("UPDATE accounts SET balance = balance + $amount WHERE name = $name", "$amount", "$name");
        _record = Command("INSERT INTO transfers (id) VALUES ($id)", "$id");
    }

    /// <summary>The version of the SQLite library in use.</summary>
    public static string Version
    {
        get
        {
            using var connection = new SqliteConnection("Data Source=:memory:");
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "SELECT sqlite_version()";
            return (string)command.ExecuteScalar()!;
        }
    }

    public static StoreSqliteLedger Create(string file, int accounts, decimal balance)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
        Execute(connection, "CREATE TABLE accounts (name TEXT PRIMARY KEY, balance TEXT NOT NULL) WITHOUT ROWID; CREATE TABLE transfers (id TEXT PRIMARY KEY) WITHOUT ROWID;");
        using (SqliteTransaction transaction = connection.BeginTransaction())
        {
            using SqliteCommand insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO accounts (name, balance) VALUES ($name, $balance)";
            SqliteParameter name = insert.Parameters.Add("$name", SqliteType.Text);
            insert.Parameters.AddWithValue("$balance", balance);
            for (int i = 0; i < accounts; i++)
            {
                name.Value = "a" + i;
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        return new StoreSqliteLedger(connection);
    }

    /// <summary>One transfer in its own transaction; false if refused (duplicate id, insufficient funds).</summary>
    public async ValueTask<bool> TransferAsync(string id, string from, string to, decimal amount)
    {
        await _writer.WaitAsync();
        try
        {
            using SqliteTransaction transaction = _connection.BeginTransaction();
            _balance.Transaction = _debit.Transaction = _credit.Transaction = _record.Transaction = transaction;
            _balance.Parameters[0].Value = from;
            decimal available = Convert.ToDecimal(_balance.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            if (available < amount)
            {
                return false;
            }

            _record.Parameters[0].Value = id;
            try
            {
                _record.ExecuteNonQuery();
            }
            catch (SqliteException e) when (e.SqliteErrorCode == 19)
            {
                return false;
            }

            _debit.Parameters[0].Value = amount;
            _debit.Parameters[1].Value = from;
            _debit.ExecuteNonQuery();
            _credit.Parameters[0].Value = amount;
            _credit.Parameters[1].Value = to;
            _credit.ExecuteNonQuery();
            transaction.Commit();
            return true;
        }
        finally
        {
            _writer.Release();
        }
    }

    public ValueTask DisposeAsync()
    {
        foreach (SqliteCommand command in new[] { _balance, _debit, _credit, _record })
        {
            command.Dispose();
        }

        _connection.Dispose();
        _writer.Dispose();
        return ValueTask.CompletedTask;
    }

    private SqliteCommand Command(string text, params string[] parameters)
    {
        SqliteCommand command = _connection.CreateCommand();
        command.CommandText = text;
        foreach (string parameter in parameters)
        {
            command.Parameters.Add(new SqliteParameter(parameter, null));
        }

        return command;
    }

    private static void Execute(SqliteConnection connection, string text)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = text;
        command.ExecuteNonQuery();
    }
}
