using Durably.IO;
using Durably.IO.Linux;

namespace Durably.Storage.Tests.IoUring;

/// <summary>What counts as success for one operation: only the whole transfer, or 0 for fdatasync and NOP.</summary>
public sealed class IoUringOperationResultTests
{
    private static readonly IoUringLinkedOperation Write =
        IoUringLinkedOperation.Write(IoUringFileTarget.RegisteredSlot(1), address: 4096, length: 4096, fileOffset: 8192);

    private static readonly IoUringLinkedOperation Sync = IoUringLinkedOperation.DataSync(IoUringFileTarget.Descriptor(7));

    [Fact]
    public void A_full_transfer_succeeds()
    {
        IoUringOperationResult result = IoUringOperationResult.Pending(Write, 1).Complete(4096);

        Assert.True(result.Succeeded);
        Assert.False(result.IsShortTransfer);
        Assert.Equal("WRITE of 4096 bytes at offset 8192 of registered file 1: succeeded", result.Describe());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4095)]
    public void A_short_transfer_is_a_failure(int transferred)
    {
        IoUringOperationResult result = IoUringOperationResult.Pending(Write, 1).Complete(transferred);

        Assert.False(result.Succeeded);
        Assert.True(result.IsShortTransfer);
        Assert.Equal(0, result.Errno);
        Assert.EndsWith($"short transfer of {transferred} bytes", result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_cancelled_or_failed_operation_is_a_failure()
    {
        IoUringOperationResult cancelled = IoUringOperationResult.Pending(Sync, 2).Complete(-Errno.ECANCELED);
        IoUringOperationResult failed = IoUringOperationResult.Pending(Sync, 2).Complete(-Errno.EIO);

        Assert.False(cancelled.Succeeded);
        Assert.True(cancelled.WasCancelled);
        Assert.False(failed.Succeeded);
        Assert.Equal(Errno.EIO, failed.Errno);
        Assert.Equal("FSYNC(DATASYNC) of fd 7: EIO", failed.Describe());
    }

    [Fact]
    public void A_datasync_succeeds_only_with_zero_and_nothing_succeeds_before_completion()
    {
        Assert.True(IoUringOperationResult.Pending(Sync, 3).Complete(0).Succeeded);
        Assert.False(IoUringOperationResult.Pending(Sync, 3).Complete(1).Succeeded);
        Assert.False(IoUringOperationResult.Pending(Sync, 3).Succeeded);
        Assert.False(IoUringOperationResult.Pending(Write, 3).Succeeded);
    }
}
