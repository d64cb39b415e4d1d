using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Durably.Storage;
using Durably.Tool.Inspection;
using Durably.Tool.Output;

namespace Durably.Tool.Commands;

/// <summary>
/// <c>durably dump primary [secondary] [--from N] [--to M] [--operation NAME] [--json]</c>: one
/// line (or JSON object) per record: sequence, operation name and arguments decoded generically
/// from MessagePack, from the first record the log still holds (records retired behind snapshots
/// are gone; a note on standard error says where the log starts). Read-only.
/// </summary>
internal static class DumpCommand
{
    private static readonly Option<long> From = new("--from")
    {
        Description = "The first sequence number to show",
        DefaultValueFactory = _ => 1,
    };

    private static readonly Option<long?> To = new("--to")
    {
        Description = "The last sequence number to show (default: the last in the log)",
    };

    private static readonly Option<string?> Operation = new("--operation")
    {
        Description = "Show only records of this operation (its logged name)",
    };

    internal static Command Create()
    {
        Command command = new Command("dump", "Print every record: sequence, operation and arguments decoded from MessagePack").WithLogArguments();
        command.Options.Add(From);
        command.Options.Add(To);
        command.Options.Add(Operation);
        command.SetAction(result => Run(
            LogArguments.Location(result),
            result.GetValue(From),
            result.GetValue(To) ?? long.MaxValue,
            result.GetValue(Operation),
            result.GetValue(LogArguments.Json),
            Console.Out));
        return command;
    }

    internal static int Run(LogLocation location, long from, long to, string? operation, bool json, TextWriter output)
    {
        if (from < 1 || to < from)
        {
            Console.Error.WriteLine(from < 1 ? "durably: --from must be at least 1." : "durably: --to must not be below --from.");
            return ExitCodes.Usage;
        }

        try
        {
            LogInspection inspection = LogInspection.Run(location);
            if (!inspection.IsLog)
            {
                return FailureReport.Write(new DirectoryNotFoundException($"No Durably log in {location.Primary}: no segment files."), json, ExitCodes.NoLog);
            }

            LiveLogNotice.WarnIfLive(inspection);
            long first = inspection.FirstSequence;
            if (first > 1)
            {
                // Records before the first kept segment were retired behind snapshots: the log starts later.
                string loads = inspection.LoadedSnapshot is { } loaded
                    ? string.Create(CultureInfo.InvariantCulture, $" (recovery loads the snapshot at {loaded.Sequence} and replays the records after it)")
                    : string.Empty;
                string dumping = from < first ? string.Create(CultureInfo.InvariantCulture, $"; dumping from {first}.") : ".";
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"note: the log starts at record {first}: records 1..{first - 1} were retired behind snapshots{loads}{dumping}"));
                from = Math.Max(from, first);
            }

            long last = Math.Min(to, inspection.Plan.LastSequence);
            if (last < from)
            {
                output.Flush();
                return ExitCodes.Intact;
            }

            using var progress = new ScanProgress("dumping", enabled: !json && Console.IsOutputRedirected);
            foreach (LogRecord record in inspection.ReadRecords(from, last))
            {
                DecodedRecord decoded = DecodedRecord.From(record);
                progress.Report(record.Sequence - from + 1, last - from + 1);
                if (operation is not null && !string.Equals(decoded.Operation, operation, StringComparison.Ordinal))
                {
                    continue;
                }

                if (json)
                {
                    var buffer = new System.Buffers.ArrayBufferWriter<byte>();
                    using (var writer = new Utf8JsonWriter(buffer))
                    {
                        decoded.WriteJson(writer);
                    }

                    output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
                }
                else
                {
                    output.WriteLine(decoded.ToText());
                }
            }

            output.Flush();
            return ExitCodes.Intact;
        }
        catch (Exception e) when (FailureReport.Classify(e) is int code)
        {
            return FailureReport.Write(e, json, code);
        }
    }
}
