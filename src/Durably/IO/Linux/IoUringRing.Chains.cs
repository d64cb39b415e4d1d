using System.Globalization;

namespace Durably.IO.Linux;

/// <summary>Linked chains: the shape of a log commit.</summary>
internal sealed partial class IoUringRing
{
    private const int UserDataIndexBits = 16;
    private const ulong UserDataIndexMask = (1UL << UserDataIndexBits) - 1;

    private IoUringLinkedOperation[]? _batchOperations;
    private int _batchCount;
    private ulong _chainBatch;
    private string? _splitChainBatch;
    private bool _submittingGroup;

    /// <summary>
    /// Submits every chain in one io_uring_enter, waits for every operation of every chain, and reports
    /// each operation's outcome in <paramref name="results"/> (chain by chain, in operation order).
    /// </summary>
    /// <remarks>
    /// Within a chain each operation carries IOSQE_IO_LINK to the next, so a failed or short operation
    /// completes the rest of its chain with -ECANCELED; chains are not linked to each other, so two copies on
    /// two devices proceed in parallel. The SQ tail is published with one release store per chain, and the
    /// one enter both submits and waits. Every completion is matched to its operation by user_data (batch
    /// number and position), never by arrival order. The ring must have nothing else in flight.
    /// </remarks>
    /// <returns>True only when every operation fully succeeded (<see cref="IoUringOperationResult.Succeeded"/>).</returns>
    public bool SubmitChains(ReadOnlySpan<IoUringLinkedChain> chains, Span<IoUringOperationResult> results)
    {
        int total = CountOperations(chains);
        if (results.Length < total)
        {
            throw ResultsTooShort(total, results);
        }

        QueueChains(chains);
        return CompleteChains(results);
    }

    /// <summary>
    /// Prepares every chain's entries and publishes them to the SQ (one release store per chain) without a
    /// system call; <see cref="CompleteChains"/> submits them and waits in one io_uring_enter. Same chain
    /// semantics as <see cref="SubmitChains"/>.
    /// </summary>
    /// <returns>How many operations were queued (the result slots <see cref="CompleteChains"/> needs).</returns>
    public int QueueChains(ReadOnlySpan<IoUringLinkedChain> chains) => PrepareChains(chains);

    /// <summary>
    /// Submits every chain in one io_uring_enter without waiting; <see cref="CompleteChains"/> then collects
    /// the outcome. Same chain semantics as <see cref="SubmitChains"/>.
    /// </summary>
    /// <remarks>
    /// The first operation of each chain starts at once. With IORING_SETUP_DEFER_TASKRUN the step from one
    /// linked operation to the next (write done → start the fdatasync) is completion work that runs only while
    /// the owner waits in <see cref="CompleteChains"/>, so work done between the two calls overlaps the writes
    /// but not the syncs. <see cref="SubmitChains"/> (or <see cref="QueueChains"/> then
    /// <see cref="CompleteChains"/>) costs one system call instead of two.
    /// </remarks>
    /// <returns>How many operations were submitted (the result slots <see cref="CompleteChains"/> needs).</returns>
    public int StartChains(ReadOnlySpan<IoUringLinkedChain> chains)
    {
        int total = PrepareChains(chains);
        Submit();
        return total;
    }

