namespace Durably.Store.Tests.Infrastructure;

/// <summary>A fresh directory under the system temp directory, deleted on dispose.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory()
    {
        Path = Directory.CreateTempSubdirectory("durably-store-").FullName;
    }

    public string Path { get; }

    /// <summary>Options for a two-copy log in this directory, with small segments to keep tests quick.</summary>
    public DurableOptions Options(Action<DurableOptions>? configure = null)
    {
        var options = new DurableOptions
        {
            PrimaryDirectory = System.IO.Path.Combine(Path, "primary"),
            SecondaryDirectory = System.IO.Path.Combine(Path, "secondary"),
            Log = { SegmentSize = 1 << 20 },
        };
        configure?.Invoke(options);
        return options;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a process being torn down; the OS cleans the temp directory.
        }
    }
}
