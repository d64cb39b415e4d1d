using System.Buffers.Binary;
using System.Diagnostics;
using Durably.IO;
using Durably.IO.Linux;

namespace Durably.Benchmarks;

/// <summary>
/// The floor the log is compared with: one aligned O_DIRECT pwrite + fdatasync of one block to a
/// preallocated, zero-filled file in each of the two directories, from C#, with no log around it —
/// both copies one after the other, or both at once on two threads. Optionally the files are opened
/// O_DSYNC as well (as the log opens its segments) and each copy reads its block back with O_DIRECT
/// after its fdatasync and compares it (as the log's verify-after-write does): with both, one cycle
/// is the whole promise an acknowledged operation stands on, with no framework.
/// </summary>
internal static unsafe class LogSyncFloor
{
    internal static (double OpsPerSecond, double P50, double P99) Measure(string primary, string secondary, int blockSize, bool concurrent, TimeSpan duration)
        => Measure(primary, secondary, blockSize, concurrent, openWithDataSync: true, readBack: false, duration);

    /// <summary>
    /// Measures cycles of both copies for <paramref name="duration"/>; see the type's summary for the
    /// options. Without <paramref name="fdatasync"/> (only with <paramref name="openWithDataSync"/>)
    /// each O_DSYNC write alone makes its block durable.
    /// </summary>
    internal static (double OpsPerSecond, double P50, double P99) Measure(
        string primary, string secondary, int blockSize, bool concurrent, bool openWithDataSync, bool readBack, TimeSpan duration, bool fdatasync = true)
    {
        if (!fdatasync && !openWithDataSync)
        {
            throw new ArgumentException("Without fdatasync the floor needs O_DSYNC: nothing would make its writes durable.", nameof(fdatasync));
        }

        var fileSystem = new LinuxFileSystem();
        using StorageFile first = Prepare(fileSystem, primary, blockSize, openWithDataSync);
        using StorageFile second = Prepare(fileSystem, secondary, blockSize, openWithDataSync);
        using var buffer = new AlignedBuffer(blockSize, blockSize);
        using var firstReadBack = new AlignedBuffer(blockSize, blockSize);
        using var secondReadBack = new AlignedBuffer(blockSize, blockSize);
        buffer.Span.Fill(0x5A);
        using var companion = new CompanionWriter(second, buffer, readBack ? secondReadBack : null, blockSize, fdatasync);
        var latencies = new LogLatencyRecorder(1);
        long slots = FloorFileSize / blockSize;
        var clock = Stopwatch.StartNew();
        long n = 0;
        while (clock.Elapsed < duration)
        {
            long offset = n % slots * blockSize;
            long start = Stopwatch.GetTimestamp();

            // Every cycle writes different bytes, so a read-back that returned stale data would fail.
            BinaryPrimitives.WriteInt64LittleEndian(buffer.Span, ++n);
            if (concurrent)
            {
                companion.Start(offset);
                WriteAndSync(first, buffer, readBack ? firstReadBack : null, blockSize, offset, fdatasync);
                companion.Wait();
            }
            else
            {
                WriteAndSync(first, buffer, readBack ? firstReadBack : null, blockSize, offset, fdatasync);
                WriteAndSync(second, buffer, readBack ? secondReadBack : null, blockSize, offset, fdatasync);
            }

            latencies.Add(0, start);
        }

        return (latencies.Count / clock.Elapsed.TotalSeconds, latencies.PercentileMicroseconds(0.5), latencies.PercentileMicroseconds(0.99));
    }

    private const long FloorFileSize = 16L << 20;

    private static StorageFile Prepare(LinuxFileSystem fileSystem, string directory, int blockSize, bool openWithDataSync)
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

        StorageFile file = fileSystem.Open(path, StorageOpenMode.OpenExisting, StorageFileOptions.Direct | (openWithDataSync ? StorageFileOptions.DataSync : StorageFileOptions.None));
        if (!file.IsDirect)
        {
            file.Dispose();
            throw new IOException($"The floor needs O_DIRECT, which the file system of {directory} refused: {file.DirectRefusal}");
        }

        return file;
    }

    private static void WriteAndSync(StorageFile file, AlignedBuffer buffer, AlignedBuffer? readBack, int blockSize, long offset, bool fdatasync)
    {
        if (LinuxSystemCalls.PWrite(file.Descriptor, buffer.Pointer, (nuint)blockSize, offset) != blockSize || (fdatasync && LinuxSystemCalls.FDataSync(file.Descriptor) != 0))
        {
            throw new IOException("floor write failed: errno " + LinuxSystemCalls.LastErrno);
        }

        if (readBack is not null)
        {
            if (LinuxSystemCalls.PRead(file.Descriptor, readBack.Pointer, (nuint)blockSize, offset) != blockSize)
            {
                throw new IOException("floor read-back failed: errno " + LinuxSystemCalls.LastErrno);
            }

            if (!readBack.Span[..blockSize].SequenceEqual(buffer.Span[..blockSize]))
            {
                throw new IOException($"floor read-back at offset {offset} of {file.Path} returned other bytes than were written");
            }
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
        private IOException? _failure;

        internal CompanionWriter(StorageFile file, AlignedBuffer buffer, AlignedBuffer? readBack, int blockSize, bool fdatasync)
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

                    try
                    {
                        WriteAndSync(file, buffer, readBack, blockSize, _offset, fdatasync);
                    }
                    catch (IOException e)
                    {
                        _failure = e;
                    }

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

        internal void Wait()
        {
            _done.Wait();
            if (_failure is { } failure)
            {
                throw new IOException("the second copy's floor cycle failed", failure);
            }
        }

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
