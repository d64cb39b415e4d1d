using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Durably.Storage.Format;
using Durably.Tool.Inspection;

namespace Durably.Tool.Commands;

/// <summary>
/// <c>durably status primary [secondary] [--json]</c>: log id, format, alignment, segments,
/// sequence range, snapshots, size on disk, the engine this machine would use, and which
/// process has the log open. Read-only.
/// </summary>
internal static class StatusCommand
{
    internal static Command Create()
    {
        Command command = new Command("status", "Show a log's id, format, alignment, segments, sequence range, size on disk, and which process has it open").WithLogArguments();
        command.SetAction(result => Run(LogArguments.Location(result), result.GetValue(LogArguments.Json)));
        return command;
    }

    internal static int Run(LogLocation location, bool json)
    {
        LogInspection inspection;
        try
        {
            inspection = LogInspection.Run(location);
        }
        catch (Exception e) when (FailureReport.Classify(e) is int code)
        {
            return FailureReport.Write(e, json, code);
        }

        if (!inspection.IsLog)
        {
            return FailureReport.Write(new DirectoryNotFoundException($"No Durably log in {location.Primary}{(location.Secondary is null ? string.Empty : " or " + location.Secondary)}: no segment files."), json, ExitCodes.NoLog);
        }

        IReadOnlyList<string> findings = inspection.Findings;
        (string engine, string engineReason) = LogInspection.EngineHere();
        int segments = inspection.Plan.Segments.Count;
        int spares = inspection.Plan.Spares.Count;
        var sizes = inspection.SizeOnDisk();
        if (json)
        {
            using var writer = new Utf8JsonWriter(Console.OpenStandardOutput());
            writer.WriteStartObject();
            writer.WriteString("logId", inspection.Plan.LogId.ToString());
            writer.WriteNumber("formatVersion", LogFormat.Version);
            writer.WriteNumber("alignment", inspection.Plan.Alignment);
            writer.WriteNumber("segments", segments);
            writer.WriteNumber("spareSegments", spares);
            writer.WriteNumber("firstSequence", inspection.FirstSequence);
            writer.WriteNumber("lastSequence", inspection.Plan.LastSequence);
            writer.WriteNumber("frames", inspection.Plan.FrameCount);
            writer.WriteNumber("snapshots", 0);
            writer.WriteStartArray("copies");
            foreach ((string copy, long bytes, int files) in sizes)
            {
                writer.WriteStartObject();
                writer.WriteString("name", copy);
                writer.WriteString("directory", location.Copies.First(c => c.Name == copy).Directory);
                writer.WriteNumber("bytes", bytes);
                writer.WriteNumber("files", files);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteString("engineHere", engine);
            writer.WriteString("engineHereReason", engineReason);
            LiveLogNotice.WriteJson(writer, inspection);
            writer.WriteBoolean("recoveryWouldRepair", findings.Count > 0);
            writer.WriteStartArray("recoveryFindings");
            foreach (string line in findings)
            {
                writer.WriteStringValue(line);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.Flush();
            Console.Out.WriteLine();
            return ExitCodes.Intact;
        }

        TextWriter o = Console.Out;
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"log          {inspection.Plan.LogId} (format {LogFormat.Version}, alignment {inspection.Plan.Alignment})"));
        foreach ((string copy, long bytes, int files) in sizes)
        {
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{copy,-12} {location.Copies.First(c => c.Name == copy).Directory}: {files} files, {Size(bytes)}"));
        }

        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"segments     {segments} in use, {spares} spare"));
        o.WriteLine(inspection.Plan.LastSequence == 0
            ? "sequence     empty (no records)"
            : string.Create(CultureInfo.InvariantCulture, $"sequence     {inspection.FirstSequence}..{inspection.Plan.LastSequence} in {inspection.Plan.FrameCount} frames"));
        o.WriteLine("snapshots    none");
        o.WriteLine($"engine here  {engine} ({engineReason}); each process chooses its engine when it opens the log");
        o.WriteLine(inspection.IsOpenElsewhere ? "open         yes, in " + LiveLogNotice.Describe(inspection.Holders) : "open         no");
        o.WriteLine(findings.Count == 0
            ? "recovery     nothing to repair"
            : "recovery     would repair: " + string.Join(" ", findings));
        return ExitCodes.Intact;
    }

    internal static string Size(long bytes) => bytes >= 1L << 20
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):F1} MiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:F1} KiB");
}
