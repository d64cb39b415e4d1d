using Durably.IO;
using Durably.IO.Linux;

namespace Durably.Storage.Tests.IoUring;

/// <summary>
/// What IOSQE_IO_LINK does when the write fails, proven on the real kernel: the linked fdatasync never
/// runs (-ECANCELED), and the chain is reported as failed, never as durable.
/// </summary>
public sealed class IoUringLinkSemanticsTests : IDisposable
{
    private const int Block = 4096;

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("durably-uring-links-");

    public void Dispose() => _directory.Delete(recursive: true);

    [IoUringFact]
    public void A_write_to_an_invalid_descriptor_fails_with_EBADF_and_cancels_the_linked_datasync()
    {
        using var buffers = new IoUringRegisteredBuffers(count: 1, bufferSize: Block);
        using IoUringTestFile file = IoUringTestFile.Open(Path.Combine(_directory.FullName, "valid"), direct: false);
        using IoUringRing ring = IoUringRing.Create();
        ring.RegisterBuffers(buffers);

        // The fdatasync targets a valid file, so its -ECANCELED can only come from the failed link.
        var results = new IoUringOperationResult[2];
        bool succeeded = ring.SubmitChains(
            [
                new IoUringLinkedChain(
                    IoUringLinkedOperation.WriteFixed(IoUringFileTarget.Descriptor(-1), buffers, 0, 0, Block, 0),
                    IoUringLinkedOperation.DataSync(IoUringFileTarget.Descriptor(file.Descriptor))),
            ],
            results);

        Assert.False(succeeded);
        Assert.Equal(-Errno.EBADF, results[0].Result);
        Assert.Equal(Errno.EBADF, results[0].Errno);
        Assert.False(results[0].Succeeded);
        Assert.Equal(-Errno.ECANCELED, results[1].Result);
        Assert.True(results[1].WasCancelled);
        Assert.False(results[1].Succeeded);
        Assert.Contains("ECANCELED", results[1].Describe(), StringComparison.Ordinal);
    }

    [IoUringFact]
    public void An_empty_registered_slot_fails_with_EBADF_and_cancels_the_rest_of_the_chain_only()
    {
        using var buffers = new IoUringRegisteredBuffers(count: 2, bufferSize: Block);
        using IoUringTestFile healthy = IoUringTestFile.Open(Path.Combine(_directory.FullName, "healthy"), direct: true);
        using IoUringRing ring = IoUringRing.Create();
        ring.RegisterBuffers(buffers);
        ring.RegisterFiles([-1, healthy.Descriptor]);
        IoUringDurableWriteTests.Pattern(Block, seed: 5).CopyTo(buffers.GetSpan(1));

        var results = new IoUringOperationResult[6];
        bool succeeded = ring.SubmitChains(
            [
                IoUringLinkedChain.DurableWrite(IoUringFileTarget.RegisteredSlot(0), buffers, 0, Block, 0, verifyBufferIndex: 0),
                new IoUringLinkedChain(
                    IoUringLinkedOperation.WriteFixed(IoUringFileTarget.RegisteredSlot(1), buffers, 1, 0, Block, 0),
                    IoUringLinkedOperation.DataSync(IoUringFileTarget.RegisteredSlot(1)),
                    IoUringLinkedOperation.Nop()),
            ],
            results);

        Assert.False(succeeded);
        Assert.Equal(-Errno.EBADF, results[0].Result);
        Assert.True(results[1].WasCancelled);
        Assert.True(results[2].WasCancelled);

        // The other copy's chain is independent and completes normally.
        Assert.True(results[3].Succeeded);
        Assert.True(results[4].Succeeded);
        Assert.True(results[5].Succeeded);
        Assert.Equal(IoUringDurableWriteTests.Pattern(Block, seed: 5), healthy.ReadAllBytes());
    }

    [IoUringFact(NeedsMount = true)]
    public void A_short_write_on_a_full_filesystem_cancels_the_linked_datasync_and_is_reported_as_a_failure()
    {
        const int FilesystemSize = 64 * 1024;
        const int WriteLength = 4 * FilesystemSize;
        using IoUringSizeLimitedFilesystem filesystem = IoUringSizeLimitedFilesystem.Mount(FilesystemSize);
        using var buffers = new IoUringRegisteredBuffers(count: 1, bufferSize: WriteLength);
        using IoUringTestFile file = IoUringTestFile.Open(Path.Combine(filesystem.MountPoint, "log"), direct: false);
        using IoUringRing ring = IoUringRing.Create();
        ring.RegisterBuffers(buffers);
        ring.RegisterFiles([file.Descriptor]);
        byte[] payload = IoUringDurableWriteTests.Pattern(WriteLength, seed: 9);
        payload.CopyTo(buffers.GetSpan(0));

        var results = new IoUringOperationResult[2];
        bool succeeded = ring.SubmitChains(
            [IoUringLinkedChain.DurableWrite(IoUringFileTarget.RegisteredSlot(0), buffers, 0, WriteLength, 0, null)],
            results);

        // The write really was short: some bytes landed (the file holds exactly them), not all.
        byte[] onDisk = file.ReadAllBytes();
        Assert.True(results[0].Result > 0, results[0].Describe());
        Assert.True(results[0].Result < WriteLength, results[0].Describe());
        Assert.Equal(results[0].Result, onDisk.Length);
        Assert.Equal(payload[..onDisk.Length], onDisk);

        Assert.True(results[0].IsShortTransfer);
        Assert.False(results[0].Succeeded);
        Assert.Contains("short transfer", results[0].Describe(), StringComparison.Ordinal);
        Assert.Equal(-Errno.ECANCELED, results[1].Result);
        Assert.True(results[1].WasCancelled);
        Assert.False(succeeded);
    }
}
