using Durably.IO;
using System.Runtime.CompilerServices;
using Durably.IO.Linux;

namespace Durably.Storage.Tests.IoUring;

/// <summary>
/// Every structure and constant of the binding against the kernel ABI. The expected numbers are transcribed
/// from include/uapi/linux/io_uring.h (and offsetof/sizeof of a C compilation of it on x86_64), not derived
/// from the C# declarations, so a wrong FieldOffset or a wrong constant fails here.
/// </summary>
public sealed class IoUringAbiLayoutTests
{
    [Fact]
    public void Submission_entry_matches_struct_io_uring_sqe()
    {
        var sqe = default(IoUringSubmissionEntry);
        Assert.Equal(64, Unsafe.SizeOf<IoUringSubmissionEntry>());
        Assert.Equal(64, IoUringSubmissionEntry.Size);
        AssertField(ref sqe, ref Unsafe.As<IoUringOpcode, byte>(ref sqe.Opcode), 0, 1);
        AssertField(ref sqe, ref Unsafe.As<IoUringSubmissionOptions, byte>(ref sqe.Flags), 1, 1);
        AssertField(ref sqe, ref sqe.IoPriority, 2, 2);
        AssertField(ref sqe, ref sqe.FileDescriptor, 4, 4);
        AssertField(ref sqe, ref sqe.Offset, 8, 8);
        AssertField(ref sqe, ref sqe.Address, 16, 8);
        AssertField(ref sqe, ref sqe.Length, 24, 4);
        AssertField(ref sqe, ref sqe.OperationFlags, 28, 4);
        AssertField(ref sqe, ref sqe.UserData, 32, 8);
        AssertField(ref sqe, ref sqe.BufferIndex, 40, 2);
        AssertField(ref sqe, ref sqe.Personality, 42, 2);
        AssertField(ref sqe, ref sqe.FileIndex, 44, 4);
        AssertField(ref sqe, ref sqe.Address3, 48, 8);
        AssertField(ref sqe, ref sqe.Padding, 56, 8);
    }

    [Fact]
    public void Completion_entry_matches_struct_io_uring_cqe()
    {
        var cqe = default(IoUringCompletionEntry);
        Assert.Equal(16, Unsafe.SizeOf<IoUringCompletionEntry>());
        Assert.Equal(16, IoUringCompletionEntry.Size);
        AssertField(ref cqe, ref cqe.UserData, 0, 8);
        AssertField(ref cqe, ref cqe.Result, 8, 4);
        AssertField(ref cqe, ref cqe.Flags, 12, 4);
    }

    [Fact]
    public void Params_match_struct_io_uring_params()
    {
        var p = default(IoUringParams);
        Assert.Equal(120, Unsafe.SizeOf<IoUringParams>());
        Assert.Equal(120, IoUringParams.Size);
        AssertField(ref p, ref p.SubmissionQueueEntries, 0, 4);
        AssertField(ref p, ref p.CompletionQueueEntries, 4, 4);
        AssertField(ref p, ref Unsafe.As<IoUringSetupOptions, uint>(ref p.Flags), 8, 4);
        AssertField(ref p, ref p.SubmissionThreadCpu, 12, 4);
        AssertField(ref p, ref p.SubmissionThreadIdle, 16, 4);
        AssertField(ref p, ref Unsafe.As<IoUringFeatures, uint>(ref p.Features), 20, 4);
        AssertField(ref p, ref p.WorkQueueFileDescriptor, 24, 4);
        AssertField(ref p, ref p.Reserved0, 28, 4);
        AssertField(ref p, ref p.Reserved1, 32, 4);
        AssertField(ref p, ref p.Reserved2, 36, 4);
        AssertField(ref p, ref p.SubmissionQueueOffsets, 40, 40);
        AssertField(ref p, ref p.CompletionQueueOffsets, 80, 40);
    }

    [Fact]
    public void Submission_queue_offsets_match_struct_io_sqring_offsets()
    {
        var o = default(IoUringSubmissionQueueOffsets);
        Assert.Equal(40, Unsafe.SizeOf<IoUringSubmissionQueueOffsets>());
        AssertField(ref o, ref o.Head, 0, 4);
        AssertField(ref o, ref o.Tail, 4, 4);
        AssertField(ref o, ref o.RingMask, 8, 4);
        AssertField(ref o, ref o.RingEntries, 12, 4);
        AssertField(ref o, ref o.Flags, 16, 4);
        AssertField(ref o, ref o.Dropped, 20, 4);
        AssertField(ref o, ref o.Array, 24, 4);
        AssertField(ref o, ref o.Reserved1, 28, 4);
        AssertField(ref o, ref o.UserAddress, 32, 8);
    }

