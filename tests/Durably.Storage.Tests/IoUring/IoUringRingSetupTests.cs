using Durably.IO;
using Durably.IO.Linux;

namespace Durably.Storage.Tests.IoUring;

/// <summary>Creating, mapping and probing rings against the running kernel, and classifying setup failures.</summary>
public sealed class IoUringRingSetupTests
{
    [IoUringFact]
    public void A_default_ring_records_the_ladder_rung_the_kernel_accepted()
    {
        using IoUringRing ring = IoUringRing.Create();

        Assert.Contains(ring.AcceptedSetupFlags, IoUringRingOptions.DefaultSetupLadder);
        if (Environment.OSVersion.Version >= new Version(6, 1))
        {
            Assert.Equal(
                IoUringSetupOptions.SingleIssuer | IoUringSetupOptions.DeferTaskRun | IoUringSetupOptions.SubmitAll,
                ring.AcceptedSetupFlags);
        }

        Assert.Equal(64u, ring.SubmissionQueueSize);
        Assert.Equal(128u, ring.CompletionQueueSize);
        Assert.Equal(64, ring.FreeSubmissionEntries);
        Assert.True((ring.Features & IoUringFeatures.NoDrop) != 0);
        Assert.Equal((ring.Features & IoUringFeatures.SingleMmap) != 0, ring.SharesRingMapping);
    }

    [IoUringFact]
    public void A_nop_makes_the_round_trip_with_its_user_data()
    {
        using IoUringRing ring = IoUringRing.Create();
        ring.AcquireSubmissionEntry().PrepareNop(0xDEAD_BEEF_0000_0042);

        ring.SubmitAndWait(1);

        Assert.True(ring.TryReapCompletion(out IoUringCompletionEntry completion));
        Assert.Equal(0xDEAD_BEEF_0000_0042UL, completion.UserData);
        Assert.Equal(0, completion.Result);
        Assert.False(ring.TryReapCompletion(out _));
        Assert.Equal(0, ring.InFlight);
    }

    [IoUringFact]
    public void Separately_mapped_rings_work_like_the_shared_mapping()
    {
        using IoUringRing ring = IoUringRing.Create(new IoUringRingOptions { SubmissionQueueEntries = 4, MapRingsSeparately = true });
        Assert.False(ring.SharesRingMapping);

        for (ulong round = 0; round < 3; round++)
        {
            for (ulong i = 0; i < 4; i++)
            {
                ring.AcquireSubmissionEntry().PrepareNop((round * 4) + i);
            }

            ring.SubmitAndWait(4);
            for (ulong i = 0; i < 4; i++)
            {
                Assert.True(ring.TryReapCompletion(out IoUringCompletionEntry completion));
                Assert.Equal((round * 4) + i, completion.UserData);
            }
        }
    }

    [IoUringFact]
    public void The_probe_reports_the_opcodes_the_log_needs()
    {
        using IoUringRing ring = IoUringRing.Create();

        IoUringOpcodeSupport support = ring.ProbeOpcodes();

        Assert.Empty(support.Missing(IoUringOpcodeSupport.RequiredByLog));
        Assert.True(support.Supports(IoUringOpcode.Read));
        Assert.True(support.Supports(IoUringOpcode.Write));
        Assert.True(support.LastOpcode >= (byte)IoUringOpcode.Write);
        Assert.False(support.Supports((IoUringOpcode)255));
    }

    [IoUringFact]
    public void Setup_falls_back_past_flag_sets_the_kernel_rejects_with_EINVAL()
    {
        // DEFER_TASKRUN without SINGLE_ISSUER and SQ_AFF without SQPOLL are both invalid on every kernel.
        var options = new IoUringRingOptions
        {
            SetupLadder = [IoUringSetupOptions.DeferTaskRun, IoUringSetupOptions.SubmissionQueueAffinity, IoUringSetupOptions.None],
        };

        using IoUringRing ring = IoUringRing.Create(options);

        Assert.Equal(IoUringSetupOptions.None, ring.AcceptedSetupFlags);
        ring.AcquireSubmissionEntry().PrepareNop(7);
        ring.SubmitAndWait(1);
        Assert.True(ring.TryReapCompletion(out IoUringCompletionEntry completion));
        Assert.Equal(7UL, completion.UserData);
    }

    [IoUringFact]
    public void Setup_reports_EINVAL_when_every_flag_set_is_rejected()
    {
        var options = new IoUringRingOptions
        {
            SetupLadder = [IoUringSetupOptions.DeferTaskRun, IoUringSetupOptions.SubmissionQueueAffinity],
        };

        Assert.False(IoUringRing.TryCreate(options, out IoUringRing? ring, out IoUringUnavailableException? unavailable));

        Assert.Null(ring);
        Assert.Equal(IoUringUnavailableReason.SetupRejected, unavailable.Reason);
        Assert.Equal(Errno.EINVAL, unavailable.Errno);
        Assert.StartsWith("io_uring unavailable: EINVAL (setup flags rejected; tried [DeferTaskRun], then [SubmissionQueueAffinity]", unavailable.Message, StringComparison.Ordinal);
    }

    [IoUringFact]
    public void A_custom_completion_queue_size_is_honoured()
    {
        using IoUringRing ring = IoUringRing.Create(new IoUringRingOptions { SubmissionQueueEntries = 8, CompletionQueueEntries = 8 });

        Assert.Equal(8u, ring.SubmissionQueueSize);
        Assert.Equal(8u, ring.CompletionQueueSize);
        Assert.True((ring.AcceptedSetupFlags & IoUringSetupOptions.CompletionQueueSize) != 0);
    }

