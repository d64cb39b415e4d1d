using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Durably.Storage;
using Durably.Tool.Inspection;
using Durably.Tool.Output;

namespace Durably.Tool.Commands;

/// <summary>
/// <c>durably verify primary [secondary] [--json]</c>: scans every frame of every copy as
/// recovery would, reads every record back and checks it decodes, and reports what recovery
/// would do; checks every snapshot file in every copy (header, length, CRC, bound to this log) as
/// recovery would. Changes nothing. Exit code 0 intact, 1 recovery would repair, 2 recovery would
/// refuse, 3 no log, 4 unreadable (docs/tool.md).
/// </summary>
internal static class VerifyCommand
{
    internal static Command Create()
    {
        Command command = new Command("verify", "Scan every frame and snapshot of both copies without changing anything and report what recovery would do").WithLogArguments();
        command.SetAction(result => Run(LogArguments.Location(result), result.GetValue(LogArguments.Json)));
        return command;
    }

    internal static int Run(LogLocation location, bool json)
    {
        LogInspection inspection;
        long records = 0;
        var undecodable = new List<DecodedRecord>();
        try
        {
            if (!json && !Console.IsErrorRedirected)
            {
                Console.Error.Write("scanning every frame of every copy...");
            }

            inspection = LogInspection.Run(location);
            if (!json && !Console.IsErrorRedirected)
            {
                Console.Error.Write("\r" + new string(' ', 40) + "\r");
            }

            if (!inspection.IsLog)
            {
                return FailureReport.Write(new DirectoryNotFoundException($"No Durably log in {location.Primary}: no segment files."), json, ExitCodes.NoLog);
            }

            if (!json)
            {
                LiveLogNotice.WarnIfLive(inspection);
            }

            using var progress = new ScanProgress("reading records", enabled: !json);
            foreach (LogRecord record in inspection.ReadRecords(Math.Max(1, inspection.FirstSequence), inspection.Plan.LastSequence))
            {
                DecodedRecord decoded = DecodedRecord.From(record);
                if (decoded.Problem is not null && undecodable.Count < 100)
                {
                    undecodable.Add(decoded);
                }

                records++;
                progress.Report(records, inspection.Plan.LastSequence - inspection.FirstSequence + 1);
            }
        }
        catch (Exception e) when (FailureReport.Classify(e) is int code)
        {
            return FailureReport.Write(e, json, code);
        }

        IReadOnlyList<string> findings = inspection.Findings;
        bool repair = findings.Count > 0;
        int exit = repair ? ExitCodes.RepairNeeded : ExitCodes.Intact;
        if (json)
        {
            using var writer = new Utf8JsonWriter(Console.OpenStandardOutput());
            writer.WriteStartObject();
            writer.WriteString("result", repair ? "repair-needed" : "intact");
            writer.WriteNumber("exitCode", exit);
            writer.WriteString("logId", inspection.Plan.LogId.ToString());
            writer.WriteNumber("firstSequence", inspection.FirstSequence);
            writer.WriteNumber("lastSequence", inspection.Plan.LastSequence);
            writer.WriteNumber("frames", inspection.Plan.FrameCount);
            writer.WriteNumber("records", records);
            writer.WriteNumber("undecodableRecords", undecodable.Count);
            writer.WriteNumber("snapshotSequence", inspection.LoadedSnapshot?.Sequence ?? 0);
            writer.WriteStartArray("snapshots");
            foreach (SnapshotState snapshot in inspection.Snapshots)
            {
                writer.WriteStartObject();
                writer.WriteNumber("sequence", snapshot.Sequence);
                writer.WriteString("file", snapshot.FileName);
                writer.WriteString("use", StatusCommand.UseName(snapshot.Use));
                writer.WriteStartArray("damagedIn");
                foreach (SnapshotCopyState copy in snapshot.Copies.Where(c => !c.Verifies))
                {
                    writer.WriteStringValue(copy.Copy);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            LiveLogNotice.WriteJson(writer, inspection);
            writer.WriteStartArray("recoveryFindings");
            foreach (string line in findings)
            {
                writer.WriteStringValue(line);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.Flush();
            Console.Out.WriteLine();
            return exit;
        }

        int verified = inspection.Snapshots.Count(s => s.Copies.All(c => c.Verifies));
        Console.Out.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{(repair ? "REPAIR NEEDED" : "INTACT")}: {inspection.Plan.FrameCount} frames, records {inspection.FirstSequence}..{inspection.Plan.LastSequence} ({records} read back) in {location.Copies.Count} cop{(location.Copies.Count == 1 ? "y" : "ies")}; "
            + $"{inspection.Snapshots.Count} snapshot{(inspection.Snapshots.Count == 1 ? string.Empty : "s")}, {verified} verif{(verified == 1 ? "ies" : "y")} in every copy."));
        if (inspection.FirstSequence > 1)
        {
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  the log starts at record {inspection.FirstSequence}: records before it were retired behind snapshots."));
        }

        foreach (SnapshotState snapshot in inspection.Snapshots)
        {
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  snapshot {snapshot.Sequence} ({snapshot.FileName}): {StatusCommand.CopiesText(snapshot)}; {StatusCommand.UseText(snapshot)}."));
        }

        if (inspection.LoadedSnapshot is { } loaded && inspection.Snapshots.Any(s => s.Sequence > loaded.Sequence && s.Use == SnapshotUse.SetAside))
        {
            Console.Out.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  recovery would fall back to the snapshot at {loaded.Sequence} (kept for that) and replay records {loaded.Sequence + 1}..{inspection.Plan.LastSequence}: no acknowledged record is lost."));
        }
        foreach (string line in findings)
        {
            Console.Out.WriteLine("  recovery would: " + line);
        }

        foreach (DecodedRecord record in undecodable)
        {
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  record {record.Sequence} is not an operation record the tool can decode: {record.Problem}"));
        }

        return exit;
    }
}
