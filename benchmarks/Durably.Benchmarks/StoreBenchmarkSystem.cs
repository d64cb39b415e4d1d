namespace Durably.Benchmarks;

/// <summary>What the store benchmark measures, in the order of its rows and columns.</summary>
internal enum StoreBenchmarkSystem
{
    /// <summary>The raw floor of the promise: two 4 KiB O_DIRECT writes in parallel, each fdatasynced and read back.</summary>
    Floor,

    /// <summary>The Durably store through its generated <c>TransferAsync</c>.</summary>
    Store,

    /// <summary><c>DurableLog.AppendAsync</c> of the same record bytes (the log alone).</summary>
    Log,

    /// <summary>SQLite, WAL, synchronous=FULL.</summary>
    Sqlite,

    /// <summary>FasterLog (Microsoft.FASTER.Core) appending the same record bytes.</summary>
    FasterLog,

    /// <summary>PostgreSQL, fsync=on, synchronous_commit=on.</summary>
    Postgres,
}
