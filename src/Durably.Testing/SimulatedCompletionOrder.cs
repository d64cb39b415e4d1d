namespace Durably.Testing;

/// <summary>
/// How a <see cref="SimulatedEngine"/> runs groups that are in flight together (a log pipelining
/// frames): which group's operations reach the disk first, and so which group completes first.
/// </summary>
internal enum SimulatedCompletionOrder
{
    /// <summary>Chosen per reap from the storage's seeded random: in order, reversed or interleaved.</summary>
    Seeded,

    /// <summary>The oldest group runs and completes first.</summary>
    InOrder,

    /// <summary>The newest group runs and completes first (a later frame durable before an earlier one).</summary>
    Reversed,

    /// <summary>One operation of each group in turn; the group that finishes first completes first.</summary>
    Interleaved,
}
