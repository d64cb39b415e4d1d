using FASTER.core;

namespace Durably.Benchmarks.Tests;

public sealed class FasterLogPeerTests
{
    [Fact]
    public async Task An_acknowledged_append_is_in_the_log_when_it_is_opened_again()
    {
        using var directory = new TemporaryDirectory();
        string path = Path.Combine(directory.Path, "fasterlog");
        byte[][] entries = [.. Enumerable.Range(0, 50).Select(i => BitConverter.GetBytes(i * 7919L))];
        using (StoreFasterLogPeer peer = StoreFasterLogPeer.Create(path))
        {
            Assert.Equal("ManagedLocalStorageDevice", peer.DeviceName);
            await Task.WhenAll(entries.Select(e => peer.AppendAsync(e).AsTask()));
        }

        using IDevice device = Devices.CreateLogDevice(Path.Combine(path, "log"));
        using var log = new FasterLog(new FasterLogSettings { LogDevice = device, LogCommitDir = Path.Combine(path, "commits"), LogChecksum = LogChecksumType.PerEntry });
        using FasterLogScanIterator iterator = log.Scan(log.BeginAddress, log.CommittedUntilAddress);
        var recovered = new List<long>();
        while (iterator.GetNext(out byte[] entry, out _, out _))
        {
            recovered.Add(BitConverter.ToInt64(entry));
        }

        Assert.Equal(entries.Select(e => BitConverter.ToInt64(e)).Order(), recovered.Order());
    }
}
