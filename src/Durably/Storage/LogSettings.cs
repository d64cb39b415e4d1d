using System.Globalization;
using Durably.IO;
using Durably.Storage.Format;

namespace Durably.Storage;

/// <summary>The options after validation, with the alignment and frame size decided.</summary>
internal sealed record LogSettings(
    IReadOnlyList<LogCopyLocation> Copies,
    int Alignment,
    long SegmentSize,
    int MaxFrameSize,
    LogCopyOrdering Ordering,
    bool VerifyAfterWrite,
    bool DataSync,
    bool SyncAfterWrite,
    LogRecoveryMode RecoveryMode,
    TimeSpan SpaceRetryInterval,
    bool ManualScheduling)
{
    private const int DefaultMaxFrameSize = 1 << 20;

    /// <summary>The largest record: one that, alone in a frame, fills the largest frame.</summary>
    internal int MaxRecordSize => MaxFrameSize - LogFormat.FrameHeaderSize - RecordListCodec.HeaderSize(int.MaxValue);

    /// <summary>How a frame is made durable before it is acknowledged, in words, for the log's opening event.</summary>
    internal string DurabilityText => (DataSync, SyncAfterWrite) switch
    {
        (true, true) => "each frame an O_DSYNC write chained to an fdatasync per copy",
        (false, true) => "each frame a write chained to an fdatasync per copy (O_DSYNC off)",
        _ => "each frame an O_DSYNC write per copy (no fdatasync)",
    } + (VerifyAfterWrite ? ", read back and checked before it is acknowledged" : ", not read back (verify off)");

    /// <summary>How segment files are opened for appending.</summary>
    internal StorageFileOptions ActiveFileOptions => StorageFileOptions.Direct | (DataSync ? StorageFileOptions.DataSync : StorageFileOptions.None);

    /// <summary>Checks what can be checked before the log's alignment is known; returns the copies.</summary>
    internal static IReadOnlyList<LogCopyLocation> ValidateLocations(LogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.PrimaryDirectory))
        {
            throw new ArgumentException("LogOptions.PrimaryDirectory is required.", nameof(options));
        }

        if (options.Alignment != 0 && (!BitOperationsFacts.IsPowerOfTwo(options.Alignment)
            || options.Alignment is < LogFormat.MinimumAlignment or > LogFormat.MaximumAlignment))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Alignment, "LogOptions.Alignment must be 0 or a power of two from 512 to 1 MiB.");
        }

        if (options.SpaceRetryInterval < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.SpaceRetryInterval, "LogOptions.SpaceRetryInterval must not be negative.");
        }

        if (!options.OpenWithDataSync && !options.FdatasyncAfterWrite)
        {
            throw new LogConfigurationException(
                "LogOptions.OpenWithDataSync and FdatasyncAfterWrite are both off: nothing would make a frame durable before it is acknowledged. "
                + "Turn one of them on (FdatasyncAfterWrite = false needs OpenWithDataSync = true).");
        }

        string primary = Path.GetFullPath(options.PrimaryDirectory);
        if (options.SingleCopy)
        {
            if (!string.IsNullOrEmpty(options.SecondaryDirectory))
            {
                throw new ArgumentException("LogOptions.SingleCopy is set but a SecondaryDirectory is given; choose one.", nameof(options));
            }

            return [new LogCopyLocation(0, "primary", primary)];
        }

        if (string.IsNullOrWhiteSpace(options.SecondaryDirectory))
        {
            throw new ArgumentException(
                "LogOptions.SecondaryDirectory is required (ideally on another disk); set SingleCopy = true to run with one copy knowingly.",
                nameof(options));
        }

        string secondary = Path.GetFullPath(options.SecondaryDirectory);
        if (string.Equals(primary.TrimEnd('/'), secondary.TrimEnd('/'), StringComparison.Ordinal))
        {
            throw new LogConfigurationException(
                $"LogOptions.PrimaryDirectory and SecondaryDirectory are the same directory ({primary}): the log would have one copy, not two. "
                + "Give two different directories, ideally on two disks.");
        }

        return [new LogCopyLocation(0, "primary", primary), new LogCopyLocation(1, "secondary", secondary)];
    }

    /// <summary>Completes validation once the alignment is known.</summary>
    internal static LogSettings Create(LogOptions options, IReadOnlyList<LogCopyLocation> copies, int alignment)
    {
        long segmentSize = options.SegmentSize;
        if (segmentSize < 8L * alignment || !BitOperationsFacts.IsAligned(segmentSize, alignment) || segmentSize > (1L << 40))
        {
            throw new ArgumentOutOfRangeException(
                nameof(options),
                segmentSize,
                string.Create(CultureInfo.InvariantCulture, $"LogOptions.SegmentSize must be a multiple of the alignment ({alignment}), at least 8 times it, and at most 1 TiB."));
        }

        long frameArea = segmentSize - alignment;
        long maxFrame = options.MaxFrameSize;
        if (maxFrame == 0)
        {
            maxFrame = Math.Max(alignment, BitOperationsFacts.AlignDown(Math.Min(DefaultMaxFrameSize, frameArea / 4), alignment));
        }
        else if (maxFrame < alignment || !BitOperationsFacts.IsAligned(maxFrame, alignment) || maxFrame > frameArea / 2 || maxFrame > (1 << 30))
        {
            throw new ArgumentOutOfRangeException(
                nameof(options),
                maxFrame,
                string.Create(CultureInfo.InvariantCulture, $"LogOptions.MaxFrameSize must be a multiple of the alignment ({alignment}) and at most half of a segment's frame area ({frameArea / 2})."));
        }

        return new LogSettings(
            copies,
            alignment,
            segmentSize,
            (int)maxFrame,
            options.CopyOrdering,
            options.VerifyAfterWrite,
            options.OpenWithDataSync,
            options.FdatasyncAfterWrite,
            options.RecoveryMode,
            options.SpaceRetryInterval,
            options.ManualScheduling);
    }
}
