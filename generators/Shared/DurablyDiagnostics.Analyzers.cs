// The analyzers' half of the one diagnostic catalogue (DS0001..DS0099). Linked into the generator
// too, so the IDs cannot collide with the generator's half (DS0100..DS0199).
using Microsoft.CodeAnalysis;

#if !DURABLY_ANALYZERS
// The generator links this half of the catalogue but does not report these IDs; their releases are
// tracked by the analyzers project (AnalyzerReleases.*.md there), so the generator must not track them.
#pragma warning disable RS2000, RS2008
#endif

namespace Durably.SourceModel;

internal static partial class DurablyDiagnostics
{
    private const string AnalyzerHelpLinkPrefix = "https://github.com/durably/durably/blob/main/docs/diagnostics/";
    private const string DurabilityCategory = "Durably.Durability";
    private const string DeterminismCategory = "Durably.Determinism";
    private const string ShapeCategory = "Durably.Shape";
    private const string DesignCategory = "Durably.Design";

    /// <summary>DS0001: a durable field or property is assigned, incremented or passed by reference outside an operation.</summary>
    public static readonly DiagnosticDescriptor MutationOutsideOperation = new(
        id: "DS0001",
        title: "Durable state is changed outside an operation",
        messageFormat: "'{0}' is durable state of '{1}' and is changed here without a log record: {2}",
        category: DurabilityCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Every change of a [DurableState] class's fields and properties must happen inside an [Operation] method of the same instance (or a private helper called only from operations), so that it is logged before it is applied and replayed after a restart.",
        helpLinkUri: AnalyzerHelpLinkPrefix + "DS0001.md");

    /// <summary>DS0002: the value held in a durable member is changed (collection mutator, element or nested member assignment) outside an operation.</summary>
    public static readonly DiagnosticDescriptor MutatingCallOutsideOperation = new(
        id: "DS0002",
        title: "The value held in durable state is changed outside an operation",
        messageFormat: "{0} changes the value held in '{1}', durable state of '{2}', without a log record: {3}",
        category: DurabilityCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Collections and objects held in a [DurableState] class are part of its state: adding to a durable list, setting a dictionary entry, assigning an array element or a property of a nested object must happen inside an operation. More mutating methods can be declared with the durably.additional_mutating_methods option.",
        helpLinkUri: AnalyzerHelpLinkPrefix + "DS0002.md");

    /// <summary>DS0003: an [Operation] method is called (or turned into a delegate) from code that is not an operation.</summary>
    public static readonly DiagnosticDescriptor DirectOperationCall = new(
        id: "DS0003",
        title: "An operation is called directly and runs without being logged",
        messageFormat: "Operation '{0}' is called directly and would run without a log record: {1}; call the generated '{2}' instead",
        category: DurabilityCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "An [Operation] method is the apply step of a logged call. Outside operations, call the generated asynchronous entry point, which writes the record durably before it runs the method.",
        helpLinkUri: AnalyzerHelpLinkPrefix + "DS0003.md");

    /// <summary>DS0004: a nondeterministic API is used inside an operation (an error; a reasoned <c>#pragma</c> can silence one use).</summary>
    public static readonly DiagnosticDescriptor NondeterminismInOperation = new(
        id: "DS0004",
        title: "Nondeterministic code inside an operation",
        messageFormat: "'{0}' {1}, so replaying {2} could give a different result; pass the value in as a parameter",
        category: DeterminismCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "An operation runs live and again on replay; both runs must compute the same state. Clocks, random numbers, GUIDs, I/O, the environment, timers, threads and awaiting are different on every run: read them before the call and pass the values in as parameters, so they are logged. Where a use is deterministic after all (a seeded generator, say), silence that one line with '#pragma warning disable DS0004' and a comment saying why.",
        helpLinkUri: AnalyzerHelpLinkPrefix + "DS0004.md");

