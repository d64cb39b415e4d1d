using System.ComponentModel;

namespace Durably.Runtime;

/// <summary>A record of an operation that returns a value to its caller.</summary>
/// <typeparam name="TState">The <c>[DurableState]</c> class the operation belongs to.</typeparam>
/// <typeparam name="TResult">What the operation returns.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IOperationRecord<in TState, out TResult> : IOperationRecord<TState>
    where TState : class
{
    /// <summary>Runs the operation on <paramref name="state"/> with the record's arguments.</summary>
    /// <param name="state">The state to change.</param>
    /// <returns>The operation's result, handed to the caller of the entry point.</returns>
    TResult ApplyWithResult(TState state);
}