    [Fact]
    public void Completion_queue_offsets_match_struct_io_cqring_offsets()
    {
        var o = default(IoUringCompletionQueueOffsets);
        Assert.Equal(40, Unsafe.SizeOf<IoUringCompletionQueueOffsets>());
        AssertField(ref o, ref o.Head, 0, 4);
        AssertField(ref o, ref o.Tail, 4, 4);
        AssertField(ref o, ref o.RingMask, 8, 4);
        AssertField(ref o, ref o.RingEntries, 12, 4);
        AssertField(ref o, ref o.Overflow, 16, 4);
        AssertField(ref o, ref o.Cqes, 20, 4);
        AssertField(ref o, ref o.Flags, 24, 4);
        AssertField(ref o, ref o.Reserved1, 28, 4);
        AssertField(ref o, ref o.UserAddress, 32, 8);
    }

    [Fact]
    public void Probe_structures_match_struct_io_uring_probe_and_probe_op()
    {
        var header = default(IoUringProbeHeader);
        Assert.Equal(16, Unsafe.SizeOf<IoUringProbeHeader>());
        Assert.Equal(16, IoUringProbeHeader.Size);
        AssertField(ref header, ref header.LastOpcode, 0, 1);
        AssertField(ref header, ref header.OperationCount, 1, 1);
        AssertField(ref header, ref header.Reserved, 2, 2);
        AssertField(ref header, ref header.Reserved2A, 4, 4);
        AssertField(ref header, ref header.Reserved2B, 8, 4);
        AssertField(ref header, ref header.Reserved2C, 12, 4);

        var op = default(IoUringProbeOperation);
        Assert.Equal(8, Unsafe.SizeOf<IoUringProbeOperation>());
        Assert.Equal(8, IoUringProbeOperation.Size);
        AssertField(ref op, ref op.Opcode, 0, 1);
        AssertField(ref op, ref op.Reserved, 1, 1);
        AssertField(ref op, ref op.Flags, 2, 2);
        AssertField(ref op, ref op.Reserved2, 4, 4);
        Assert.Equal(1, IoUringProbeOperation.Supported);
    }

    [Fact]
    public void Resource_update_and_iovec_match_the_kernel()
    {
        var update = default(IoUringResourceUpdate);
        Assert.Equal(16, Unsafe.SizeOf<IoUringResourceUpdate>());
        AssertField(ref update, ref update.Offset, 0, 4);
        AssertField(ref update, ref update.Reserved, 4, 4);
        AssertField(ref update, ref update.Data, 8, 8);

        var vector = default(IoUringIoVector);
        Assert.Equal(16, Unsafe.SizeOf<IoUringIoVector>());
        AssertField(ref vector, ref vector.Base, 0, 8);
        AssertField(ref vector, ref vector.Length, 8, 8);
    }

    [Fact]
    public void Opcodes_have_their_io_uring_op_values()
    {
        Assert.Equal(0, (byte)IoUringOpcode.Nop);
        Assert.Equal(3, (byte)IoUringOpcode.Fsync);
        Assert.Equal(4, (byte)IoUringOpcode.ReadFixed);
        Assert.Equal(5, (byte)IoUringOpcode.WriteFixed);
        Assert.Equal(22, (byte)IoUringOpcode.Read);
        Assert.Equal(23, (byte)IoUringOpcode.Write);
        Assert.Equal(1u, (uint)IoUringFsyncOptions.DataSync);
    }

    [Fact]
    public void Submission_flags_have_their_iosqe_values_and_hard_links_are_not_expressible()
    {
        Assert.Equal(1, (byte)IoUringSubmissionOptions.FixedFile);
        Assert.Equal(4, (byte)IoUringSubmissionOptions.IoLink);

        // IOSQE_IO_HARDLINK is 1 << 3: no member may carry it.
        foreach (IoUringSubmissionOptions value in Enum.GetValues<IoUringSubmissionOptions>())
        {
            Assert.Equal(0, (byte)value & (1 << 3));
        }
    }

