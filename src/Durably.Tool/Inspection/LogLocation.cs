using Durably.Storage;

namespace Durably.Tool.Inspection;

/// <summary>The directories of a log's copies as given on the command line (the secondary is optional).</summary>
internal sealed class LogLocation
{
    internal LogLocation(string primary, string? secondary)
    {
        Primary = Path.GetFullPath(primary);
        Secondary = secondary is null ? null : Path.GetFullPath(secondary);
        Copies = Secondary is null
            ? [new LogCopyLocation(0, "primary", Primary)]
            : [new LogCopyLocation(0, "primary", Primary), new LogCopyLocation(1, "secondary", Secondary)];
    }

    internal string Primary { get; }

    internal string? Secondary { get; }

    internal IReadOnlyList<LogCopyLocation> Copies { get; }
}
