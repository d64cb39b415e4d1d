using System.Globalization;

namespace Durably.IO.Linux;

/// <summary>Linked chains: the shape of a log commit.</summary>
internal sealed partial class IoUringRing
{
    private const int UserDataIndexBits = 16;
    private const ulong UserDataIndexMask = (1UL << UserDataIndexBits) - 1;

    private ulong _chainBatch;

    /// <summary>
    /// Submits every chain in one io_uring_enter, waits for every operation of every chain, and reports
    /// each operation's outcome in <paramref name="results"/> (chain by chain, in operation order).
    /// </summary>
    /// <remarks>
    /// Within a chain each operation carries IOSQE_IO_LINK to the next, so a failed or short operation
    /// completes the rest of its chain with -ECANCELED; chains are not linked to each other, so two copies on
    /// two devices proceed in parallel. The SQ tail is published with one release store per chain. Every
    /// completion is matched to its operation by user_data (batch number and position), never by arrival
    /// order. The ring must have nothing else in flight.
    /// </remarks>
    /// <returns>True only when every operation fully succeeded (<see cref="IoUringOperationResult.Succeeded"/>).</returns>
    public bool SubmitChains(ReadOnlySpan<IoUringLinkedChain> chains, Span<IoUringOperationResult> results)
    {
        EnsureUsable();
        if (chains.IsEmpty)
        {
            throw new ArgumentException("At least one chain is needed.", nameof(chains));
        }

        if (_inFlight != 0 || _backlog.Count != 0 || _unsubmitted != 0 || _preparedTail != _publishedTail)
        {
            throw new InvalidOperationException(
                "Chains are submitted on an idle ring: earlier operations are still prepared, in flight or unreaped.");
        }

        int total = 0;
        foreach (IoUringLinkedChain chain in chains)
        {
            total += chain.Operations.Length;
        }

        if (results.Length < total)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{total} operations need {total} result slots, not {results.Length}."), nameof(results));
        }

        if (total > FreeSubmissionEntries)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{total} operations do not fit the {SubmissionQueueSize}-entry submission queue."), nameof(chains));
        }

        ulong batch = ++_chainBatch;
        int position = 0;
        foreach (IoUringLinkedChain chain in chains)
        {
            ReadOnlySpan<IoUringLinkedOperation> operations = chain.Operations.Span;
            for (int i = 0; i < operations.Length; i++)
            {
                ulong userData = (batch << UserDataIndexBits) | (uint)position;
                ref IoUringSubmissionEntry entry = ref AcquireSubmissionEntry();
                operations[i].Prepare(ref entry, userData);
                if (i < operations.Length - 1)
                {
                    entry.LinkNext();
                }

                results[position] = IoUringOperationResult.Pending(operations[i], userData);
                position++;
            }

            PublishSubmissions();
        }

        SubmitAndWait((uint)total);

        int reaped = 0;
        while (reaped < total)
        {
            while (reaped < total && TryReapCompletion(out IoUringCompletionEntry completion))
            {
                Record(completion, batch, results[..total]);
                reaped++;
            }

            if (reaped < total)
            {
                WaitForCompletions((uint)(total - reaped));
            }
        }

        foreach (IoUringOperationResult result in results[..total])
        {
            if (!result.Succeeded)
            {
                return false;
            }
        }

        return true;
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
