using FASTER.core;

namespace Durably.Benchmarks;

/// <summary>
/// FasterLog (Microsoft.FASTER.Core) as a peer of the log alone: every caller enqueues the same
/// transfer record bytes and waits for the commit that covers it (auto-commit after every enqueue,
/// which FasterLog coalesces into group commits; per-entry checksums on). One copy. On Linux
/// <see cref="Devices.CreateLogDevice"/> gives a <c>ManagedLocalStorageDevice</c>, which opens its
/// segment files through <see cref="FileStream"/> with <see cref="FileOptions.WriteThrough"/>
/// (O_SYNC): no O_DIRECT (its no-buffering flag is a Windows flag that .NET ignores on Linux) and
/// no fsync or fdatasync — every write is synchronous, the page cache stays in the path.
/// </summary>
internal sealed class StoreFasterLogPeer : IDisposable
{
    private readonly IDevice _device;
    private readonly FasterLogSettings _settings;
    private readonly FasterLog _log;

    private StoreFasterLogPeer(string directory)
    {
        _device = Devices.CreateLogDevice(Path.Combine(directory, "log"), preallocateFile: false, deleteOnClose: false);
        _settings = new FasterLogSettings
        {
            LogDevice = _device,
            LogCommitDir = Path.Combine(directory, "commits"),
            AutoCommit = true,
            LogChecksum = LogChecksumType.PerEntry,
        };
        _log = new FasterLog(_settings);
    }

    /// <summary>The device class FasterLog writes through on this platform (the rows name it).</summary>
    internal string DeviceName => _device.GetType().Name;

    /// <summary>Opens a fresh FasterLog in <paramref name="directory"/>, deleting what was there.</summary>
    internal static StoreFasterLogPeer Create(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Directory.CreateDirectory(directory);
        return new StoreFasterLogPeer(directory);
    }

    /// <summary>Appends one entry and completes once a commit covering it has completed.</summary>
    internal async ValueTask AppendAsync(byte[] entry) => await _log.EnqueueAndWaitForCommitAsync(entry);

    public void Dispose()
    {
        _log.Dispose();
        _device.Dispose();
        _settings.Dispose();
    }
}
