using Durably.SourceModel.Schema;

namespace Durably.Runtime;

/// <summary>
/// Whether a field's value stored as one C# type (its name as the generated codec records it in
/// a snapshot) reads correctly as another, by the rules docs/versioning.md gives for records: the
/// same wire shape (List&lt;T&gt;, T[] and other sequences are all array&lt;T&gt;; dictionaries are
/// maps), a wider integer of the same sign or an unsigned one into a wider signed one, float to
/// double, T to T?, and these inside arrays, maps and tuples. Anything else (a narrowing, which
/// MessagePack may decode silently, e.g. 1e300 as float infinity) is not compatible.
/// </summary>
internal static class SnapshotFieldCompatibility
{
    private static readonly Dictionary<string, string> Keywords = new(StringComparer.Ordinal)
    {
        ["sbyte"] = "int8",
        ["short"] = "int16",
        ["int"] = "int32",
        ["long"] = "int64",
        ["byte"] = "uint8",
        ["ushort"] = "uint16",
        ["uint"] = "uint32",
        ["ulong"] = "uint64",
        ["float"] = "float32",
        ["double"] = "float64",
        ["System.SByte"] = "int8",
        ["System.Int16"] = "int16",
        ["System.Int32"] = "int32",
        ["System.Int64"] = "int64",
        ["System.Byte"] = "uint8",
        ["System.UInt16"] = "uint16",
        ["System.UInt32"] = "uint32",
        ["System.UInt64"] = "uint64",
        ["System.Single"] = "float32",
        ["System.Double"] = "float64",
        ["System.Half"] = "float16",
        ["System.String"] = "string",
        ["System.Boolean"] = "bool",
        ["System.Decimal"] = "decimal",
        ["System.Char"] = "char",
    };

    private static readonly HashSet<string> Sequences = new(StringComparer.Ordinal)
    {
        "System.Collections.Generic.List",
        "System.Collections.Generic.HashSet",
        "System.Collections.Generic.SortedSet",
        "System.Collections.Generic.IEnumerable",
        "System.Collections.Generic.IReadOnlyCollection",
        "System.Collections.Generic.IReadOnlyList",
        "System.Collections.Generic.ICollection",
        "System.Collections.Generic.IList",
        "System.Collections.Generic.ISet",
        "System.Collections.Generic.IReadOnlySet",
        "System.Collections.Immutable.IImmutableList",
        "System.Collections.Immutable.IImmutableSet",
        "System.Collections.Immutable.IImmutableQueue",
        "System.Collections.Immutable.IImmutableStack",
        "System.Collections.Immutable.ImmutableArray",
        "System.Collections.Immutable.ImmutableList",
        "System.Collections.Immutable.ImmutableHashSet",
        "System.Collections.Immutable.ImmutableSortedSet",
        "System.Collections.Immutable.ImmutableQueue",
        "System.Collections.Immutable.ImmutableStack",
    };

    private static readonly HashSet<string> Maps = new(StringComparer.Ordinal)
    {
        "System.Collections.Generic.Dictionary",
        "System.Collections.Generic.SortedDictionary",
        "System.Collections.Generic.IDictionary",
        "System.Collections.Generic.IReadOnlyDictionary",
        "System.Collections.Immutable.IImmutableDictionary",
        "System.Collections.Immutable.ImmutableDictionary",
        "System.Collections.Immutable.ImmutableSortedDictionary",
    };

    // Kinds that are reference types: a '?' on them is an annotation, not a different wire shape.
    private static readonly HashSet<string> ReferenceKinds = new(StringComparer.Ordinal) { "string", "array", "map", "binary" };

    /// <summary>True when every value stored as <paramref name="stored"/> reads correctly as <paramref name="current"/>.</summary>
    internal static bool CanRead(string stored, string current) =>
        string.Equals(stored, current, StringComparison.Ordinal) || CanRead(Parse(stored), Parse(current));

    private static bool CanRead(Shape stored, Shape current)
    {
        if (stored.Nullable && !current.Nullable && !ReferenceKinds.Contains(stored.Kind))
        {
            return false;
        }

        if (stored.Kind != current.Kind)
        {
            return stored.Arguments.Length == 0 && current.Arguments.Length == 0
                && WireWidenings.Widens(stored.Kind, current.Kind);
        }

        if (stored.Arguments.Length != current.Arguments.Length)
        {
            return false;
        }

        for (int i = 0; i < stored.Arguments.Length; i++)
        {
            if (!CanRead(stored.Arguments[i], current.Arguments[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static Shape Parse(string name)
    {
        name = name.Trim();
        if (name.EndsWith('?'))
        {
            return Parse(name[..^1]) with { Nullable = true };
        }

        if (name.EndsWith(']'))
        {
            int open = name.LastIndexOf('[');
            string element = name[..open];
            string rank = name[open..];
            return element is "byte" or "System.Byte" && rank == "[]"
                ? new Shape("binary", [], false)
                : new Shape("array" + rank, [Parse(element)], false);
        }

        if (name.StartsWith('(') && name.EndsWith(')'))
        {
            return new Shape("tuple", [.. SplitTopLevel(name[1..^1]).Select(e => Parse(WithoutElementName(e)))], false);
        }

        int generic = name.IndexOf('<', StringComparison.Ordinal);
        if (generic > 0 && name.EndsWith('>'))
        {
            string definition = name[..generic];
            Shape[] arguments = [.. SplitTopLevel(name[(generic + 1)..^1]).Select(Parse)];
            if (definition == "System.Nullable" && arguments.Length == 1)
            {
                return arguments[0] with { Nullable = true };
            }

            if (definition == "System.ValueTuple" || definition == "System.Collections.Generic.KeyValuePair")
            {
                return new Shape("tuple", arguments, false);
            }

            if (Sequences.Contains(definition) && arguments.Length == 1)
            {
                return new Shape("array[]", arguments, false);
            }

            return Maps.Contains(definition) && arguments.Length == 2
                ? new Shape("map", arguments, false)
                : new Shape(definition + "`" + arguments.Length, arguments, false);
        }

        return new Shape(Keywords.GetValueOrDefault(name, name), [], false);
    }

    /// <summary>A tuple element as displayed, <c>int Count</c>, without its name.</summary>
    private static string WithoutElementName(string element)
    {
        element = element.Trim();
        int depth = 0;
        for (int i = element.Length - 1; i >= 0; i--)
        {
            char c = element[i];
            depth += c is '>' or ')' or ']' ? 1 : c is '<' or '(' or '[' ? -1 : 0;
            if (c == ' ' && depth == 0)
            {
                return element[..i];
            }
        }

        return element;
    }

    private static List<string> SplitTopLevel(string list)
    {
        var parts = new List<string>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < list.Length; i++)
        {
            char c = list[i];
            if (c is '<' or '(' or '[')
            {
                depth++;
            }
            else if (c is '>' or ')' or ']')
            {
                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                parts.Add(list[start..i].Trim());
                start = i + 1;
            }
        }

        parts.Add(list[start..].Trim());
        return parts;
    }

    private sealed record Shape(string Kind, Shape[] Arguments, bool Nullable);
}
