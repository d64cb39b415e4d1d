// The generator's part of the diagnostic catalogue (DS0100..DS0199). Shared by the generator and
// the analyzers (linked into both); the analyzers' part lives in DurablyDiagnostics.Analyzers.cs.
using Microsoft.CodeAnalysis;

#if !DURABLY_GENERATOR
// The analyzers link this half of the catalogue but do not report these IDs; their releases are
// tracked by the generator project (AnalyzerReleases.*.md there), so the analyzers must not track them.
#pragma warning disable RS2000, RS2008
#endif

namespace Durably.SourceModel;

/// <summary>The diagnostics the source generator reports (DS0100..DS0199).</summary>
internal static partial class DurablyDiagnostics
{
    private const string GeneratorCategory = "Durably.Generator";

    /// <summary>DS0100: a <c>[DurableState]</c> class cannot be generic.</summary>
    public static readonly DiagnosticDescriptor GenericDurableState = GeneratorRule(
        "DS0100",
        "A [DurableState] class cannot be generic",
        "[DurableState] class '{0}' is generic; its records and snapshots need one concrete shape",
        "A durable state class is replayed from records written by earlier runs, so its fields and operation arguments must have one concrete type. Make the class non-generic (for example a sealed subclass of a generic base with concrete type arguments).");

    /// <summary>DS0101: an <c>[Operation]</c> method cannot be generic.</summary>
    public static readonly DiagnosticDescriptor GenericOperation = GeneratorRule(
        "DS0101",
        "An [Operation] method cannot be generic",
        "Operation '{0}' is generic; a logged record must say exactly which types its arguments have",
        "A record is replayed without knowing the type arguments the live call used. Write one operation per concrete type.");

    /// <summary>DS0102: a ref, out or in parameter cannot be logged.</summary>
    public static readonly DiagnosticDescriptor ByReferenceParameter = GeneratorRule(
        "DS0102",
        "An operation parameter cannot be ref, out or in",
        "Parameter '{0}' of operation '{1}' is passed by '{2}'; an operation receives values decoded from its record, so it cannot write back to the caller",
        "An operation runs after its record is durable, on the store's apply thread, and again on replay. A by-reference parameter would alias the caller's variable, which does not exist at replay. Pass the value, and return results through the operation's return value.");

    /// <summary>DS0103: an operation parameter whose type cannot be serialized.</summary>
    public static readonly DiagnosticDescriptor UnsupportedParameterType = GeneratorRule(
        "DS0103",
        "An operation parameter's type cannot be serialized",
        "Parameter '{0}' of operation '{1}' has type '{2}', which cannot be written to the log: {3}",
        "Every argument of an operation is written into its record with MessagePack. Supported are the codec's built-in types (primitives, string, decimal, Guid, date and time types, enums, nullable values, arrays, lists, dictionaries, sets, immutable collections, tuples) and user records, classes and structs made of them.");

    /// <summary>DS0104: a state field whose type cannot be serialized.</summary>
    public static readonly DiagnosticDescriptor UnsupportedFieldType = GeneratorRule(
        "DS0104",
        "A durable state field's type cannot be serialized",
        "Field '{0}' of '{1}' has type '{2}', which cannot be part of a snapshot: {3}",
        "Every instance field of a [DurableState] class (auto-property backing fields and readonly fields included) is state: it is written into snapshots and compared between live and replayed state. Use a serializable type, or keep the value outside the durable class.");

    /// <summary>DS0105: the state class cannot be created for replay.</summary>
    public static readonly DiagnosticDescriptor StateNotConstructible = GeneratorRule(
        "DS0105",
        "A [DurableState] class needs a parameterless constructor",
        "[DurableState] class '{0}' cannot be created for replay: {1}",
        "OpenAsync creates an empty state with the parameterless constructor (it may be private) and replays the log into it. The class must not be abstract or static.");

    /// <summary>DS0106: two operations would write records with the same name.</summary>
    public static readonly DiagnosticDescriptor DuplicateOperationName = GeneratorRule(
        "DS0106",
        "Two operations share a record name",
        "Operations '{0}' and '{1}' both write records named '{2}'; give one of them a distinct stable name with [Operation(\"name\")]",
        "A record is dispatched on replay by the name it carries, so every operation of a class needs its own name. Overloads share the method name and need explicit stable names.");

    /// <summary>DS0107: the class already declares a member the generator would emit.</summary>
    public static readonly DiagnosticDescriptor GeneratedMemberConflict = GeneratorRule(
        "DS0107",
        "A member conflicts with a generated member",
        "'{0}' already declares '{1}', which the generator emits for {2}",
        "The generator adds OpenAsync, DisposeAsync, DurableStatus, Read, one XxxAsync entry point per operation and one Xxx member per [Query] XxxCore to a [DurableState] class. Rename the conflicting member, or give the operation or query a different name.");

    /// <summary>DS0108: the operation's result cannot be returned through a ValueTask.</summary>
    public static readonly DiagnosticDescriptor UnsupportedResultType = GeneratorRule(
        "DS0108",
        "An operation's return type cannot be awaited",
        "Operation '{0}' returns '{1}', which the generated entry point cannot return through a ValueTask: {2}",
        "The generated XxxAsync returns ValueTask<T> for an operation returning T. Ref returns, ref structs (spans) and pointers cannot be type arguments; return a copy instead.");

