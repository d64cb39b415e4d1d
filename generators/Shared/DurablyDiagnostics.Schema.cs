// The schema half of the diagnostic catalogue (DS0200..DS0229): the code checked against
// DurableSchema.lock. Reported by the analyzers (SchemaLockAnalyzer); linked into the generator too.
using Microsoft.CodeAnalysis;

#if !DURABLY_ANALYZERS
#pragma warning disable RS2000, RS2008
#endif

namespace Durably.SourceModel;

internal static partial class DurablyDiagnostics
{
    private const string SchemaCategory = "Durably.Schema";
    private const string Update = "'dotnet build -p:DurablyUpdateSchema=true'";

    /// <summary>DS0200: a compatible change is not yet recorded in the lock (warning, with a code fix).</summary>
    public static readonly DiagnosticDescriptor SchemaLockOutOfDate = SchemaRule(
        "DS0200",
        "Schema lock out of date",
        "Schema lock out of date: {0}; these changes are compatible with existing logs: record them with " + Update + " or the code fix, and commit DurableSchema.lock",
        "The code made a compatible change to what is durable (a new operation, a parameter appended with a default, a widened type, a new enum member, a member appended to a user type, a new state field). Old records still replay correctly; record the change in DurableSchema.lock so that the next change is checked against it.",
        DiagnosticSeverity.Warning);

    /// <summary>DS0201: the project has durable classes but no lock (warning).</summary>
    public static readonly DiagnosticDescriptor SchemaLockMissing = SchemaRule(
        "DS0201",
        "No schema lock",
        "'{0}' is a [DurableState] class but the project has no DurableSchema.lock, so nothing checks that new versions can replay old logs: create it with " + Update + " and commit it (a project that references Durably as a project, not as a package, also adds <AdditionalFiles Include=\"DurableSchema.lock\" />)",
        "DurableSchema.lock records the operations, parameters, enums, user types and state fields that have been shipped, so that the build can refuse a change that would replay old records wrongly.",
        DiagnosticSeverity.Warning);

    /// <summary>DS0202: an operation in the lock has no [Operation] any more.</summary>
    public static readonly DiagnosticDescriptor LockedOperationMissing = SchemaRule(
        "DS0202",
        "Operation in the schema lock was removed or renamed",
        "Operation '{1}' of '{0}' is in DurableSchema.lock ({2}) but no [Operation] is named '{1}' any more, so its records in existing logs cannot be replayed; {3}",
        "Records name their operation. A renamed method keeps its records readable with [Operation(\"old name\")]; an operation that is no longer wanted stays (it may do nothing new) until snapshots cover all its records, and is then removed from DurableSchema.lock by deleting its lines deliberately.");

    /// <summary>DS0203: parameters of an operation changed position.</summary>
    public static readonly DiagnosticDescriptor ParametersReordered = SchemaRule(
        "DS0203",
        "Operation parameters reordered",
        "Parameter '{2}' of operation '{1}' in '{0}' is at position {3}, but DurableSchema.lock has it at position {4} ({5}): old records would hand their arguments to the wrong parameters; keep the locked order ({6}; the code has {7}) and append new parameters at the end with a default, or add an operation with a new name",
        "Records hold the arguments by position. Swapping two parameters of the same type compiles and replays silently wrong, so the order in DurableSchema.lock is kept.");

    /// <summary>DS0204: a locked parameter was removed.</summary>
    public static readonly DiagnosticDescriptor ParameterRemoved = SchemaRule(
        "DS0204",
        "Operation parameter removed",
        "Parameter {3} '{2}' ({4}) of operation '{1}' in '{0}' is in DurableSchema.lock but was removed: old records still carry it and could not be replayed; keep the parameter (the apply may ignore it), or add an operation with a new name",
        "Records hold every argument they were written with; a version that drops a parameter cannot replay them faithfully.");

    /// <summary>DS0205: a parameter old records lack has no default.</summary>
    public static readonly DiagnosticDescriptor ParameterWithoutDefault = SchemaRule(
        "DS0205",
        "Operation parameter without a default that old records lack",
        "Parameter {3} '{2}' ({4}) of operation '{1}' in '{0}' {5}: records written before it existed cannot supply it; give it a default value (for example '{2} = default'), which old records replay with",
        "Appending a parameter is compatible only with a default value: records written before it existed replay with the default.");

    /// <summary>DS0206: a wire shape changed incompatibly.</summary>
    public static readonly DiagnosticDescriptor IncompatibleWireShape = SchemaRule(
        "DS0206",
        "Durable type changed incompatibly",
        "{0} is '{1}' in DurableSchema.lock but '{2}' in the code, which old records cannot be read as; compatible changes are " + Schema.WireCompatibility.CompatibleChangesText + "; otherwise {3}",
        "Old records and snapshots were written with the locked shape and must still read correctly.");

