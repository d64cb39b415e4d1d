namespace LedgerSample.Probe;

/// <summary>A recursive user type: one link of a chain, each link one more level of nesting.</summary>
/// <param name="Value">The link's value.</param>
/// <param name="Next">The rest of the chain.</param>
public sealed record ProbeLink(int Value, ProbeLink? Next);
