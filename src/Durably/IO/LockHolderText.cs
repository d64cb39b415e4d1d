using System.Globalization;
using System.Text.RegularExpressions;

namespace Durably.IO;

/// <summary>The text a lock holder writes into the lock file, and how a refused opener reads the pid back.</summary>
internal static partial class LockHolderText
{
    /// <summary>e.g. <c>pid 4242 on host db1</c>.</summary>
    internal static string Describe(int processId, string host) =>
        string.Create(CultureInfo.InvariantCulture, $"pid {processId} on host {host}\n");

    /// <summary>The pid in a holder text, or null.</summary>
    internal static int? ProcessId(string? holder)
    {
        if (holder is null)
        {
            return null;
        }

        Match match = PidPattern().Match(holder);
        return match.Success && int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
            ? pid
            : null;
    }

    [GeneratedRegex(@"^pid (\d+)")]
    private static partial Regex PidPattern();
}