    [IoUringFact]
    public void Only_the_creating_thread_may_drive_the_ring()
    {
        using IoUringRing ring = IoUringRing.Create();
        Exception? seen = null;

        var other = new Thread(() => seen = Record.Exception(() => ring.AcquireSubmissionEntry()));
        other.Start();
        other.Join();

        Assert.IsType<InvalidOperationException>(seen);
        Assert.Equal(64, ring.FreeSubmissionEntries);
    }

    [IoUringFact]
    public void A_ring_started_disabled_is_registered_on_one_thread_and_owned_by_the_thread_that_enables_it()
    {
        using var buffers = new IoUringRegisteredBuffers(count: 1, bufferSize: 4096);
        using IoUringRing ring = IoUringRing.Create(new IoUringRingOptions { StartDisabled = true });
        Assert.True((ring.AcceptedSetupFlags & IoUringSetupOptions.RingDisabled) != 0);
        Assert.False(ring.IsEnabled);
        ring.RegisterBuffers(buffers);
        ring.RegisterFiles([-1, -1]);
        Assert.Throws<InvalidOperationException>(() => ring.AcquireSubmissionEntry());

        Exception? failure = null;
        var owner = new Thread(() => failure = Record.Exception(() =>
        {
            ring.Enable();
            Assert.True(ring.IsOwnerThread);
            ring.UpdateRegisteredFiles(1, [-1]);
            ring.AcquireSubmissionEntry().PrepareNop(5);
            ring.SubmitAndWait(1);
            Assert.True(ring.TryReapCompletion(out IoUringCompletionEntry completion));
            Assert.Equal(5UL, completion.UserData);
        }));
        owner.Start();
        owner.Join();

        Assert.Null(failure);
        Assert.True(ring.IsEnabled);
        Assert.False(ring.IsOwnerThread);
        Assert.Throws<InvalidOperationException>(() => ring.UpdateRegisteredFiles(0, [-1]));
        Assert.Throws<InvalidOperationException>(() => ring.Enable());
    }

    [IoUringFact]
    public void A_full_submission_queue_refuses_another_entry_until_submitted()
    {
        using IoUringRing ring = IoUringRing.Create(new IoUringRingOptions { SubmissionQueueEntries = 2 });
        ring.AcquireSubmissionEntry().PrepareNop(1);
        ring.AcquireSubmissionEntry().PrepareNop(2);

        Assert.Throws<InvalidOperationException>(() => ring.AcquireSubmissionEntry());

        ring.SubmitAndWait(2);
        Assert.Equal(2, ring.FreeSubmissionEntries);
        Assert.True(ring.TryReapCompletion(out _));
        Assert.True(ring.TryReapCompletion(out _));
    }

    [IoUringFact]
    public void A_disposed_ring_refuses_use_and_disposing_again_or_from_another_thread_is_harmless()
    {
        using var buffers = new IoUringRegisteredBuffers(count: 1, bufferSize: 4096);
        IoUringRing ring = IoUringRing.Create();
        ring.RegisterBuffers(buffers);
        ring.RegisterFiles([-1, -1]);

        var other = new Thread(ring.Dispose);
        other.Start();
        other.Join();
        ring.Dispose();

        Assert.Throws<ObjectDisposedException>(() => ring.AcquireSubmissionEntry());
        Assert.Throws<ObjectDisposedException>(() => ring.ProbeOpcodes());
    }

    [Fact]
    public void EPERM_is_classified_as_blocked_with_the_status_message()
    {
        IoUringUnavailableException unknown = IoUringUnavailableException.FromSetupFailure(Errno.EPERM, [IoUringSetupOptions.None], null);
        IoUringUnavailableException disabled = IoUringUnavailableException.FromSetupFailure(Errno.EPERM, [IoUringSetupOptions.None], "2");
        IoUringUnavailableException seccomp = IoUringUnavailableException.FromSetupFailure(Errno.EPERM, [IoUringSetupOptions.None], "0");

        Assert.Equal(IoUringUnavailableReason.Blocked, unknown.Reason);
        Assert.Equal("io_uring unavailable: EPERM (seccomp or kernel.io_uring_disabled)", unknown.Message);
        Assert.Contains("kernel.io_uring_disabled = 2", disabled.Message, StringComparison.Ordinal);
        Assert.Contains("seccomp filter", seccomp.Message, StringComparison.Ordinal);
        Assert.StartsWith("io_uring unavailable: EPERM (seccomp or kernel.io_uring_disabled", seccomp.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ENOSYS_and_ENOMEM_are_classified()
    {
        IoUringUnavailableException tooOld = IoUringUnavailableException.FromSetupFailure(Errno.ENOSYS, [IoUringSetupOptions.None], null);
        IoUringUnavailableException noMemory = IoUringUnavailableException.FromSetupFailure(Errno.ENOMEM, [IoUringSetupOptions.None], null);

        Assert.Equal(IoUringUnavailableReason.NotImplemented, tooOld.Reason);
        Assert.Equal("io_uring unavailable: ENOSYS (kernel too old or built without io_uring)", tooOld.Message);
        Assert.Equal(IoUringUnavailableReason.OutOfResources, noMemory.Reason);
        Assert.StartsWith("io_uring unavailable: ENOMEM", noMemory.Message, StringComparison.Ordinal);
    }
}