    [Fact]
    public void Setup_enter_register_and_feature_constants_have_their_kernel_values()
    {
        Assert.Equal(1u << 1, (uint)IoUringSetupOptions.SubmissionQueuePolling);
        Assert.Equal(1u << 2, (uint)IoUringSetupOptions.SubmissionQueueAffinity);
        Assert.Equal(1u << 3, (uint)IoUringSetupOptions.CompletionQueueSize);
        Assert.Equal(1u << 6, (uint)IoUringSetupOptions.RingDisabled);
        Assert.Equal(1u << 7, (uint)IoUringSetupOptions.SubmitAll);
        Assert.Equal(1u << 8, (uint)IoUringSetupOptions.CooperativeTaskRun);
        Assert.Equal(1u << 12, (uint)IoUringSetupOptions.SingleIssuer);
        Assert.Equal(1u << 13, (uint)IoUringSetupOptions.DeferTaskRun);

        Assert.Equal(1u, (uint)IoUringEnterOptions.GetEvents);

        Assert.Equal(0u, (uint)IoUringRegisterOpcode.RegisterBuffers);
        Assert.Equal(1u, (uint)IoUringRegisterOpcode.UnregisterBuffers);
        Assert.Equal(2u, (uint)IoUringRegisterOpcode.RegisterFiles);
        Assert.Equal(3u, (uint)IoUringRegisterOpcode.UnregisterFiles);
        Assert.Equal(6u, (uint)IoUringRegisterOpcode.RegisterFilesUpdate);
        Assert.Equal(8u, (uint)IoUringRegisterOpcode.RegisterProbe);
        Assert.Equal(12u, (uint)IoUringRegisterOpcode.EnableRings);

        Assert.Equal(1u << 0, (uint)IoUringFeatures.SingleMmap);
        Assert.Equal(1u << 1, (uint)IoUringFeatures.NoDrop);
        Assert.Equal(1u << 12, (uint)IoUringFeatures.LinkedFile);

        Assert.Equal(1u << 0, (uint)IoUringSubmissionQueueStatus.NeedWakeup);
        Assert.Equal(1u << 1, (uint)IoUringSubmissionQueueStatus.CompletionQueueOverflow);
        Assert.Equal(1u << 2, (uint)IoUringSubmissionQueueStatus.TaskRun);
    }

    [Fact]
    public void Syscall_numbers_and_mmap_offsets_have_their_kernel_values()
    {
        Assert.Equal(425, IoUringSystemCalls.SetupNumber);
        Assert.Equal(426, IoUringSystemCalls.EnterNumber);
        Assert.Equal(427, IoUringSystemCalls.RegisterNumber);
        Assert.Equal(0L, IoUringSystemCalls.SubmissionRingMapOffset);
        Assert.Equal(0x8000000L, IoUringSystemCalls.CompletionRingMapOffset);
        Assert.Equal(0x10000000L, IoUringSystemCalls.SubmissionEntriesMapOffset);
    }

    [Fact]
    public void Errno_values_are_the_linux_ones()
    {
        Assert.Equal(1, Errno.EPERM);
        Assert.Equal(4, Errno.EINTR);
        Assert.Equal(9, Errno.EBADF);
        Assert.Equal(11, Errno.EAGAIN);
        Assert.Equal(12, Errno.ENOMEM);
        Assert.Equal(16, Errno.EBUSY);
        Assert.Equal(22, Errno.EINVAL);
        Assert.Equal(28, Errno.ENOSPC);
        Assert.Equal(38, Errno.ENOSYS);
        Assert.Equal(53, Errno.EBADR);
        Assert.Equal(125, Errno.ECANCELED);
        Assert.Equal("ECANCELED", Errno.Name(125));
        Assert.Equal("errno 200", Errno.Name(200));
    }

    private static void AssertField<TStruct, TField>(ref TStruct instance, ref TField field, int expectedOffset, int expectedSize)
        where TStruct : struct
        where TField : struct
    {
        nint offset = Unsafe.ByteOffset(ref Unsafe.As<TStruct, byte>(ref instance), ref Unsafe.As<TField, byte>(ref field));
        Assert.Equal(expectedOffset, (int)offset);
        Assert.Equal(expectedSize, Unsafe.SizeOf<TField>());
    }
}
