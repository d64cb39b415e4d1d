using System.Diagnostics;
using System.Runtime.InteropServices;
using Durably.IO;
using Durably.IO.Linux;
using Durably.Storage.Format;

namespace Durably.Storage.Tests.IoUring;

/// <summary>
/// The log on the io_uring engine against real kernel failures: a genuine short write (a hole punched in the
/// active segment of a full tmpfs), a write to a descriptor not open for writing, a full file system, and a
/// second process holding the log.
/// </summary>
public sealed partial class IoUringLogFaultTests
{
    private const long SegmentSize = 256 * 1024;

    [IoUringFact]
    public async Task A_short_write_faults_the_log_naming_copy_file_offset_and_reopening_recovers_every_acknowledged_record()
    {
        // Not skipped without root: the test must prove this, so a failure to mount fails it with the reason.
        using IoUringSizeLimitedFilesystem tmpfs = IoUringSizeLimitedFilesystem.Mount(2 * 1024 * 1024);
        string root = Directory.CreateTempSubdirectory("durably-uring-short-").FullName;
        try
        {
            LogOptions options = Options(Path.Combine(tmpfs.MountPoint, "primary"), Path.Combine(root, "secondary"));
            var acknowledged = new SortedDictionary<long, byte[]>();
            string segment = Path.Combine(options.PrimaryDirectory, SegmentFileName.For(1));
            int alignment;
            await using (DurableLog log = await DurableLog.OpenAsync(options))
            {
                Assert.Equal("io_uring", log.Status.EngineName);
                alignment = log.Status.Alignment;
                await WaitForSpareSegment(log);
                for (int i = 1; i <= 3; i++)
                {
                    byte[] small = [.. "acknowledged record "u8, (byte)('0' + i)];
                    acknowledged.Add(await log.AppendAsync(small), small);
                }

                // Frames 1..3 occupy one aligned block each after the segment header; the next frame lands in a hole
                // on a file system with two free pages, so the kernel writes two pages of it and stops.
                long nextFrame = 4L * alignment;
                PunchHole(segment, nextFrame, SegmentSize - nextFrame);
                string filler = Path.Combine(tmpfs.MountPoint, "filler");
                FillAndLeaveFree(filler, freeBytes: 2 * 4096);

                var random = new Random(5);
                byte[] large = [.. Enumerable.Range(0, 13_000).Select(_ => (byte)('a' + random.Next(26)))];
                LogFaultedException fault = await Assert.ThrowsAsync<LogFaultedException>(async () => await log.AppendAsync(large));

                Assert.Equal("primary", fault.Copy);
                Assert.Equal(segment, fault.FilePath);
                Assert.Equal(nextFrame, fault.Offset);
                Assert.Contains("write of the frame holding sequences 4..4", fault.Message, StringComparison.Ordinal);
                Assert.True(
                    fault.Message.Contains("short write: 8192 of 16384 bytes", StringComparison.Ordinal),
                    "expected a genuine short write: " + fault.Message);
                Assert.True(log.Status.IsFaulted);
                Assert.Contains("short write", log.Status.FaultReason, StringComparison.Ordinal);

                // Fail-stop: nothing is accepted after the fault, not even a record that would fit.
                await Assert.ThrowsAsync<LogFaultedException>(async () => await log.AppendAsync(new byte[] { 1 }));
                await Assert.ThrowsAsync<LogFaultedException>(async () => await log.AppendAsync(new byte[] { 2 }));
                File.Delete(filler);
            }

            await using DurableLog reopened = await DurableLog.OpenAsync(options);
            Assert.Equal("io_uring", reopened.Status.EngineName);
            Assert.False(reopened.Status.IsFaulted);
            var records = reopened.ReadFrom(1).ToList();
            Assert.True(records.Count >= acknowledged.Count);
            Assert.All(acknowledged, pair => Assert.Equal(pair.Value, records[(int)pair.Key - 1].Payload.ToArray()));
            Assert.Equal(reopened.LastSequence + 1, await reopened.AppendAsync(new byte[] { 3 }));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [IoUringFact]
    public void A_write_through_a_descriptor_not_open_for_writing_fails_with_EBADF_and_cancels_only_its_own_chain()
    {
        string root = Directory.CreateTempSubdirectory("durably-uring-ebadf-").FullName;
        Assert.True(IoUringEngine.TryCreate(out IoUringEngine? engine, out string? reason), reason);
        using var frame = new AlignedBuffer(4096, 4096);
        string path = Path.Combine(root, "segment");
        StorageFile writable = engine.FileSystem.Open(path, StorageOpenMode.CreateNew, StorageFileOptions.None);
        StorageFile readOnly = engine.FileSystem.Open(path, StorageOpenMode.OpenExisting, StorageFileOptions.ReadOnly);
        try
        {
            engine.RegisterBuffers([frame]);
            int bad = engine.RegisterFile(readOnly);
            int good = engine.RegisterFile(writable);
            var results = new int[4];

            engine.Submit(
            [
                IoOperation.Write(bad, 0, 4096, 0, linkNext: true),
                IoOperation.SyncData(bad, linkNext: false),
                IoOperation.Write(good, 0, 4096, 0, linkNext: true),
                IoOperation.SyncData(good, linkNext: false),
            ]);
            engine.WaitForCompletions(results);

            Assert.Equal([-IoUringErrno.EBADF, -IoUringErrno.ECANCELED, 4096, 0], results);
        }
        finally
        {
            engine.Dispose();
            readOnly.Dispose();
            writable.Dispose();
            Directory.Delete(root, recursive: true);
        }
    }

    [IoUringFact]
    public async Task A_full_file_system_refuses_appends_before_sequencing_without_faulting_the_io_uring_log()
    {
        using IoUringSizeLimitedFilesystem tmpfs = IoUringSizeLimitedFilesystem.Mount(1024 * 1024);
        string root = Directory.CreateTempSubdirectory("durably-uring-enospc-").FullName;
        try
        {
            LogOptions options = Options(Path.Combine(tmpfs.MountPoint, "primary"), Path.Combine(root, "secondary"));
            var acknowledged = new SortedDictionary<long, byte[]>();
            LogFullException? refused = null;
            await using (DurableLog log = await DurableLog.OpenAsync(options))
            {
                Assert.Equal("io_uring", log.Status.EngineName);
                for (int i = 0; i < 5000 && refused is null; i++)
                {
                    byte[] payload = [.. Enumerable.Repeat((byte)('a' + (i % 26)), 900)];
                    try
                    {
                        acknowledged.Add(await log.AppendAsync(payload), payload);
                    }
                    catch (LogFullException e)
                    {
                        refused = e;
                    }
                }

                Assert.NotNull(refused);
                Assert.Contains("ENOSPC", refused.Message, StringComparison.Ordinal);
                Assert.True(log.Status.IsFull);
                Assert.False(log.Status.IsFaulted, log.Status.FaultReason);
                Assert.True(acknowledged.Count > SegmentSize / 4096, $"only {acknowledged.Count} appends: the log should have rolled over into the segments that fit");
                IoUringRealFileLogTests.AssertExactly(acknowledged, log);
            }

            await using DurableLog reopened = await DurableLog.OpenAsync(options);
            IoUringRealFileLogTests.AssertExactly(acknowledged, reopened);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [IoUringFact]
    public async Task Another_process_holding_the_log_locks_out_the_io_uring_engine_and_the_other_way_round()
    {
        using var dirs = new TemporaryLogDirectories();
        LogOptions options = Options(dirs.Primary, dirs.Secondary);

        using (Process holder = StartHolder(dirs))
        {
            string? line = await holder.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal("holding " + holder.Id, line);
            LogLockedException locked = await Assert.ThrowsAsync<LogLockedException>(async () => await DurableLog.OpenAsync(options));
            Assert.Equal(holder.Id, locked.HolderProcessId);
            holder.StandardInput.Close();
            await holder.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(0, holder.ExitCode);
        }

        await using DurableLog log = await DurableLog.OpenAsync(options);
        Assert.Equal("io_uring", log.Status.EngineName);
        using Process refused = StartHolder(dirs);
        string stderr = await refused.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await refused.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("LogLockedException", stderr, StringComparison.Ordinal);
        Assert.Contains(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), stderr, StringComparison.Ordinal);
    }

    private static LogOptions Options(string primary, string secondary) => new()
    {
        PrimaryDirectory = primary,
        SecondaryDirectory = secondary,
        SegmentSize = SegmentSize,
        Engine = LogEngineKind.IoUring,
        SpaceRetryInterval = TimeSpan.Zero,
    };

    private static Process StartHolder(TemporaryLogDirectories dirs)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        start.ArgumentList.Add("hold-log");
        start.ArgumentList.Add(dirs.Primary);
        start.ArgumentList.Add(dirs.Secondary);
        return Process.Start(start) ?? throw new InvalidOperationException("could not start the lock-holding process");
    }

    private static async Task WaitForSpareSegment(DurableLog log)
    {
        var clock = Stopwatch.StartNew();
        while (log.Status.SpareSegmentCount == 0)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "no spare segment was preallocated");
            await Task.Delay(10);
        }

        // Let the preallocator settle so it does not free or take pages while the file system is filled.
        await Task.Delay(200);
    }

    private static void FillAndLeaveFree(string path, int freeBytes)
    {
        var block = new byte[4096];
        Array.Fill(block, (byte)'z');
        using var filler = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
        try
        {
            while (true)
            {
                filler.Write(block);
            }
        }
        catch (IOException)
        {
            // ENOSPC: the file system is full.
        }

        filler.SetLength(filler.Length / 4096 * 4096 - freeBytes);
    }

    private static void PunchHole(string path, long offset, long length)
    {
        const int KeepSize = 1;
        const int PunchHoleMode = 2;
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        if (Fallocate(file.SafeFileHandle.DangerousGetHandle().ToInt32(), PunchHoleMode | KeepSize, offset, length) != 0)
        {
            throw new IOException("fallocate(PUNCH_HOLE) failed with errno " + Marshal.GetLastPInvokeError());
        }
    }

    [LibraryImport("libc", EntryPoint = "fallocate", SetLastError = true)]
    private static partial int Fallocate(int descriptor, int mode, long offset, long length);
}
