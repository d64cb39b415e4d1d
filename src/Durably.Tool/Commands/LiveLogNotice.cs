using System.Globalization;
using System.Text.Json;
using Durably.Tool.Inspection;

namespace Durably.Tool.Commands;

/// <summary>What the commands say when the log is open in a process while they read it.</summary>
internal static class LiveLogNotice
{
    internal static string Describe(IReadOnlyList<LockHolder> holders) =>
        string.Join("; ", holders
            .GroupBy(h => h.ProcessId)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"pid {g.Key}{(g.First().ProcessName is { } name ? " (" + name + ")" : string.Empty)}")));

    /// <summary>The human warning, on standard error.</summary>
    internal static void WarnIfLive(LogInspection inspection)
    {
        if (inspection.IsOpenElsewhere)
        {
            Console.Error.WriteLine(
                "note: the log is open in " + Describe(inspection.Holders) + ". Read without its lock and without writing; "
                + "records appended meanwhile are not shown, and a frame being written at the tail can look torn.");
        }
    }

    internal static void WriteJson(Utf8JsonWriter writer, LogInspection inspection)
    {
        writer.WriteBoolean("openElsewhere", inspection.IsOpenElsewhere);
        writer.WriteStartArray("openBy");
        foreach (LockHolder holder in inspection.Holders)
        {
            writer.WriteStartObject();
            writer.WriteString("directory", holder.Directory);
            writer.WriteNumber("pid", holder.ProcessId);
            writer.WriteString("process", holder.ProcessName);
            writer.WriteString("lockFile", holder.HolderText);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
