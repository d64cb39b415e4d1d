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
    /// A copy to change without touching these options: the log settings and the snapshot policy are
    /// copied; the logger, the message callback and a custom engine are the same instances.
    /// </summary>
    /// <returns>The copy.</returns>
    public DurableOptions Clone() => new(Log.Clone())
    {
        Snapshots = (Snapshots ?? new SnapshotPolicy()).Clone(),
        BeforeApplyThreadIdles = BeforeApplyThreadIdles,
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
