namespace Durably.Runtime;

/// <summary>
/// Marks the thread that is running an operation's apply, so that an apply that calls an
/// <c>XxxAsync</c> entry point (of its own store or another one) is stopped with a clear error: on
/// its own store it would wait for an apply queued behind itself (a deadlock), and on another
/// store it would log a second record that replay of this one does not reproduce.
/// </summary>
internal static class ApplyScope
{
    [ThreadStatic]
    private static object? t_store;

    [ThreadStatic]
    private static string? t_stateName;

    [ThreadStatic]
    private static string? t_operationName;

    /// <summary>The store whose apply is running on this thread, if any.</summary>
    public static object? CurrentStore => t_store;

    /// <summary>Enters an apply; pass the returned value to <see cref="Exit"/> when it ends.</summary>
    public static object? Enter(object store, string stateName, string operationName)
    {
        object? outer = t_store;
        t_store = store;
        t_stateName = stateName;
        t_operationName = operationName;
        return outer;
    }

    /// <summary>Leaves the apply entered last, restoring the store that was current before it.</summary>
    public static void Exit(object? outer)
    {
        t_store = outer;
        if (outer is null)
        {
            t_stateName = null;
            t_operationName = null;
        }
    }

    /// <summary>Throws when called from inside an apply.</summary>
    /// <param name="stateName">The state class whose entry point is being called.</param>
    /// <param name="operationName">The operation being called.</param>
    public static void ThrowIfApplying(string stateName, string operationName)
    {
        if (t_store is not null)
        {
            throw new InvalidOperationException(
                $"The entry point of {stateName} operation '{operationName}' was called while {t_stateName} operation '{t_operationName}' is being applied. " +
                "An operation cannot log another operation: on the same store it would wait for itself, and on another store " +
                "the second record would not be part of this one's replay. Call the other [Operation] method directly (it becomes part of this record), " +
                "or call the entry point after this operation completes.");
        }
    }
}
