using Durably.IO;
using Durably.IO.Linux;
using Microsoft.Win32.SafeHandles;

namespace Durably.Storage.Tests.IoUring;

/// <summary>Linked write → fdatasync (→ read-back) chains against real files through the real kernel.</summary>
public sealed class IoUringDurableWriteTests : IDisposable
{
    private const int Block = 4096;

    private readonly DirectoryInfo _primary = Directory.CreateTempSubdirectory("durably-uring-primary-");
    private readonly DirectoryInfo _secondary = Directory.CreateTempSubdirectory("durably-uring-secondary-");

    public void Dispose()
    {
        _primary.Delete(recursive: true);
        _secondary.Delete(recursive: true);
    }

    [IoUringFact]
    public void Write_fixed_then_datasync_then_read_fixed_round_trips_through_an_O_DIRECT_file()
    {
        using var buffers = new IoUringRegisteredBuffers(count: 2, bufferSize: Block);
        using IoUringTestFile file = IoUringTestFile.Open(Path.Combine(_primary.FullName, "segment"), direct: true);
        using IoUringRing ring = IoUringRing.Create();
        ring.RegisterBuffers(buffers);
        ring.RegisterFiles([file.Descriptor]);
        byte[] frame = Pattern(Block, seed: 17);
        frame.CopyTo(buffers.GetSpan(0));

        IoUringLinkedChain chain = IoUringLinkedChain.DurableWrite(
            IoUringFileTarget.RegisteredSlot(0), buffers, writeBufferIndex: 0, length: Block, fileOffset: Block, verifyBufferIndex: 1);
        var results = new IoUringOperationResult[3];
        bool succeeded = ring.SubmitChains([chain], results);

        Assert.True(succeeded, string.Join("; ", results.Select(r => r.Describe())));
        Assert.Equal(IoUringLinkedOperationKind.WriteFixed, results[0].Operation.Kind);
        Assert.Equal(Block, results[0].Result);
        Assert.Equal(IoUringLinkedOperationKind.DataSync, results[1].Operation.Kind);
        Assert.Equal(0, results[1].Result);
        Assert.Equal(IoUringLinkedOperationKind.ReadFixed, results[2].Operation.Kind);
        Assert.Equal(Block, results[2].Result);
        Assert.Equal(frame, buffers.GetSpan(1).ToArray());

        byte[] onDisk = file.ReadAllBytes();
        Assert.Equal(2 * Block, onDisk.Length);
        Assert.Equal(new byte[Block], onDisk[..Block]);
        Assert.Equal(frame, onDisk[Block..]);
        Assert.Equal(0, ring.InFlight);
    }

    [IoUringFact]
    public unsafe void Plain_write_and_read_work_on_a_descriptor_from_a_SafeFileHandle()
    {
        string path = Path.Combine(_primary.FullName, "plain");
        using SafeFileHandle handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite);
        using IoUringRing ring = IoUringRing.Create();
        IoUringFileTarget target = IoUringFileTarget.Descriptor((int)handle.DangerousGetHandle());
        byte[] written = Pattern(1000, seed: 3);
        byte[] read = new byte[1000];

        fixed (byte* source = written)
        fixed (byte* destination = read)
        {
            var results = new IoUringOperationResult[3];
            bool succeeded = ring.SubmitChains(
                [
                    new IoUringLinkedChain(
                        IoUringLinkedOperation.Write(target, (nint)source, written.Length, 100),
                        IoUringLinkedOperation.DataSync(target),
                        IoUringLinkedOperation.Read(target, (nint)destination, read.Length, 100)),
                ],
                results);

            Assert.True(succeeded, string.Join("; ", results.Select(r => r.Describe())));
        }

