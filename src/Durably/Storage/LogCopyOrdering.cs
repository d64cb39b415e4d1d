namespace Durably;

/// <summary>How a commit's writes reach the two copies.</summary>
public enum LogCopyOrdering
{
    /// <summary>
    /// Two independent write → fdatasync chains, one per copy, submitted together; the commit is
    /// acknowledged when both complete (latency ≈ the slower disk).
    /// </summary>
    Parallel,

    /// <summary>
    /// One chain across both copies: primary write → fdatasync → secondary write → fdatasync
    /// (latency ≈ the sum of both disks).
    /// </summary>
    Sequential,
}
