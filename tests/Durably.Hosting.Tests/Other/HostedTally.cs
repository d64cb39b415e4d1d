namespace Durably.Hosting.Tests.Other;

/// <summary>A second durable state with the same simple name as <see cref="Tests.HostedTally"/>, in another namespace.</summary>
[DurableState]
public partial class HostedTally
{
    private long _total;

    [Query]
    private long TotalCore => _total;

    [Operation]
    private void Add(long amount) => _total += amount;
}
