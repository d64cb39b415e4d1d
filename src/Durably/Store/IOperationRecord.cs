using System.ComponentModel;

namespace Durably.Runtime;

/// <summary>
/// A decoded operation record: the operation's name and its arguments, ready to be applied to the
/// state. The generator emits one record type per <c>[Operation]</c> method.
/// </summary>
/// <typeparam name="TState">The <c>[DurableState]</c> class the operation belongs to.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IOperationRecord<in TState>
    where TState : class
{
    /// <summary>The name written as the record's first element.</summary>
    string OperationName { get; }

    /// <summary>Runs the operation on <paramref name="state"/> with the record's arguments, discarding any result.</summary>
    /// <param name="state">The state to change.</param>
    void Apply(TState state);
}
