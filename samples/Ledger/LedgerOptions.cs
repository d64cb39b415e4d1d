using System.CommandLine;
using Durably;

namespace LedgerSample;

/// <summary>The options every command takes: where the two copies of the log live.</summary>
internal static class LedgerOptions
{
    public static Option<string> Primary { get; } = new("--primary")
    {
        Description = "Directory of the log's primary copy",
        Required = true,
    };

    public static Option<string> Secondary { get; } = new("--secondary")
    {
        Description = "Directory of the log's secondary copy (ideally on another disk)",
        Required = true,
    };

    public static Option<int> SegmentMegabytes { get; } = new("--segment-mb")
    {
        Description = "Size of each log segment file in MiB (default 8)",
        DefaultValueFactory = _ => 8,
    };

    public static Option<long?> SnapshotEvery { get; } = new("--snapshot-every")
    {
        Description = "Take a snapshot after every N records, however large the state (default: the library's policy, 100000 records or 64 MiB of log, no sooner than a snapshot's worth of log)",
    };

    /// <summary>The store options for the directories given on the command line.</summary>
    public static DurableOptions From(ParseResult result) => Create(
        result.GetRequiredValue(Primary),
        result.GetRequiredValue(Secondary),
        result.GetValue(SegmentMegabytes),
        result.GetValue(SnapshotEvery));

    public static DurableOptions Create(string primary, string secondary, int segmentMegabytes, long? snapshotEvery = null)
    {
        var options = new DurableOptions
        {
            PrimaryDirectory = primary,
            SecondaryDirectory = secondary,
            Log =
            {
                SegmentSize = (long)segmentMegabytes << 20,

                // What the log says about itself: warnings (both copies on one device, a file system
                // that does not survive a reboot) and recovery's repairs go to stderr, one line each.
                OnMessage = message =>
                {
                    if (message.StartsWith("Warning", StringComparison.Ordinal) || message.StartsWith("Recovery", StringComparison.Ordinal))
                    {
                        Console.Error.WriteLine("ledger: " + message.ReplaceLineEndings(" "));
                    }
                },
            },
        };
        if (snapshotEvery is { } every)
        {
            // Every N records, as asked: not held back until a snapshot's worth of log was written.
            options.Snapshots.RecordsBetweenSnapshots = every;
            options.Snapshots.LogToSnapshotRatio = 0;
        }

        return options;
    }

    /// <summary>Adds the directory options to a command.</summary>
    public static Command WithDirectories(this Command command)
    {
        command.Options.Add(Primary);
        command.Options.Add(Secondary);
        command.Options.Add(SegmentMegabytes);
        command.Options.Add(SnapshotEvery);
        return command;
    }
}
