namespace Durably.Storage.Tests;

/// <summary>Two fresh directories under the system temp directory, deleted afterwards.</summary>
internal sealed class TemporaryLogDirectories : IDisposable
{
    internal TemporaryLogDirectories()
    {
        Root = Directory.CreateTempSubdirectory("durably-log-").FullName;
        Primary = Path.Combine(Root, "primary");
        Secondary = Path.Combine(Root, "secondary");
    }

    internal string Root { get; }

    internal string Primary { get; }

    internal string Secondary { get; }

    internal LogOptions Options(long segmentSize = 256 * 1024) => new()
    {
        PrimaryDirectory = Primary,
        SecondaryDirectory = Secondary,
        SegmentSize = segmentSize,
        Engine = LogEngineKind.Portable,
        SpaceRetryInterval = TimeSpan.Zero,
    };

    /// <summary>
    /// Deletes the clean-close record from both copies, leaving the directories as a crash
    /// (rather than a clean close) would: the tail is then judged by the crash rules.
    /// </summary>
    internal void ForgetCleanClose()
    {
        File.Delete(Path.Combine(Primary, Durably.Storage.Format.CleanCloseRecord.FileName));
        File.Delete(Path.Combine(Secondary, Durably.Storage.Format.CleanCloseRecord.FileName));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a test that failed mid-way may leave a file open.
        }
    }
}