        Assert.Equal(written, read);
        Assert.Equal(written, File.ReadAllBytes(path)[100..]);
    }

    [IoUringFact]
    public void A_submission_that_splits_a_chain_batch_reaps_every_completion_then_fails_the_batch_and_the_ring()
    {
        using var buffers = new IoUringRegisteredBuffers(count: 2, bufferSize: Block);
        using IoUringTestFile primary = IoUringTestFile.Open(Path.Combine(_primary.FullName, "copy"), direct: true);
        using IoUringTestFile secondary = IoUringTestFile.Open(Path.Combine(_secondary.FullName, "copy"), direct: true);
        using IoUringRing ring = IoUringRing.Create(new IoUringRingOptions { SubmitCap = 3 });
        ring.RegisterBuffers(buffers);
        ring.RegisterFiles([primary.Descriptor, secondary.Descriptor]);
        IoUringLinkedChain[] chains =
        [
            IoUringLinkedChain.DurableWrite(IoUringFileTarget.RegisteredSlot(0), buffers, 0, Block, 0, verifyBufferIndex: null),
            IoUringLinkedChain.DurableWrite(IoUringFileTarget.RegisteredSlot(1), buffers, 1, Block, 0, verifyBufferIndex: null),
        ];
        var results = new IoUringOperationResult[4];

        // As if the kernel accepted three of the four entries: the secondary's write ends up in one
        // chain and its fdatasync in another, so the sync could run first.
        IoUringException error = Assert.Throws<IoUringException>(() => ring.SubmitChains(chains, results));

        Assert.Contains("accepted 3 of 4", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, ring.InFlight);
        Assert.All(results, r => Assert.True(r.IsCompleted));
        Assert.Contains("splitting its chains", ring.FaultReason, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => ring.SubmitChains(chains, results));
    }

    [IoUringFact]
    public void A_chain_batch_submitted_whole_is_not_failed_by_the_submit_cap()
    {
        using var buffers = new IoUringRegisteredBuffers(count: 1, bufferSize: Block);
        using IoUringTestFile file = IoUringTestFile.Open(Path.Combine(_primary.FullName, "copy"), direct: true);
        using IoUringRing ring = IoUringRing.Create(new IoUringRingOptions { SubmitCap = 2 });
        ring.RegisterBuffers(buffers);
        ring.RegisterFiles([file.Descriptor]);
        var results = new IoUringOperationResult[2];

        Assert.True(ring.SubmitChains(
            [IoUringLinkedChain.DurableWrite(IoUringFileTarget.RegisteredSlot(0), buffers, 0, Block, 0, verifyBufferIndex: null)],
            results));
        Assert.Null(ring.FaultReason);
    }

    [IoUringFact]
    public void Two_copies_on_two_directories_go_in_one_enter_and_every_completion_finds_its_operation()
    {
        using var buffers = new IoUringRegisteredBuffers(count: 4, bufferSize: 2 * Block);
        using IoUringTestFile primary = IoUringTestFile.Open(Path.Combine(_primary.FullName, "copy"), direct: true);
        using IoUringTestFile secondary = IoUringTestFile.Open(Path.Combine(_secondary.FullName, "copy"), direct: true);
        using IoUringRing ring = IoUringRing.Create();
        ring.RegisterBuffers(buffers);
        ring.RegisterFiles([primary.Descriptor, secondary.Descriptor]);

        // Different lengths per copy, so a completion credited to the wrong operation cannot go unnoticed.
        byte[] first = Pattern(Block, seed: 1);
        byte[] second = Pattern(2 * Block, seed: 2);
        first.CopyTo(buffers.GetSpan(0));
        second.CopyTo(buffers.GetSpan(1));
        IoUringLinkedChain[] chains =
        [
            new(
                IoUringLinkedOperation.WriteFixed(IoUringFileTarget.RegisteredSlot(0), buffers, 0, 0, Block, 0),
                IoUringLinkedOperation.DataSync(IoUringFileTarget.RegisteredSlot(0))),
            new(
                IoUringLinkedOperation.WriteFixed(IoUringFileTarget.RegisteredSlot(1), buffers, 1, 0, 2 * Block, 0),
                IoUringLinkedOperation.DataSync(IoUringFileTarget.RegisteredSlot(1))),
        ];
        var results = new IoUringOperationResult[4];
        long entersBefore = ring.SubmittingEnterCount;

        bool succeeded = ring.SubmitChains(chains, results);

        Assert.True(succeeded, string.Join("; ", results.Select(r => r.Describe())));
        Assert.Equal(1, ring.SubmittingEnterCount - entersBefore);
        Assert.All(results, r => Assert.True(r.IsCompleted));
        Assert.Equal(4, results.Select(r => r.UserData).Distinct().Count());
        Assert.Equal([Block, 0, 2 * Block, 0], results.Select(r => r.Result));
        Assert.Equal(IoUringFileTarget.RegisteredSlot(0), results[0].Operation.File);
        Assert.Equal(IoUringFileTarget.RegisteredSlot(1), results[3].Operation.File);
        Assert.Equal(first, primary.ReadAllBytes());
        Assert.Equal(second, secondary.ReadAllBytes());

        // The next commit reuses the ring and gets fresh user_data.
        var again = new IoUringOperationResult[4];
        Assert.True(ring.SubmitChains(chains, again));
        Assert.Empty(again.Select(r => r.UserData).Intersect(results.Select(r => r.UserData)));
    }

    [IoUringFact]
    public void Updating_a_registered_slot_swaps_the_file_later_writes_reach()
    {
        using var buffers = new IoUringRegisteredBuffers(count: 1, bufferSize: Block);
        using IoUringTestFile anchor = IoUringTestFile.Open(Path.Combine(_primary.FullName, "anchor"), direct: true);
        using IoUringTestFile segment1 = IoUringTestFile.Open(Path.Combine(_primary.FullName, "segment-1"), direct: true);
        using IoUringTestFile segment2 = IoUringTestFile.Open(Path.Combine(_primary.FullName, "segment-2"), direct: true);
        using IoUringRing ring = IoUringRing.Create();
        ring.RegisterBuffers(buffers);
        ring.RegisterFiles([anchor.Descriptor, -1]);
        IoUringFileTarget slot = IoUringFileTarget.RegisteredSlot(1);
        var results = new IoUringOperationResult[2];

        ring.UpdateRegisteredFiles(1, [segment1.Descriptor]);
        Pattern(Block, seed: 11).CopyTo(buffers.GetSpan(0));
        Assert.True(ring.SubmitChains([IoUringLinkedChain.DurableWrite(slot, buffers, 0, Block, 0, null)], results));

        ring.UpdateRegisteredFiles(1, [segment2.Descriptor]);
        Pattern(Block, seed: 12).CopyTo(buffers.GetSpan(0));
        Assert.True(ring.SubmitChains([IoUringLinkedChain.DurableWrite(slot, buffers, 0, Block, 0, null)], results));

        Assert.Equal(Pattern(Block, seed: 11), segment1.ReadAllBytes());
        Assert.Equal(Pattern(Block, seed: 12), segment2.ReadAllBytes());
        Assert.Empty(anchor.ReadAllBytes());
    }

    [IoUringFact]
    public unsafe void Started_chains_complete_later_on_buffers_registered_from_raw_aligned_memory()
    {
        // Memory from the native allocator rather than IoUringRegisteredBuffers, as the log's engine has.
        byte* first = (byte*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc(Block, Block);
        byte* second = (byte*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc(Block, Block);
        try
        {
            Pattern(Block, seed: 21).CopyTo(new Span<byte>(first, Block));
            using IoUringTestFile primary = IoUringTestFile.Open(Path.Combine(_primary.FullName, "raw"), direct: true);
            using IoUringTestFile secondary = IoUringTestFile.Open(Path.Combine(_secondary.FullName, "raw"), direct: true);
            using IoUringRing ring = IoUringRing.Create();
            ring.RegisterBuffers([
                new IoUringIoVector { Base = (nint)first, Length = Block },
                new IoUringIoVector { Base = (nint)second, Length = Block },
            ]);
            ring.RegisterFiles([primary.Descriptor, secondary.Descriptor]);
            IoUringLinkedChain[] chains =
            [
                new(
                    IoUringLinkedOperation.WriteFixed(IoUringFileTarget.RegisteredSlot(0), (nint)first, Block, 0, bufferIndex: 0),
                    IoUringLinkedOperation.DataSync(IoUringFileTarget.RegisteredSlot(0)),
                    IoUringLinkedOperation.ReadFixed(IoUringFileTarget.RegisteredSlot(0), (nint)second, Block, 0, bufferIndex: 1)),
                new(
                    IoUringLinkedOperation.WriteFixed(IoUringFileTarget.RegisteredSlot(1), (nint)first, Block, 0, bufferIndex: 0),
                    IoUringLinkedOperation.DataSync(IoUringFileTarget.RegisteredSlot(1))),
            ];

            int started = ring.StartChains(chains);

            Assert.Equal(5, started);
            Assert.Throws<InvalidOperationException>(() => ring.TryReapCompletion(out _));
            var results = new IoUringOperationResult[started];
            Assert.True(ring.CompleteChains(results), string.Join("; ", results.Select(r => r.Describe())));
            Assert.Equal(Pattern(Block, seed: 21), new Span<byte>(second, Block).ToArray());
            Assert.Equal(Pattern(Block, seed: 21), secondary.ReadAllBytes());
            Assert.Throws<InvalidOperationException>(() => ring.CompleteChains(results));
        }
        finally
        {
            System.Runtime.InteropServices.NativeMemory.AlignedFree(first);
            System.Runtime.InteropServices.NativeMemory.AlignedFree(second);
        }
    }

    [IoUringFact]
    public void A_fixed_write_outside_its_registered_buffer_fails_with_EFAULT_instead_of_touching_other_memory()
    {
        using var buffers = new IoUringRegisteredBuffers(count: 2, bufferSize: Block);
        using IoUringTestFile file = IoUringTestFile.Open(Path.Combine(_primary.FullName, "efault"), direct: true);
        using IoUringRing ring = IoUringRing.Create();
        ring.RegisterBuffers(buffers);

        // Buffer 1's memory named with buffer index 0.
        var results = new IoUringOperationResult[2];
        bool succeeded = ring.SubmitChains(
            [
                new IoUringLinkedChain(
                    IoUringLinkedOperation.WriteFixed(IoUringFileTarget.Descriptor(file.Descriptor), buffers.AddressOf(1), Block, 0, bufferIndex: 0),
                    IoUringLinkedOperation.DataSync(IoUringFileTarget.Descriptor(file.Descriptor))),
            ],
            results);

        Assert.False(succeeded);
        Assert.Equal(-Errno.EFAULT, results[0].Result);
        Assert.True(results[1].WasCancelled);
        Assert.Empty(file.ReadAllBytes());
    }

    [IoUringFact]
    public void Chains_are_refused_while_other_operations_are_unreaped()
    {
        using IoUringRing ring = IoUringRing.Create();
        ring.AcquireSubmissionEntry().PrepareNop(1);
        ring.SubmitAndWait(1);
        var results = new IoUringOperationResult[1];

        Assert.Throws<InvalidOperationException>(() => ring.SubmitChains([new IoUringLinkedChain(IoUringLinkedOperation.Nop())], results));

        Assert.True(ring.TryReapCompletion(out _));
        Assert.True(ring.SubmitChains([new IoUringLinkedChain(IoUringLinkedOperation.Nop())], results));
    }

    internal static byte[] Pattern(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
