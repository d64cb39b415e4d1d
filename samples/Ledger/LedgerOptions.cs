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
        Description = "Size of each log segment file in MiB (default 64)",
        DefaultValueFactory = _ => 64,
    };

    /// <summary>The store options for the directories given on the command line.</summary>
    public static DurableOptions From(ParseResult result) => Create(
        result.GetRequiredValue(Primary),
        result.GetRequiredValue(Secondary),
        result.GetValue(SegmentMegabytes));

    public static DurableOptions Create(string primary, string secondary, int segmentMegabytes) => new()
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

    /// <summary>Adds the directory options to a command.</summary>
    public static Command WithDirectories(this Command command)
    {
        command.Options.Add(Primary);
        command.Options.Add(Secondary);
        command.Options.Add(SegmentMegabytes);
        return command;
    }
}
