using Durably.IO.Linux;

namespace Durably.Storage.Tests.IoUring;

/// <summary>
/// More completions than the CQ ring holds, with nothing reaped while they pile up: every one must still
/// come back exactly once.
/// </summary>
public sealed class IoUringCompletionOverflowTests
{
    private const int Batches = 6;
    private const int BatchSize = 8;
    private const int Total = Batches * BatchSize;

    [IoUringFact]
    public void Completions_beyond_the_CQ_size_are_parked_by_the_kernel_and_all_reaped()
    {
        using IoUringRing ring = IoUringRing.Create(new IoUringRingOptions { SubmissionQueueEntries = BatchSize, CompletionQueueEntries = 16 });
        Assert.Equal(16u, ring.CompletionQueueSize);

        SubmitNops(ring);

        // The kernel had to park completions: the CQ ring holds 16 of the 48.
        Assert.True(ring.IsCompletionOverflowPending);
        Assert.Equal(Total, ring.InFlight);

        var seen = new List<ulong>();
        while (ring.TryReapCompletion(out IoUringCompletionEntry completion))
        {
            Assert.Equal(0, completion.Result);
            seen.Add(completion.UserData);
        }

        Assert.Equal(Enumerable.Range(0, Total).Select(i => (ulong)i), seen);
        Assert.True(ring.OverflowFlushCount > 0);
        Assert.False(ring.IsCompletionOverflowPending);
        Assert.Equal(0, ring.InFlight);
    }

    [IoUringFact]
    public void Waiting_for_more_completions_than_the_CQ_holds_returns_and_loses_none()
    {
        using IoUringRing ring = IoUringRing.Create(new IoUringRingOptions { SubmissionQueueEntries = BatchSize, CompletionQueueEntries = 16 });
        SubmitNops(ring);

        ring.WaitForCompletions(Total);

        Assert.True(ring.BackloggedCompletionCount > 0);
        var seen = new HashSet<ulong>();
        for (int i = 0; i < Total; i++)
        {
            Assert.True(ring.TryReapCompletion(out IoUringCompletionEntry completion));
            Assert.True(seen.Add(completion.UserData), $"user_data {completion.UserData} reaped twice");
        }

        Assert.Equal(Enumerable.Range(0, Total).Select(i => (ulong)i).ToHashSet(), seen);
        Assert.False(ring.TryReapCompletion(out _));
    }

    [IoUringFact]
    public void Waiting_for_more_device_completions_than_the_CQ_holds_collects_them_all()
    {
        // O_DIRECT writes complete from the device, not inline at submission, so the wait itself has to
        // bring them in (with DEFER_TASKRUN: run the deferred completion work) in more than one ring-full.
        const int Block = 4096;
        DirectoryInfo directory = Directory.CreateTempSubdirectory("durably-uring-overflow-");
        try
        {
            using var buffers = new IoUringRegisteredBuffers(count: 1, bufferSize: Block);
            using IoUringTestFile file = IoUringTestFile.Open(Path.Combine(directory.FullName, "writes"), direct: true);
            using IoUringRing ring = IoUringRing.Create(new IoUringRingOptions { SubmissionQueueEntries = BatchSize, CompletionQueueEntries = BatchSize });
            ring.RegisterBuffers(buffers);
            for (int batch = 0; batch < 3; batch++)
            {
                for (int i = 0; i < BatchSize; i++)
                {
                    int n = (batch * BatchSize) + i;
                    ring.AcquireSubmissionEntry().PrepareWriteFixed(file.Descriptor, buffers.AddressOf(0), Block, (ulong)n * Block, 0, (ulong)n);
                }

                ring.Submit();
            }

            ring.WaitForCompletions(3 * BatchSize);

            var seen = new HashSet<ulong>();
            while (ring.TryReapCompletion(out IoUringCompletionEntry completion))
            {
                Assert.Equal(Block, completion.Result);
                Assert.True(seen.Add(completion.UserData));
            }

            Assert.Equal(Enumerable.Range(0, 3 * BatchSize).Select(i => (ulong)i).ToHashSet(), seen);
            Assert.Equal(3 * BatchSize * Block, file.ReadAllBytes().Length);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [IoUringFact]
    public void Overflow_works_on_a_plain_ring_without_deferred_task_running()
    {
        using IoUringRing ring = IoUringRing.Create(new IoUringRingOptions
        {
            SubmissionQueueEntries = BatchSize,
            CompletionQueueEntries = 16,
            SetupLadder = [IoUringSetupOptions.None],
        });
        SubmitNops(ring);

        var seen = new List<ulong>();
        while (ring.TryReapCompletion(out IoUringCompletionEntry completion))
        {
            seen.Add(completion.UserData);
        }

        Assert.Equal(Enumerable.Range(0, Total).Select(i => (ulong)i), seen);
    }

    private static void SubmitNops(IoUringRing ring)
    {
        for (int batch = 0; batch < Batches; batch++)
        {
            for (int i = 0; i < BatchSize; i++)
            {
                ring.AcquireSubmissionEntry().PrepareNop((ulong)((batch * BatchSize) + i));
            }

            ring.Submit();
        }
    }
}
