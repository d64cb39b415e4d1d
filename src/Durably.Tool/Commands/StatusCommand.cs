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
        Command command = new Command("status", "Show a log's id, format, alignment, segments, sequence range, snapshots, size on disk, and which process has it open").WithLogArguments();
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
            writer.WriteNumber("snapshotSequence", inspection.LoadedSnapshot?.Sequence ?? 0);
            WriteSnapshotsJson(writer, inspection.Snapshots);
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
            : string.Create(CultureInfo.InvariantCulture, $"sequence     {inspection.FirstSequence}..{inspection.Plan.LastSequence} in {inspection.Plan.FrameCount} frames{RetiredText(inspection)}"));
        WriteSnapshots(o, inspection);
        o.WriteLine($"engine here  {engine} ({engineReason}); each process chooses its engine when it opens the log");
        o.WriteLine(inspection.IsOpenElsewhere ? "open         yes, in " + LiveLogNotice.Describe(inspection.Holders) : "open         no");
        o.WriteLine(findings.Count == 0
            ? "recovery     nothing to repair"
            : "recovery     would repair: " + string.Join(" ", findings));
        return ExitCodes.Intact;
    }

    internal static string RetiredText(LogInspection inspection) => inspection.FirstSequence > 1
        ? string.Create(CultureInfo.InvariantCulture, $" (records 1..{inspection.FirstSequence - 1} were retired behind snapshots)")
        : string.Empty;

    /// <summary>The snapshots, one line each: sequence, size, which copies verify, what recovery would do with it.</summary>
    private static void WriteSnapshots(TextWriter o, LogInspection inspection)
    {
        if (inspection.Snapshots.Count == 0)
        {
            o.WriteLine("snapshots    none (recovery replays the log from its first record)");
            return;
        }

        o.WriteLine(inspection.LoadedSnapshot is { } loaded
            ? string.Create(CultureInfo.InvariantCulture, $"snapshots    {inspection.Snapshots.Count}: recovery loads the one at {loaded.Sequence} and replays the records after it")
            : string.Create(CultureInfo.InvariantCulture, $"snapshots    {inspection.Snapshots.Count}, none usable: recovery replays the log from its first record"));
        foreach (SnapshotState snapshot in inspection.Snapshots)
        {
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {snapshot.Sequence,10}  {snapshot.FileName}  {(snapshot.Bytes < 0 ? "-" : Size(snapshot.Bytes))}  {CopiesText(snapshot)}  {UseText(snapshot)}"));
        }
    }

    internal static string CopiesText(SnapshotState snapshot) =>
        string.Join(", ", snapshot.Copies.Select(c => c.Verifies ? c.Copy + " verifies" : c.Copy + " " + c.Problem));

    internal static string UseText(SnapshotState snapshot) => snapshot.Use switch
    {
        SnapshotUse.Loaded => string.Create(CultureInfo.InvariantCulture, $"loaded by recovery (needs segments {snapshot.StartSegment} on)"),
        SnapshotUse.Fallback => string.Create(CultureInfo.InvariantCulture, $"kept for a fallback (needs segments {snapshot.StartSegment} on)"),
        SnapshotUse.SetAside => "set aside by recovery (renamed to .ignored)",
        _ => "not used (deleted after the next snapshot)",
    };

    internal static string UseName(SnapshotUse use) => use switch
    {
        SnapshotUse.Loaded => "loaded",
        SnapshotUse.Fallback => "fallback",
        SnapshotUse.SetAside => "set-aside",
        _ => "unused",
    };

    private static void WriteSnapshotsJson(Utf8JsonWriter writer, IReadOnlyList<SnapshotState> snapshots)
    {
        writer.WriteStartArray("snapshots");
        foreach (SnapshotState snapshot in snapshots)
        {
            writer.WriteStartObject();
            writer.WriteNumber("sequence", snapshot.Sequence);
            writer.WriteString("file", snapshot.FileName);
            writer.WriteNumber("bytes", snapshot.Bytes);
            writer.WriteNumber("startSegment", snapshot.StartSegment);
            writer.WriteString("use", UseName(snapshot.Use));
            writer.WriteStartArray("copies");
            foreach (SnapshotCopyState copy in snapshot.Copies)
            {
                writer.WriteStartObject();
                writer.WriteString("name", copy.Copy);
                writer.WriteString("path", copy.Path);
                writer.WriteNumber("bytes", copy.Bytes);
                writer.WriteBoolean("verifies", copy.Verifies);
                writer.WriteString("problem", copy.Problem);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    internal static string Size(long bytes) => bytes >= 1L << 20
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):F1} MiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:F1} KiB");
}