    /// <summary>DS0109: a nested state class the generated code cannot extend.</summary>
    public static readonly DiagnosticDescriptor UnreachableDurableState = GeneratorRule(
        "DS0109",
        "A nested [DurableState] class needs partial, non-generic enclosing types",
        "[DurableState] class '{0}' cannot be generated: {1}",
        "Generated code extends the class, so every enclosing type must be a non-generic partial type. The class itself may have any accessibility: its formatters are composed statically inside it.");

    /// <summary>DS0110: a stable operation name that is empty.</summary>
    public static readonly DiagnosticDescriptor EmptyOperationName = GeneratorRule(
        "DS0110",
        "An operation's stable name cannot be empty",
        "Operation '{0}' has an empty stable name; write [Operation] to use the method name or give a non-empty name",
        "The stable name is written into every record and used to find the operation on replay.");

    /// <summary>DS0111: an <c>[Operation]</c> method outside any <c>[DurableState]</c> class.</summary>
    public static readonly DiagnosticDescriptor OperationOutsideDurableState = GeneratorRule(
        "DS0111",
        "An [Operation] method must be declared in a [DurableState] class",
        "Operation '{0}' is declared in '{1}', which is not a [DurableState] class, so nothing logs or replays it",
        "Only the operations of a [DurableState] class get a logged entry point and a replay path. Mark the class [DurableState] or remove the attribute.");

    /// <summary>DS0112: a <c>[Query]</c> member whose name does not end in <c>Core</c>.</summary>
    public static readonly DiagnosticDescriptor QueryName = GeneratorRule(
        "DS0112",
        "A [Query] member must be named XxxCore",
        "Query '{0}' must be named '{0}Core': the generator emits the public '{0}' that takes the store's read lock and calls '{0}Core'",
        "The private [Query] member is the body; the generated public member, named without the Core suffix, runs it under the store's read lock. Rename the query (callers keep calling the public name).");

    /// <summary>DS0113: a <c>[Query]</c> member of a shape the generator cannot wrap.</summary>
    public static readonly DiagnosticDescriptor QueryShape = GeneratorRule(
        "DS0113",
        "A [Query] member must be a private, synchronous instance method or get-only property of a [DurableState] class",
        "Query '{0}' cannot be generated: {1}",
        "A query runs under the store's read lock and returns before the lock is released: it must be a private instance method (not generic, async or an iterator, with value parameters and a result) or a private get-only property, declared in a [DurableState] class.");

    /// <summary>DS0114: a <c>[Query]</c> whose result could change after the read lock is released.</summary>
    public static readonly DiagnosticDescriptor QueryResultMutable = GeneratorRule(
        "DS0114",
        "A query must return a value that cannot change after the lock is released",
        "Query '{0}' returns '{1}', which could still change or be changed after the store's read lock is released ({2}); return a value type, an immutable type or an immutable copy such as ToImmutableArray()",
        "The generated member releases the read lock when the query returns; anything the caller can then change, or that the apply thread keeps changing (a durable collection, a read-only view of one, a mutable object), would race the apply thread or bypass the log. Return values, strings, immutable records or System.Collections.Immutable copies.");

    /// <summary>DS0115: an operation parameter of type CancellationToken.</summary>
    public static readonly DiagnosticDescriptor CancellationTokenParameter = GeneratorRule(
        "DS0115",
        "An operation cannot take a CancellationToken",
        "Parameter '{0}' of operation '{1}' is a CancellationToken: the generated '{2}' already takes one as its last parameter (observed until the record is handed to the log), and a token cannot be logged or replayed; remove the parameter",
        "An operation's apply runs after its record is durable and again on replay, where no caller's token exists: it must not be cancelled half way. The generated XxxAsync entry point already takes a CancellationToken as its last parameter.");

    /// <summary>DS0116: an operation whose result could change after the apply, or lets the caller change durable state.</summary>
    public static readonly DiagnosticDescriptor OperationResultMutable = GeneratorRule(
        "DS0116",
        "An operation must return a value that cannot change after the apply",
        "Operation '{0}' returns '{1}', which could still change or be changed after '{2}' hands it to the caller ({3}); return a value type, an immutable type or an immutable copy such as ToImmutableArray()",
        "The generated XxxAsync hands the operation's result to the caller after the apply, outside the store's write lock. A durable collection (or a view or lazy query over one) returned that way races the apply thread, and a mutable object lets the caller change durable state without a log record. The rule is the one for a [Query]'s result (DS0114): return values, strings, immutable records or System.Collections.Immutable copies.");

    /// <summary>DS0117: a <c>[DurableState]</c> record.</summary>
    public static readonly DiagnosticDescriptor DurableRecord = GeneratorRule(
        "DS0117",
        "A [DurableState] type must be a class, not a record",
        "[DurableState] type '{0}' is a record: its compiler-generated ToString, Equals, GetHashCode and 'with' copy read every field without the store's lock (racing the apply thread), and a 'with' copy would be a second, unlogged state; declare it as a partial class",
        "A record's compiler-generated members are public and read all of its fields directly, outside the store's read lock, so they race the apply thread; 'with' makes a copy that shares the durable collections of the original. Declare the durable state as a class, and write queries for what callers need.");

    private static DiagnosticDescriptor GeneratorRule(string id, string title, string message, string description) =>
        new(
            id,
            title,
            message,
            GeneratorCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: description,
            helpLinkUri: "https://github.com/durably/durably/blob/main/docs/diagnostics/" + id + ".md");
}
