// Shared by the generator, the analyzers and the code fixes: the durable schema of one project,
// as recorded in DurableSchema.lock and as extracted from the code.
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Durably.SourceModel.Schema;

/// <summary>
/// Everything a project has made durable: its <c>[DurableState]</c> classes with their operations
/// and state fields, and the enums and user types reachable from them, each keyed by full name.
/// </summary>
internal sealed class SchemaDocument
{
    public SortedDictionary<string, StateSchema> States { get; } = new(System.StringComparer.Ordinal);

    public SortedDictionary<string, EnumSchema> Enums { get; } = new(System.StringComparer.Ordinal);

    public SortedDictionary<string, DataTypeSchema> Types { get; } = new(System.StringComparer.Ordinal);
}

/// <summary>One <c>[DurableState]</c> class: operations by stable name, state fields by snapshot key.</summary>
internal sealed class StateSchema(string name, ISymbol? symbol)
{
    public string Name { get; } = name;

    /// <summary>The class in the code (null when read from a lock).</summary>
    public ISymbol? Symbol { get; } = symbol;

    public SortedDictionary<string, OperationSchema> Operations { get; } = new(System.StringComparer.Ordinal);

    public SortedDictionary<string, FieldSchema> Fields { get; } = new(System.StringComparer.Ordinal);
}

/// <summary>One operation: its stable record name and its parameters in record order.</summary>
internal sealed class OperationSchema(string name, ISymbol? symbol)
{
    public string Name { get; } = name;

    public ISymbol? Symbol { get; } = symbol;

    public List<ParameterSchema> Parameters { get; } = [];
}

/// <summary>One parameter: its name, wire shape, whether old records may omit it and the value they then replay with.</summary>
internal sealed class ParameterSchema(string name, WireShape shape, bool hasDefault, string? defaultValue, ISymbol? symbol)
{
    public string Name { get; } = name;

    public WireShape Shape { get; } = shape;

    public bool HasDefault { get; } = hasDefault;

    /// <summary>
    /// The default value as the lock writes it (<see cref="SchemaDefaultValue"/>); null without a
    /// default, or when a lock written before values were recorded says only <c>= default</c>.
    /// </summary>
    public string? DefaultValue { get; } = defaultValue;

    public ISymbol? Symbol { get; } = symbol;
}

/// <summary>One state field: its snapshot key and wire shape.</summary>
internal sealed class FieldSchema(string key, WireShape shape, ISymbol? symbol)
{
    public string Key { get; } = key;

    public WireShape Shape { get; } = shape;

    public ISymbol? Symbol { get; } = symbol;
}

/// <summary>An enum written as its underlying integer: the value of each member.</summary>
internal sealed class EnumSchema(string name, WireShape underlying, ISymbol? symbol)
{
    public string Name { get; } = name;

    public WireShape Underlying { get; } = underlying;

    public ISymbol? Symbol { get; } = symbol;

    /// <summary>Member name to value (as written: the underlying integer in invariant text).</summary>
    public SortedDictionary<string, EnumMemberSchema> Members { get; } = new(System.StringComparer.Ordinal);
}

/// <summary>One enum member and its value.</summary>
internal sealed class EnumMemberSchema(string name, decimal value, ISymbol? symbol)
{
    public string Name { get; } = name;

    public decimal Value { get; } = value;

    public ISymbol? Symbol { get; } = symbol;
}

/// <summary>A user record, class or struct written as an array of its members.</summary>
internal sealed class DataTypeSchema(string name, ISymbol? symbol)
{
    public string Name { get; } = name;

    public ISymbol? Symbol { get; } = symbol;

    /// <summary>Members in wire position.</summary>
    public List<DataMemberSchema> Members { get; } = [];
}

/// <summary>One member of a user type at its wire position, with the value a value written without it reads as.</summary>
internal sealed class DataMemberSchema(string name, WireShape shape, string? defaultValue, ISymbol? symbol, bool required = false)
{
    /// <summary>A <c>required</c> member (from the code; the lock does not record it): old values cannot leave it out.</summary>
    public bool Required { get; } = required;

    public string Name { get; } = name;

    public WireShape Shape { get; } = shape;

    /// <summary>
    /// The value a member missing from an old value gets, as the lock writes it, when the code states
    /// it as a constant (a constructor parameter's default, a settable member's constant initializer); otherwise null.
    /// </summary>
    public string? DefaultValue { get; } = defaultValue;

    public ISymbol? Symbol { get; } = symbol;
}
