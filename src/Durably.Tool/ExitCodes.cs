namespace Durably.Tool;

/// <summary>The exit codes of the <c>durably</c> command (documented in docs/tool.md).</summary>
internal static class ExitCodes
{
    /// <summary>The log is intact: recovery would change nothing.</summary>
    internal const int Intact = 0;

    /// <summary>Recovery would repair or cut something (a damaged copy, a torn last frame, leftovers), losing no acknowledged record.</summary>
    internal const int RepairNeeded = 1;

    /// <summary>Recovery would refuse to open: records are damaged in every copy.</summary>
    internal const int Corrupt = 2;

    /// <summary>No log in the directories given.</summary>
    internal const int NoLog = 3;

    /// <summary>The log could not be read (permissions, I/O error, a record that does not decode).</summary>
    internal const int ReadError = 4;

    /// <summary>The command line was wrong.</summary>
    internal const int Usage = 64;
}