    /// <summary>DS0005: a [DurableState] class is not partial.</summary>
    public static readonly DiagnosticDescriptor DurableClassNotPartial = new(
        id: "DS0005",
        title: "[DurableState] class must be partial",
        messageFormat: "[DurableState] class '{0}' must be declared partial so that its logged entry points can be generated",
        category: ShapeCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The generator adds the public entry points, the operation records and the replay code to the class as another part of it.",
        helpLinkUri: AnalyzerHelpLinkPrefix + "DS0005.md");

    /// <summary>DS0006: an operation is public, internal or protected.</summary>
    public static readonly DiagnosticDescriptor OperationNotPrivate = new(
        id: "DS0006",
        title: "Operation must be private",
        messageFormat: "Operation '{0}' is {1}, so it can be called without a log record; make it private and call the generated '{2}'",
        category: ShapeCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The [Operation] method is the apply step; only the generated entry point, which logs first, and other operations may call it.",
        helpLinkUri: AnalyzerHelpLinkPrefix + "DS0006.md");

    /// <summary>DS0007: an operation is static.</summary>
    public static readonly DiagnosticDescriptor OperationStatic = new(
        id: "DS0007",
        title: "Operation must not be static",
        messageFormat: "Operation '{0}' must not be static: an operation is logged and applied to one durable instance",
        category: ShapeCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Each store logs the operations applied to its own instance; a static method has no instance to log for.",
        helpLinkUri: AnalyzerHelpLinkPrefix + "DS0007.md");

    /// <summary>DS0008: an operation is async or returns an awaitable.</summary>
    public static readonly DiagnosticDescriptor OperationAsynchronous = new(
        id: "DS0008",
        title: "Operation must be synchronous",
        messageFormat: "Operation '{0}' {1}; the apply step runs in log order and again on replay, so it must finish synchronously: do the asynchronous work before calling '{2}' and pass its result in",
        category: ShapeCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The generated entry point is already asynchronous (it awaits the log); the apply body itself must not await or return a task.",
        helpLinkUri: AnalyzerHelpLinkPrefix + "DS0008.md");

    /// <summary>DS0009: a non-private member hands out a durable collection as a mutable type (warning).</summary>
    public static readonly DiagnosticDescriptor MutableStateEscapes = new(
        id: "DS0009",
        title: "Mutable durable state escapes",
        messageFormat: "'{0}' exposes durable state '{1}' as mutable '{2}', so callers could change it without a log record (and would read it outside the store's lock); return an immutable copy such as '{3}' from a [Query]",
        category: DesignCategory,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A non-private member that returns a durable collection as a mutable collection type lets any caller change durable state without a log record. A read-only view is no answer either: it is the live collection, read outside the store's lock. Make the member a private [Query] XxxCore that returns an immutable copy taken under the read lock.",
        helpLinkUri: AnalyzerHelpLinkPrefix + "DS0009.md");

    /// <summary>DS0010: an operation calls a generated entry point of its own class.</summary>
    public static readonly DiagnosticDescriptor ReentrantEntryPointCall = new(
        id: "DS0010",
        title: "Operation calls a logged entry point of its own class",
        messageFormat: "{0} calls the generated entry point '{1}': an apply step must not log another operation (it would wait on the single writer that is running it, and log again on replay); call '{2}' directly instead",
        category: DurabilityCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Inside an operation, other operations of the same instance are called directly: their effect is part of the record already being applied.",
        helpLinkUri: AnalyzerHelpLinkPrefix + "DS0010.md");

    /// <summary>DS0012: a non-private member reads durable state outside the store's read lock.</summary>
    public static readonly DiagnosticDescriptor UnsynchronizedRead = new(
        id: "DS0012",
        title: "Durable state is read outside the store's lock",
        messageFormat: "'{0}' reads durable state '{1}'{2} outside the store's read lock, so it races the apply thread (it can see an operation half applied, a torn value or a collection being resized); make it a private [Query] named '{3}Core', whose generated '{3}' takes the lock, or read inside Read(...)",
        category: DurabilityCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Operations are applied on the store's apply thread under its write lock. A public, internal or protected member that reads durable fields directly runs on the caller's thread without the lock: it can observe a half-applied operation or a corrupted collection. Queries ([Query] XxxCore, generated Xxx) and Read(...) lambdas run under the read lock; operations, queries and constructors may read state directly.",
        helpLinkUri: AnalyzerHelpLinkPrefix + "DS0012.md");

