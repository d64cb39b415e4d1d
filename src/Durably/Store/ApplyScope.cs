namespace Durably.Store;

/// <summary>
/// Marks the thread that is running an operation's apply, so that an apply that calls an
/// <c>XxxAsync</c> entry point (of its own store or another one) is stopped with a clear error: on
/// its own store it would wait for an apply queued behind itself (a deadlock), and on another
/// store it would log a second record that replay of this one does not reproduce.
/// </summary>
internal static class ApplyScope
{
    [ThreadStatic]
    private static Frame? t_current;

    /// <summary>The store whose apply is running on this thread, if any.</summary>
    public static object? CurrentStore => t_current?.Store;

    /// <summary>Enters an apply; call <see cref="Exit"/> when it ends.</summary>
    public static void Enter(object store, string stateName, string operationName) =>
        t_current = new Frame(store, stateName, operationName, t_current);

    /// <summary>Leaves the innermost apply.</summary>
    public static void Exit() => t_current = t_current?.Outer;

    /// <summary>Throws when called from inside an apply.</summary>
    /// <param name="stateName">The state class whose entry point is being called.</param>
    /// <param name="operationName">The operation being called.</param>
    public static void ThrowIfApplying(string stateName, string operationName)
    {
        if (t_current is { } frame)
        {
            throw new InvalidOperationException(
                $"The entry point of {stateName} operation '{operationName}' was called while {frame.StateName} operation '{frame.OperationName}' is being applied. " +
                "An operation cannot log another operation: on the same store it would wait for itself, and on another store " +
                "the second record would not be part of this one's replay. Call the other [Operation] method directly (it becomes part of this record), " +
                "or call the entry point after this operation completes.");
        }
    }

    private sealed record Frame(object Store, string StateName, string OperationName, Frame? Outer);
}
