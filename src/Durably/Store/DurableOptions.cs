using Microsoft.Extensions.Logging;

namespace Durably;

/// <summary>
/// Where a durable state keeps its log and how the log is written. The two directories should
/// be on two different disks: every operation is durable in both before it is applied.
/// </summary>
/// <example>
/// <code>
/// await using var ledger = await Ledger.OpenAsync(new DurableOptions
/// {
///     PrimaryDirectory = "/disk1/ledger",
///     SecondaryDirectory = "/disk2/ledger",
///     Log = { VerifyAfterWrite = false },
/// });
/// </code>
/// </example>
public sealed class DurableOptions
{
    /// <summary>The directory of the log's primary copy (created if missing). Required.</summary>
    public string PrimaryDirectory
    {
        get => Log.PrimaryDirectory;
        set => Log.PrimaryDirectory = value;
    }

    /// <summary>
    /// The directory of the log's secondary copy, ideally on another disk. Required unless
    /// <see cref="LogOptions.SingleCopy"/> is set on <see cref="Log"/>.
    /// </summary>
    public string? SecondaryDirectory
    {
        get => Log.SecondaryDirectory;
        set => Log.SecondaryDirectory = value;
    }

    /// <summary>
    /// Receives what the log reports (opened, warnings, repairs, faults, full) as structured
    /// events; the same as <see cref="LogOptions.Logger"/> on <see cref="Log"/>. Optional.
    /// </summary>
    public ILogger? Logger
    {
        get => Log.Logger;
        set => Log.Logger = value;
    }

    /// <summary>
    /// Every other log setting, passed through unchanged: segment size, alignment, copy ordering,
    /// verification after write, the I/O engine, the recovery mode and the message callback.
    /// </summary>
    public LogOptions Log { get; } = new();

    /// <summary>
    /// When snapshots are taken (default: every 100,000 records or 64 MiB of log, and on a clean
    /// dispose). Recovery loads the newest snapshot and replays only the records after it.
    /// </summary>
    public SnapshotPolicy Snapshots { get; set; } = new();

    /// <summary>
    /// Lets the code after <c>await</c> on an operation run on the store's own thread that completed
    /// the operation (the log thread, or the apply thread) instead of being queued to the thread
    /// pool (default false). Like <c>ChannelOptions.AllowSynchronousContinuations</c>: it saves a
    /// thread hop and the thread pool's spinning for work per operation, which is most of the CPU at
    /// low concurrency (measured at one caller: about 400 µs of CPU per operation with it off, about
    /// 120 µs with it on, at the same or up to 15% higher throughput). The price: while the caller's code runs
    /// there, no frame is written and nothing is applied, so that code must return quickly to its
    /// next <c>await</c> and must never block — a synchronous wait on another operation of the same
    /// state (<c>.Result</c>, <c>.Wait()</c>, <c>GetAwaiter().GetResult()</c>) would wait for the very
    /// thread it runs on, for ever. A caller with a <see cref="SynchronizationContext"/> or a
    /// non-default <see cref="TaskScheduler"/> still has its continuation posted there.
    /// </summary>
    public bool AllowSynchronousContinuations { get; set; }

    /// <summary>
    /// A copy to change without touching these options: the log settings and the snapshot policy are
    /// copied; the logger, the message callback and a custom engine are the same instances.
    /// </summary>
    /// <returns>The copy.</returns>
    public DurableOptions Clone() => new(Log.Clone())
    {
        Snapshots = (Snapshots ?? new SnapshotPolicy()).Clone(),
        BeforeApplyThreadIdles = BeforeApplyThreadIdles,
        AllowSynchronousContinuations = AllowSynchronousContinuations,
    };

    private DurableOptions(LogOptions log) => Log = log;

    /// <summary>Options with every default; set at least <see cref="PrimaryDirectory"/> and <see cref="SecondaryDirectory"/>.</summary>
    public DurableOptions()
    {
    }

    /// <summary>
    /// Tests only: runs on the apply thread each time it has looked for work and seen that it
    /// should not stop yet, just before it goes to sleep unless something arrived. Null (always,
    /// outside tests): nothing runs.
    /// </summary>
    internal Action? BeforeApplyThreadIdles { get; set; }
}
