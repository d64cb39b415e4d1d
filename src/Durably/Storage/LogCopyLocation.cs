namespace Durably.Storage;

/// <summary>One copy of the log: its index in segment headers (0 primary, 1 secondary), name and directory.</summary>
internal sealed record LogCopyLocation(int Index, string Name, string Directory)
{
    /// <summary>The path of a file in this copy's directory.</summary>
    internal string PathOf(string fileName) => Path.Combine(Directory, fileName);
}
