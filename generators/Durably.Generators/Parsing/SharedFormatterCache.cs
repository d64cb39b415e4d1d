using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Durably.Generators.Model;

namespace Durably.Generators.Parsing;

/// <summary>
/// Merges the shared formatters of every <c>[DurableState]</c> class of a compilation into one
/// cache: each data type formatter and each closed composition once, by type, with names allocated
/// across the assembly. Works on values only, so an unchanged set of types merges to an equal model.
/// </summary>
internal static class SharedFormatterCache
{
    /// <summary>The namespace of the generated cache class.</summary>
    public const string Namespace = "Durably.Generated";

    /// <summary>The generated file's name.</summary>
    public const string HintName = "Durably.Formatters.g.cs";

    /// <summary>
    /// The cache class of an assembly, named after it: <c>internal</c>, so another assembly that sees
    /// this one's internals (InternalsVisibleTo) must not find a class of the same name, which the
    /// compiler would report as a conflict (CS0436) in that assembly's own generated code.
    /// </summary>
    public static string ClassName(string? assemblyName) =>
        (string.IsNullOrEmpty(assemblyName) ? string.Empty : NameAllocator.ToIdentifier(assemblyName!)) + "Formatters";

    /// <summary>Merges the sets by type and allocates the names of fields and formatter classes.</summary>
    public static FormatterCacheSpec Merge(ImmutableArray<SharedFormatterSet> sets, string? assemblyName)
    {
        var formatters = new SortedDictionary<string, FormatterFieldSpec>(StringComparer.Ordinal);
        var dataTypes = new SortedDictionary<string, DataTypeSpec>(StringComparer.Ordinal);
        foreach (SharedFormatterSet set in sets)
        {
            foreach (FormatterFieldSpec formatter in set.Formatters)
            {
                AddOnce(formatters, formatter.Key, formatter);
            }

            foreach (DataTypeSpec dataType in set.DataTypes)
            {
                AddOnce(dataTypes, dataType.TypeName, dataType);
            }
        }

        string className = ClassName(assemblyName);
        var names = new NameAllocator([className]);

        // Fields first (state classes refer to them), each by its short name unless another type
        // has the same one; then the formatter classes, which only this class refers to.
        var fieldNames = Allocate(names, formatters.Values.Select(f => (f.Key, f.FieldName, f.QualifiedName)));
        var classNames = Allocate(names, dataTypes.Values.Select(d => (d.TypeName, d.FormatterName, d.QualifiedFormatterName)));

        return new FormatterCacheSpec(
            className,
            dataTypes.Values.Select(d => d with { FormatterName = classNames[d.TypeName] }).ToEquatableArray(),
            formatters.Values
                .OrderBy(f => f.Depth)
                .ThenBy(f => f.Key, StringComparer.Ordinal)
                .Select(f => f with { FieldName = fieldNames[f.Key] })
                .ToEquatableArray());
    }

    /// <summary>The field names of the cache, by key: all a state class's file needs from it.</summary>
    public static EquatableArray<SharedFormatterName> Names(FormatterCacheSpec cache) =>
        cache.Formatters.Select(f => new SharedFormatterName(f.Key, f.FieldName)).OrderBy(n => n.Key, StringComparer.Ordinal).ToEquatableArray();

    /// <summary>What one state class's file is written from: its own result and the names of the shared fields it uses.</summary>
    public static StateOutput ForState(ParseResult result, string className, EquatableArray<SharedFormatterName> names)
    {
        var used = new HashSet<string>(result.Spec?.SharedFormatterKeys ?? EquatableArray<string>.Empty, StringComparer.Ordinal);
        return new StateOutput(
            result.WithoutShared(),
            "global::" + Namespace + "." + className,
            names.Where(n => used.Contains(n.Key)).ToEquatableArray());
    }

    private static void AddOnce<T>(SortedDictionary<string, T> byKey, string key, T value)
        where T : IEquatable<T>
    {
        if (!byKey.TryGetValue(key, out T? existing))
        {
            byKey.Add(key, value);
        }
        else if (!existing.Equals(value))
        {
            // Two state classes resolved one type differently. A shared formatter is only made
            // from what every state class sees, so this is a generator defect; stop rather than
            // write a formatter that one of them would not expect.
            throw new InvalidOperationException("Two [DurableState] classes need different formatters for " + key + ".");
        }
    }

    private static Dictionary<string, string> Allocate(NameAllocator names, IEnumerable<(string Key, string Name, string QualifiedName)> entries)
    {
        var list = entries.ToList();
        var ambiguous = new HashSet<string>(
            list.GroupBy(e => e.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key),
            StringComparer.Ordinal);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach ((string key, string name, string qualifiedName) in list)
        {
            result[key] = names.Allocate(ambiguous.Contains(name) ? qualifiedName : name);
        }

        return result;
    }
}