    /// <summary>
    /// Submits the queued batch if <see cref="QueueChains"/> left it unsubmitted, waits for every operation,
    /// and reports each outcome in submission order.
    /// </summary>
    /// <returns>True only when every operation fully succeeded.</returns>
    /// <exception cref="IoUringException">
    /// The kernel accepted only part of the batch in one submission, which splits a linked chain (its
    /// rest runs unordered with what went before); the batch is reaped, then the ring is faulted.
    /// </exception>
    public bool CompleteChains(Span<IoUringOperationResult> results)
    {
        EnsureUsable();
        int total = _batchCount;
        if (total == 0)
        {
            throw new InvalidOperationException("No chains have been started.");
        }

        if (results.Length < total)
        {
            throw ResultsTooShort(total, results);
        }

        if (_unsubmitted != 0)
        {
            // Queued but not yet submitted: submit and wait for the whole batch in one enter.
            SubmitAndWait((uint)total);
        }

        Span<IoUringOperationResult> batchResults = results[..total];
        for (int i = 0; i < total; i++)
        {
            batchResults[i] = IoUringOperationResult.Pending(_batchOperations![i], UserDataFor(_chainBatch, i));
        }

        int reaped = 0;
        while (reaped < total)
        {
            while (reaped < total && TryReapNext(out IoUringCompletionEntry completion))
            {
                Record(completion, _chainBatch, batchResults);
                reaped++;
            }

            if (reaped < total)
            {
                WaitForCompletions((uint)(total - reaped));
            }
        }

        _batchCount = 0;
        if (_splitChainBatch is { } split)
        {
            // Every completion of the batch is reaped, so nothing of it is left in the kernel;
            // the batch still fails, and the ring with it, because its chains did not hold.
            _splitChainBatch = null;
            throw Fault(split, 0);
        }

        foreach (IoUringOperationResult result in batchResults)
        {
            if (!result.Succeeded)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Prepares a group's chains under <paramref name="group"/> and submits them in one io_uring_enter
    /// without waiting, while groups submitted earlier may still be in flight; their completions are
    /// collected with <see cref="TryReapGroupCompletion"/> and <see cref="WaitForCompletions"/>.
    /// </summary>
    /// <remarks>
    /// Same chain semantics as <see cref="SubmitChains"/>; groups are not linked to each other, so a later
    /// group may complete first. With IORING_SETUP_DEFER_TASKRUN the step from one linked operation to the
    /// next runs only while the owner enters with GETEVENTS, so when other groups are in flight the
    /// submitting enter asks for events too (waiting for none): their chains move on at every submission.
    /// A kernel that accepts only part of the group splits its chains: the ring is faulted at once (the
    /// caller fails the log; what was accepted stays in flight and its buffers with it).
    /// </remarks>
    /// <returns>How many operations the group holds (the completions it will produce).</returns>
    public int StartGroup(ReadOnlySpan<IoUringLinkedChain> chains, ulong group)
    {
        EnsureUsable();
        EnsureNoChainBatch();
        if (group == 0 || group > (ulong.MaxValue >> UserDataIndexBits))
        {
            throw new ArgumentOutOfRangeException(nameof(group), group, "A group number is 1..2^48-1.");
        }

        if (chains.IsEmpty)
        {
            throw new ArgumentException("At least one chain is needed.", nameof(chains));
        }

        if (_unsubmitted != 0 || _preparedTail != _publishedTail)
        {
            throw new InvalidOperationException("Groups are started on a ring with nothing prepared and unsubmitted.");
        }

        int total = CountFitting(chains);
        bool othersInFlight = _inFlight > 0;
        PrepareChains(chains, group, []);

        _submittingGroup = true;
        try
        {
            Submit();
        }
        finally
        {
            _submittingGroup = false;
        }

        if (_splitChainBatch is { } split)
        {
            _splitChainBatch = null;
            throw Fault(split, 0);
        }

        if (othersInFlight && (AcceptedSetupFlags & IoUringSetupOptions.DeferTaskRun) != 0)
        {
            EnterForEvents(0);
        }

        return total;
    }

    /// <summary>
    /// Takes one completion of a group started with <see cref="StartGroup"/>, if one is waiting: its group,
    /// its position in the group (submission order) and its result. Never blocks.
    /// </summary>
    public bool TryReapGroupCompletion(out ulong group, out int position, out int result)
    {
        EnsureUsable();
        EnsureNoChainBatch();
        if (!TryReapNext(out IoUringCompletionEntry completion))
        {
            group = 0;
            position = 0;
            result = 0;
            return false;
        }

        group = completion.UserData >> UserDataIndexBits;
        position = (int)(completion.UserData & UserDataIndexMask);
        result = completion.Result;
        return true;
    }

    private static ulong UserDataFor(ulong batch, int position) => (batch << UserDataIndexBits) | (uint)position;

    private static ArgumentException ResultsTooShort(int total, Span<IoUringOperationResult> results) => new(
        string.Create(CultureInfo.InvariantCulture, $"{total} operations need {total} result slots, not {results.Length}."), nameof(results));

    // Writes every chain's SQEs (IOSQE_IO_LINK inside a chain, none between chains) and publishes the SQ
    // tail once per chain; nothing is submitted yet.
    private int PrepareChains(ReadOnlySpan<IoUringLinkedChain> chains)
    {
        EnsureUsable();
        if (chains.IsEmpty)
        {
            throw new ArgumentException("At least one chain is needed.", nameof(chains));
        }

        if (_batchCount != 0 || _inFlight != 0 || _backlog.Count != 0 || _unsubmitted != 0 || _preparedTail != _publishedTail)
        {
            throw new InvalidOperationException(
                "Chains are submitted on an idle ring: earlier operations are still prepared, in flight or unreaped.");
        }

        int total = CountFitting(chains);
        _batchOperations ??= new IoUringLinkedOperation[SubmissionQueueSize];
        PrepareChains(chains, ++_chainBatch, _batchOperations);

        _batchCount = total;
        return total;
    }

    /// <summary>How many operations the chains hold; throws when they do not fit the free submission entries.</summary>
    private int CountFitting(ReadOnlySpan<IoUringLinkedChain> chains)
    {
        int total = CountOperations(chains);
        if (total > FreeSubmissionEntries)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{total} operations do not fit the {SubmissionQueueSize}-entry submission queue."), nameof(chains));
        }

        return total;
    }

    /// <summary>
    /// Prepares and publishes each chain's entries, linked within the chain and tagged with
    /// <paramref name="tag"/> and their position; copies each operation into <paramref name="kept"/>
    /// when it is not empty.
    /// </summary>
    private void PrepareChains(ReadOnlySpan<IoUringLinkedChain> chains, ulong tag, Span<IoUringLinkedOperation> kept)
    {
        int position = 0;
        foreach (IoUringLinkedChain chain in chains)
        {
            ReadOnlySpan<IoUringLinkedOperation> operations = chain.Operations.Span;
            for (int i = 0; i < operations.Length; i++)
            {
                ref IoUringSubmissionEntry entry = ref NextSubmissionEntry();
                operations[i].Prepare(ref entry, UserDataFor(tag, position));
                if (i < operations.Length - 1)
                {
                    entry.LinkNext();
                }

                if (!kept.IsEmpty)
                {
                    kept[position] = operations[i];
                }

                position++;
            }

            PublishSubmissions();
        }
    }

    private static int CountOperations(ReadOnlySpan<IoUringLinkedChain> chains)
    {
        int total = 0;
        foreach (IoUringLinkedChain chain in chains)
        {
            total += chain.Operations.Length;
        }

        return total;
    }

    private void Record(IoUringCompletionEntry completion, ulong batch, Span<IoUringOperationResult> results)
    {
        ulong completionBatch = completion.UserData >> UserDataIndexBits;
        ulong position = completion.UserData & UserDataIndexMask;
        if (completionBatch != batch || position >= (ulong)results.Length || results[(int)position].IsCompleted)
        {
            throw Fault(
                string.Create(CultureInfo.InvariantCulture, $"a completion with user_data 0x{completion.UserData:x} matches no outstanding operation of batch {batch}"),
                0);
        }

        results[(int)position] = results[(int)position].Complete(completion.Result);
    }
}
