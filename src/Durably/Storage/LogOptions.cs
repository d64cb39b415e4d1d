using Microsoft.Extensions.Logging;

namespace Durably;

/// <summary>Where and how the write-ahead log keeps its records: copies, segment size, alignment, engine, verification and recovery.</summary>
public sealed class LogOptions
{
    /// <summary>The default segment size: 8 MiB (an empty log with its spare takes 16 MiB per copy).</summary>
    public const long DefaultSegmentSize = 8L << 20;

    /// <summary>The directory of the primary copy (created if missing). Required.</summary>
    public string PrimaryDirectory { get; set; } = string.Empty;

    /// <summary>
    /// The directory of the secondary copy, ideally on another disk. Required unless
    /// <see cref="SingleCopy"/> is set.
    /// </summary>
    public string? SecondaryDirectory { get; set; }

    /// <summary>
    /// Keep one copy only (no <see cref="SecondaryDirectory"/>): a single disk failure or latent
    /// sector error can then lose acknowledged records. The log warns when this is on.
    /// </summary>
    public bool SingleCopy { get; set; }

    /// <summary>Size of each segment file, a multiple of the alignment (default 8 MiB).</summary>
    public long SegmentSize { get; set; } = DefaultSegmentSize;

    /// <summary>
    /// Frame alignment in bytes, a power of two; 0 (the default) uses the largest of 4096 and
    /// both devices' O_DIRECT alignment (statx STATX_DIOALIGN) and physical sector size. A value
    /// below either is refused: below the physical sector, each frame would share a sector the
    /// drive rewrites as a whole with the frame before it. An existing log keeps the alignment it
    /// was created with.
    /// </summary>
    public int Alignment { get; set; }

    /// <summary>
    /// The largest frame (one group commit) in bytes, a multiple of the alignment and at most
    /// half a segment's frame area; 0 (the default) means 1 MiB or a quarter of the segment,
    /// whichever is smaller. A record must fit in one frame.
    /// </summary>
    public int MaxFrameSize { get; set; }

    /// <summary>How a commit reaches the two copies (default <see cref="LogCopyOrdering.Parallel"/>).</summary>
    public LogCopyOrdering CopyOrdering { get; set; } = LogCopyOrdering.Parallel;

    /// <summary>Read every frame back from both copies after fdatasync and compare before acknowledging (default on).</summary>
    public bool VerifyAfterWrite { get; set; } = true;

    /// <summary>
    /// Open segment files with O_DSYNC in addition to fdatasync after each write (default on, as
    /// the seed design has it). Off, the fdatasync chained to each frame write alone makes it
    /// durable — the same promise with one device-cache flush per copy and frame instead of two;
    /// measured here +25–45% appends/s at 16–256 callers and a lower one-caller latency
    /// (docs/io-engines.md). Cannot be off together with <see cref="FdatasyncAfterWrite"/>.
    /// </summary>
    public bool OpenWithDataSync { get; set; } = true;

    /// <summary>
    /// Chain an fdatasync to every frame write (default on). Turning it off with
    /// <see cref="OpenWithDataSync"/> on leaves each frame's O_DSYNC write to make it durable by
    /// itself: the kernel completes an O_DSYNC direct write only once its data is on stable storage
    /// (a FUA write, or the write and a cache flush), so the promise is the same with one operation
    /// per copy instead of two; docs/io-engines.md has the measurements. Turning both off is refused
    /// with <see cref="LogConfigurationException"/>: nothing would make a frame durable.
    /// </summary>
    public bool FdatasyncAfterWrite { get; set; } = true;

    /// <summary>The I/O engine (default <see cref="LogEngineKind.Auto"/>); ignored when <see cref="CustomEngine"/> is set.</summary>
    public LogEngineKind Engine { get; set; } = LogEngineKind.Auto;

    /// <summary>
    /// A specific engine instance, e.g. <c>Durably.Testing.SimulatedEngine</c> for crash tests.
    /// The log takes ownership and disposes it.
    /// </summary>
    public IoEngine? CustomEngine { get; set; }

    /// <summary>What opening does about a record damaged in both copies (default <see cref="LogRecoveryMode.Strict"/>).</summary>
    public LogRecoveryMode RecoveryMode { get; set; } = LogRecoveryMode.Strict;

    /// <summary>
    /// After a failed attempt to reserve a segment, how long appends that do not fit are refused
    /// before the next attempt (default 1 s), so a full disk is not hammered.
    /// </summary>
    public TimeSpan SpaceRetryInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Receives what the log reports (opened, warnings, repairs, faults, full) as structured events
    /// with ids 1001..1008 (optional). See docs/operations.md.
    /// </summary>
    public ILogger? Logger { get; set; }

    /// <summary>
    /// Receives the same reports as plain text (optional; for callers without a logging framework;
    /// <see cref="Logger"/> is the structured way).
    /// </summary>
    public Action<string>? OnMessage { get; set; }

    /// <summary>The <c>[DurableState]</c> type this log belongs to: the <c>durably.state.type</c> tag of its metrics and logs.</summary>
    internal string? StateType { get; set; }

    /// <summary>
    /// Deterministic simulation: no log thread and no background preallocation; the caller
    /// drives the log step by step (<see cref="Storage.DurableLog.RunPendingWork"/>). Used by the fault campaign.
    /// </summary>
    internal bool ManualScheduling { get; set; }

    /// <summary>
    /// How long the log thread, finding nothing queued, watches for the next append before it
    /// sleeps: an append that arrives meanwhile starts its frame without waking a sleeping thread.
    /// Zero sleeps at once. Internal: chosen by measurement (benchmarks/results/store.md: at one caller
    /// the store made 2,100–2,660 ops/s without it, 2,640–2,710 with 50 µs and 2,960–3,040 with 100 µs).
    /// </summary>
    internal TimeSpan IdleSpin { get; set; } = DefaultIdleSpin;

    /// <summary>The measured default of <see cref="IdleSpin"/>.</summary>
    internal static readonly TimeSpan DefaultIdleSpin = TimeSpan.FromMicroseconds(100);

    /// <summary>
    /// Ring setup options that replace the io_uring engine's own; null (always, outside tests) uses the
    /// engine's. Lets a test force a real <c>io_uring_setup</c> failure (flags the kernel rejects) and
    /// watch its classified reason reach the status, without any fake in the selection path.
    /// </summary>
    internal IO.Linux.IoUringRingOptions? RingOptions { get; set; }

    /// <summary>
    /// How many frames the log writer keeps on their way to disk at once (pipelining); 0 (always, outside
    /// tests and benchmarks) uses <see cref="DefaultFramesInFlight"/>. An engine that completes each group
    /// synchronously (Portable) runs one at a time whatever this says.
    /// </summary>
    internal int FramesInFlight { get; set; }

    /// <summary>The frames in flight when <see cref="FramesInFlight"/> is 0 (chosen by measurement: benchmarks/results/io_uring.md).</summary>
    internal const int DefaultFramesInFlight = 2;

    /// <summary>Copies the options (the log keeps its own copy).</summary>
    internal LogOptions Clone() => (LogOptions)MemberwiseClone();
}