    /// <summary>DS0207: an enum member's value changed, was reused or removed.</summary>
    public static readonly DiagnosticDescriptor EnumValueChanged = SchemaRule(
        "DS0207",
        "Enum member value changed or reused",
        "Enum member '{0}.{1}' {2}, but DurableSchema.lock has {1} = {3}: old records hold the number, so they would replay as another member; give the enum explicit values (keep {1} = {3}) and give new members new values",
        "Enums are written as their numbers. Reordering members without explicit values, changing a value or reusing a removed member's value makes old records mean something else.");

    /// <summary>DS0208: a member of a positional user type moved or was removed.</summary>
    public static readonly DiagnosticDescriptor DataMemberMoved = SchemaRule(
        "DS0208",
        "Member inserted, moved or removed in a durable user type",
        "Member '{1}' of '{0}' {2}: values in old records are positional, so they would be read into the wrong members; keep existing members in their locked order ({3}; the code has {4}) and add new members at the end",
        "A user type used in a record or in the state is written as an array of its members (constructor parameters first, then settable members). Members may only be appended.");

    /// <summary>DS0209: a [DurableState] class in the lock is gone.</summary>
    public static readonly DiagnosticDescriptor LockedStateMissing = SchemaRule(
        "DS0209",
        "[DurableState] class in the schema lock is missing",
        "[DurableState] class '{0}' is in DurableSchema.lock but not in this project, so the logs it wrote cannot be replayed; if it was renamed or moved, change its 'state {0}' line in DurableSchema.lock to the new name; if it is gone deliberately, delete its section",
        "Every locked state class must still exist under the locked name, or the lock must say where it went.");

    /// <summary>DS0210: the lock cannot be read.</summary>
    public static readonly DiagnosticDescriptor SchemaLockUnreadable = SchemaRule(
        "DS0210",
        "Schema lock cannot be read",
        "DurableSchema.lock cannot be read ({0}), so the build cannot check that this version replays old logs; restore it from version control or fix that line",
        "The lock is text written by the build; a hand edit or merge conflict left it unreadable.");

    /// <summary>DS0211: a locked state field was removed (or renamed), so snapshots would drop its value.</summary>
    public static readonly DiagnosticDescriptor LockedFieldMissing = SchemaRule(
        "DS0211",
        "State field in the schema lock was removed or renamed",
        "State field '{1}' ({2}) of '{0}' is in DurableSchema.lock but not in the code: snapshots store fields by name and skip names they do not know, so opening from a snapshot would drop its value and replay only the records after the snapshot, leaving the state silently wrong{3}; keep the field, or, once you accept that its value is dropped, delete its 'field {1}' line from DurableSchema.lock deliberately",
        "A snapshot holds each state field under its name. A field that is removed loses the value existing snapshots hold; a renamed field is a removed field plus a new one, which starts empty when the state is restored from a snapshot while a full replay would fill it, so the two ways of opening disagree. Keep the field's name; remove a field from the lock only deliberately, accepting that its value is dropped.");

    /// <summary>DS0212: the default value old records replay with changed.</summary>
    public static readonly DiagnosticDescriptor DefaultValueChanged = SchemaRule(
        "DS0212",
        "Default value changed",
        "{0} has the default value {2} in the code but {1} in DurableSchema.lock: records and values written before it existed replay with the default, so they would now read as {2} instead of {1}; keep the default {1}, or {3}",
        "Old records that lack an appended parameter, and old values of a user type that lack an appended member, are read with the default value. Changing the default changes what old records mean, so DurableSchema.lock records it.");

    /// <summary>DS0213: a required member was appended to a durable user type.</summary>
    public static readonly DiagnosticDescriptor RequiredMemberAppended = SchemaRule(
        "DS0213",
        "Required member appended to a durable user type",
        "Member {2} '{1}' ({3}) of '{0}' is required but not in DurableSchema.lock: values written before it existed lack it, and a required member has no initial value to fall back on, so they would read it as the type's default (null for a string) however it is declared; append it as an init or settable member with an initial value, or as a constructor parameter with a default value",
        "Old values of a user type that lack an appended member get the member's initial value or its constructor parameter's default. A required member has neither: it is always set when the value is created, so an old value would silently set it to default.");

    private static DiagnosticDescriptor SchemaRule(string id, string title, string message, string description, DiagnosticSeverity severity = DiagnosticSeverity.Error) =>
        new(id, title, message, SchemaCategory, severity, isEnabledByDefault: true, description: description,
            helpLinkUri: AnalyzerHelpLinkPrefix + id + ".md", customTags: WellKnownDiagnosticTags.CompilationEnd);
}
