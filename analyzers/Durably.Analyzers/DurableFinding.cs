using Microsoft.CodeAnalysis;

namespace Durably.Analyzers;

/// <summary>A possible diagnostic found in code, before it is judged against where that code runs.</summary>
internal sealed class DurableFinding
{
    public DurableFinding(
        DurableFindingKind kind,
        DiagnosticDescriptor descriptor,
        Location location,
        INamedTypeSymbol owner,
        DurableReceiverKind receiver,
        string[] arguments,
        int contextArgument)
    {
        Kind = kind;
        Descriptor = descriptor;
        Location = location;
        Owner = owner;
        Receiver = receiver;
        Arguments = arguments;
        ContextArgument = contextArgument;
    }

    /// <summary>Which rule of "where may this run" applies.</summary>
    public DurableFindingKind Kind { get; }

    public DiagnosticDescriptor Descriptor { get; }

    public Location Location { get; }

    /// <summary>The durable class whose state or operation is touched.</summary>
    public INamedTypeSymbol Owner { get; }

    /// <summary>Whose instance is touched.</summary>
    public DurableReceiverKind Receiver { get; }

    /// <summary>Message arguments; the one at <see cref="ContextArgument"/> is filled in when judged.</summary>
    public string[] Arguments { get; }

    /// <summary>The message argument that explains the context (why it is outside an operation, or which operation).</summary>
    public int ContextArgument { get; }

    /// <summary>Creates the diagnostic with the context argument filled in.</summary>
    public Diagnostic ToDiagnostic(string context)
    {
        object[] arguments = new object[Arguments.Length];
        for (int i = 0; i < arguments.Length; i++)
        {
            arguments[i] = i == ContextArgument ? context : Arguments[i];
        }

        return Diagnostic.Create(Descriptor, Location, arguments);
    }
}

/// <summary>What a finding needs from the code it is in.</summary>
internal enum DurableFindingKind
{
    /// <summary>A change of durable state: allowed only in an operation of the owner (or a constructor, initializer or an operation-only helper) on <c>this</c>.</summary>
    StateChange,

    /// <summary>A direct call of an operation: allowed where a state change is.</summary>
    OperationCall,

    /// <summary>Code that must not run inside an operation: reported only where an operation runs.</summary>
    InsideOperationOnly,
}
