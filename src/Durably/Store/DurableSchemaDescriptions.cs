using System.Collections.Concurrent;
using System.ComponentModel;

namespace Durably.Runtime;

/// <summary>
/// The parameters of every generated operation, registered at module start-up by generated code, so
/// that a record that cannot be replayed is reported with the operation's parameter names and types
/// instead of a bare byte offset.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class DurableSchemaDescriptions
{
    private static readonly ConcurrentDictionary<(Type State, string Operation), string[]> Parameters = new();

    /// <summary>Registers the parameters of one operation.</summary>
    /// <param name="stateType">The <c>[DurableState]</c> class.</param>
    /// <param name="operationName">The operation's stable record name.</param>
    /// <param name="parameters">Each parameter as <c>name: type</c>, in record order.</param>
    public static void Register(Type stateType, string operationName, params string[] parameters)
    {
        ArgumentNullException.ThrowIfNull(stateType);
        ArgumentNullException.ThrowIfNull(operationName);
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters[(stateType, operationName)] = parameters;
    }

    internal static string[]? Find(Type stateType, string operationName) =>
        Parameters.TryGetValue((stateType, operationName), out string[]? parameters) ? parameters : null;
}
