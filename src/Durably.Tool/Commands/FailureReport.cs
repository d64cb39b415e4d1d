using System.Text.Json;
using Durably.IO;

namespace Durably.Tool.Commands;

/// <summary>Turns what stopped a command into its message and exit code (docs/tool.md).</summary>
internal static class FailureReport
{
    /// <summary>The exit code for <paramref name="error"/>, or null for an error that is a bug (rethrown).</summary>
    internal static int? Classify(Exception error) => error switch
    {
        DirectoryNotFoundException => ExitCodes.NoLog,
        LogCorruptException => ExitCodes.Corrupt,
        StorageException => ExitCodes.ReadError,
        DurableLogException => ExitCodes.Corrupt, // the scan's other refusals: inconsistent headers, foreign segments
        IOException or UnauthorizedAccessException or MessagePackSerializationException => ExitCodes.ReadError,
        _ => null,
    };

    /// <summary>Writes the failure (human text on standard error, or a JSON object on standard output) and returns its exit code.</summary>
    internal static int Write(Exception error, bool json, int code)
    {
        string kind = code switch
        {
            ExitCodes.NoLog => "no-log",
            ExitCodes.Corrupt => "corrupt",
            _ => "read-error",
        };
        if (json)
        {
            using var writer = new Utf8JsonWriter(Console.OpenStandardOutput());
            writer.WriteStartObject();
            writer.WriteString("result", kind);
            writer.WriteString("error", error.Message);
            writer.WriteNumber("exitCode", code);
            writer.WriteEndObject();
            writer.Flush();
            Console.Out.WriteLine();
        }
        else
        {
            Console.Error.WriteLine(code == ExitCodes.Corrupt
                ? "CORRUPT: recovery would refuse to open this log. " + error.Message
                : "durably: " + error.Message);
        }

        return code;
    }
}
