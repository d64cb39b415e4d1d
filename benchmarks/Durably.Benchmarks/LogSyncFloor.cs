using System.Diagnostics;
using Durably.IO;
using Durably.IO.Linux;

namespace Durably.Benchmarks;

/// <summary>
/// The floor the log is compared with: one aligned O_DIRECT|O_DSYNC pwrite + fdatasync of one
/// block to a preallocated, zero-filled file in each of the two directories, from C#, with no
/// log around it — both copies one after the other, and both at once on two threads.
/// </summary>
internal static unsafe class LogSyncFloor
{
    internal static (double OpsPerSecond, double P50, double P99) Measure(string primary, string secondary, int blockSize, bool concurrent, TimeSpan duration)
    {
        var fileSystem = new LinuxFileSystem();
        using StorageFile first = Prepare(fileSystem, primary, blockSize);
        using StorageFile second = Prepare(fileSystem, secondary, blockSize);
        using var buffer = new AlignedBuffer(blockSize, blockSize);
        buffer.Span.Fill(0x5A);
        using var companion = new CompanionWriter(second, buffer, blockSize);
        var latencies = new LogLatencyRecorder(1);
        long slots = FloorFileSize / blockSize;
        var clock = Stopwatch.StartNew();
        long n = 0;
        while (clock.Elapsed < duration)
        {
            long offset = n++ % slots * blockSize;
            long start = Stopwatch.GetTimestamp();
            if (concurrent)
            {
                companion.Start(offset);
                WriteAndSync(first, buffer, blockSize, offset);
                companion.Wait();
            }
            else
            {
                WriteAndSync(first, buffer, blockSize, offset);
                WriteAndSync(second, buffer, blockSize, offset);
            }

            latencies.Add(0, start);
        }

        return (latencies.Count / clock.Elapsed.TotalSeconds, latencies.PercentileMicroseconds(0.5), latencies.PercentileMicroseconds(0.99));
    }

    private const long FloorFileSize = 16L << 20;

    private static StorageFile Prepare(LinuxFileSystem fileSystem, string directory, int blockSize)
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, "floor.dat");
        File.Delete(path);
        using (StorageFile create = fileSystem.Open(path, StorageOpenMode.CreateNew, StorageFileOptions.Direct))
        {
            create.Allocate(FloorFileSize);
            using var zeros = new AlignedBuffer(1 << 20, blockSize);
            for (long offset = 0; offset < FloorFileSize; offset += zeros.Length)
            {
                create.Write(offset, zeros.Span);
            }

            create.Sync();
        }

        return fileSystem.Open(path, StorageOpenMode.OpenExisting, StorageFileOptions.Direct | StorageFileOptions.DataSync);
    }

    private static void WriteAndSync(StorageFile file, AlignedBuffer buffer, int blockSize, long offset)
    {
        if (LinuxSystemCalls.PWrite(file.Descriptor, buffer.Pointer, (nuint)blockSize, offset) != blockSize || LinuxSystemCalls.FDataSync(file.Descriptor) != 0)
        {
            throw new IOException("floor write failed: errno " + LinuxSystemCalls.LastErrno);
        }
    }

    /// <summary>Writes the second copy on its own thread, as the log's Parallel ordering does.</summary>
    private sealed class CompanionWriter : IDisposable
    {
        private readonly SemaphoreSlim _go = new(0);
        private readonly SemaphoreSlim _done = new(0);
        private readonly Thread _thread;
        private long _offset;
        private volatile bool _stop;

        internal CompanionWriter(StorageFile file, AlignedBuffer buffer, int blockSize)
        {
            _thread = new Thread(() =>
            {
                while (true)
                {
                    _go.Wait();
                    if (_stop)
                    {
                        return;
                    }

                    WriteAndSync(file, buffer, blockSize, _offset);
                    _done.Release();
                }
            }) { IsBackground = true };
            _thread.Start();
        }

        internal void Start(long offset)
        {
            _offset = offset;
            _go.Release();
        }

        internal void Wait() => _done.Wait();

        public void Dispose()
        {
            _stop = true;
            _go.Release();
            _thread.Join();
            _go.Dispose();
            _done.Dispose();
        }
    }
}