    /// <summary>DS0013: a non-private member hands out a durable object (not a collection) whose type is mutable.</summary>
    public static readonly DiagnosticDescriptor MutableObjectEscapes = new(
        id: "DS0013",
        title: "A mutable durable object escapes",
        messageFormat: "'{0}' hands out durable state '{1}' as '{2}', which can be changed ({3}), so callers could change durable state without a log record; return a copy of the values, or make the type immutable",
        category: DesignCategory,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A non-private member that returns an object held in durable state, whose type has settable properties, writable fields or mutating methods, lets callers change durable state without a log record: the change is live until the process restarts and is lost on replay. Return a value, an immutable record or a copy.",
        helpLinkUri: AnalyzerHelpLinkPrefix + "DS0013.md");

    /// <summary>DS0014: an operation is an iterator.</summary>
    public static readonly DiagnosticDescriptor OperationIterator = new(
        id: "DS0014",
        title: "Operation must not be an iterator",
        messageFormat: "Operation '{0}' is an iterator (yield): its body would run only when the result is enumerated, on the caller's thread after the apply, and replay would never run it; return a computed value instead",
        category: ShapeCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "An iterator method's body runs lazily, step by step, as the caller enumerates its result. An operation's body must run entirely inside its apply, once live and once on replay.",
        helpLinkUri: AnalyzerHelpLinkPrefix + "DS0014.md");

    /// <summary>DS0015: what a <c>Read(...)</c> lambda returns could change after the read lock is released.</summary>
    public static readonly DiagnosticDescriptor ReadResultMutable = new(
        id: "DS0015",
        title: "What Read(...) returns must not change after the lock is released",
        messageFormat: "This Read(...) returns '{0}', which could still change or be changed after the store's read lock is released ({1}); return a value type, an immutable type or an immutable copy such as ToImmutableArray()",
        category: DurabilityCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Read(...) runs its lambda under the store's read lock and releases the lock when the lambda returns. Whatever it returns is then used without the lock: a durable collection, a read-only view or a lazy query over one races the apply thread, and a mutable object lets the caller change durable state without a log record. The rule is the one for a [Query]'s result (DS0114): return values, strings, immutable records or System.Collections.Immutable copies.",
        helpLinkUri: AnalyzerHelpLinkPrefix + "DS0015.md");

    /// <summary>DS0016: an operation hands out a lambda or local function that changes durable state when it runs later.</summary>
    public static readonly DiagnosticDescriptor DeferredStateChange = new(
        id: "DS0016",
        title: "An operation hands out code that changes durable state later",
        messageFormat: "This change of durable state is inside {0} that {1} {2}: it would run later, on whatever thread calls it, after the apply and without a log record, and replay would never run it; make the change in the operation itself",
        category: DurabilityCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A lambda, a local function or a local iterator that an operation returns, stores in a field or property, subscribes to an event or wraps in a lazy sequence runs after the operation's apply has finished. A change of durable state inside it is not part of the logged operation: it happens unlogged, outside the write lock, and never on replay. Functions that run before the operation returns (invoked at once, passed to List.ForEach, LINQ consumed by Sum or ToImmutableArray, foreach over a local iterator) are fine.",
        helpLinkUri: AnalyzerHelpLinkPrefix + "DS0016.md");

    /// <summary>DS0011: an [Operation] method is declared outside a [DurableState] class.</summary>
    public static readonly DiagnosticDescriptor OperationOutsideDurableClass = new(
        id: "DS0011",
        title: "[Operation] outside a [DurableState] class",
        messageFormat: "'{0}' is marked [Operation] but '{1}' is not a [DurableState] class, so nothing logs it",
        category: ShapeCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Operations are generated only for [DurableState] classes; elsewhere the attribute has no effect and the method's changes would not be durable.",
        helpLinkUri: AnalyzerHelpLinkPrefix + "DS0011.md");
}
