namespace Durably.Testing;

/// <summary>
/// A fault scheduled on a <see cref="SimulatedDisk"/>: it lets <see cref="After"/> matching
/// operations pass, then triggers once, or on every matching operation from then on when
/// <see cref="Persistent"/>.
/// </summary>
public sealed class SimulatedFault
{
    /// <summary>Creates a fault.</summary>
    /// <param name="kind">What goes wrong.</param>
    /// <param name="after">Matching operations that succeed before the fault triggers.</param>
    /// <param name="persistent">Trigger on every matching operation after that, not just once.</param>
    /// <param name="pathContains">Only operations on paths containing this text match (null: all).</param>
    public SimulatedFault(SimulatedFaultKind kind, long after = 0, bool persistent = false, string? pathContains = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(after);
        Kind = kind;
        After = after;
        Persistent = persistent;
        PathContains = pathContains;
        Remaining = after;
    }

    /// <summary>What goes wrong.</summary>
    public SimulatedFaultKind Kind { get; }

    /// <summary>Matching operations that succeed before the fault triggers.</summary>
    public long After { get; }

    /// <summary>True if the fault triggers on every matching operation once it started.</summary>
    public bool Persistent { get; }

    /// <summary>Only paths containing this text match; null for every path.</summary>
    public string? PathContains { get; }

    /// <summary>How many times the fault has triggered.</summary>
    public int Triggered { get; internal set; }

    /// <summary>True once a non-persistent fault has triggered.</summary>
    public bool IsSpent => !Persistent && Triggered > 0;

    internal long Remaining { get; set; }

    /// <summary>A short description, e.g. <c>WriteError after 12 (once)</c>.</summary>
    public override string ToString() =>
        $"{Kind} after {After} ({(Persistent ? "persistent" : "once")}{(PathContains is null ? string.Empty : ", paths with '" + PathContains + "'")})";

    internal bool Matches(SimulatedFaultKind kind, string path) =>
        !IsSpent && Kind == kind && (PathContains is null || path.Contains(PathContains, StringComparison.Ordinal));
}
