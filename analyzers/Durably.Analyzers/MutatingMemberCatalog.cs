using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Durably.Analyzers;

/// <summary>
/// The methods known to change the object they are called on (or one argument of a static call):
/// the BCL collections, <c>StringBuilder</c> and <c>Array</c>, plus what a project adds with the
/// <c>durably.additional_mutating_methods</c> option. Calls of methods not listed are not reported.
/// </summary>
internal sealed class MutatingMemberCatalog
{
    /// <summary>The option key, read from .editorconfig / .globalconfig.</summary>
    public const string AdditionalMutatingMethodsOption = "durably.additional_mutating_methods";

    // "Type: Member Member@parameter ..." — a member without @ changes its receiver (for a static
    // extension method, its first argument); @name names the argument it changes; @0 is the first.
    private static readonly string[] BuiltInSpecs =
    [
        "System.Collections.Generic.List`1: Add AddRange Insert InsertRange Remove RemoveAll RemoveAt RemoveRange Clear Sort Reverse TrimExcess EnsureCapacity",
        "System.Collections.Generic.Dictionary`2: Add TryAdd Remove Clear TrimExcess EnsureCapacity",
        "System.Collections.Generic.HashSet`1: Add Remove RemoveWhere Clear UnionWith IntersectWith ExceptWith SymmetricExceptWith TrimExcess EnsureCapacity",
        "System.Collections.Generic.SortedSet`1: Add Remove RemoveWhere Clear UnionWith IntersectWith ExceptWith SymmetricExceptWith",
        "System.Collections.Generic.SortedDictionary`2: Add TryAdd Remove Clear",
        "System.Collections.Generic.SortedList`2: Add TryAdd Remove RemoveAt Clear SetValueAtIndex TrimExcess",
        "System.Collections.Generic.OrderedDictionary`2: Add TryAdd Insert Remove RemoveAt Clear SetAt TrimExcess EnsureCapacity",
        "System.Collections.Generic.Queue`1: Enqueue Dequeue TryDequeue Clear TrimExcess EnsureCapacity",
        "System.Collections.Generic.Stack`1: Push Pop TryPop Clear TrimExcess EnsureCapacity",
        "System.Collections.Generic.LinkedList`1: AddFirst AddLast AddBefore AddAfter Remove RemoveFirst RemoveLast Clear",
        "System.Collections.Generic.PriorityQueue`2: Enqueue Dequeue TryDequeue EnqueueDequeue DequeueEnqueue EnqueueRange Remove Clear TrimExcess EnsureCapacity",
        "System.Collections.Generic.ICollection`1: Add Remove Clear",
        "System.Collections.Generic.IList`1: Insert RemoveAt",
        "System.Collections.Generic.IDictionary`2: Add Remove",
        "System.Collections.Generic.ISet`1: Add UnionWith IntersectWith ExceptWith SymmetricExceptWith",
        "System.Collections.Generic.CollectionExtensions: TryAdd Remove AddRange InsertRange",
        "System.Collections.ObjectModel.Collection`1: Add Insert Remove RemoveAt Clear",
        "System.Collections.ObjectModel.ObservableCollection`1: Move",
        "System.Collections.Concurrent.ConcurrentDictionary`2: TryAdd TryRemove TryUpdate AddOrUpdate GetOrAdd Clear",
        "System.Collections.Concurrent.ConcurrentQueue`1: Enqueue TryDequeue Clear",
        "System.Collections.Concurrent.ConcurrentStack`1: Push PushRange TryPop TryPopRange Clear",
        "System.Collections.Concurrent.ConcurrentBag`1: Add TryTake Clear",
        "System.Collections.ArrayList: Add AddRange Insert InsertRange Remove RemoveAt RemoveRange Clear Sort Reverse SetRange",
        "System.Collections.Hashtable: Add Remove Clear",
        "System.Collections.IList: Add Insert Remove RemoveAt Clear",
        "System.Collections.IDictionary: Add Remove Clear",
        "System.Runtime.InteropServices.CollectionsMarshal: SetCount@0 GetValueRefOrAddDefault@0 GetValueRefOrNullRef@0",
        "System.Array: Clear@0 Fill@0 Sort@0 Reverse@0 Copy@destinationArray ConstrainedCopy@destinationArray CopyTo@array SetValue Initialize",
        "System.Text.StringBuilder: Append AppendLine AppendFormat AppendJoin Insert Remove Replace Clear EnsureCapacity",
    ];

    private static readonly ImmutableDictionary<string, ImmutableDictionary<string, string?>> BuiltIn = Parse(BuiltInSpecs);

    private readonly ConcurrentDictionary<INamedTypeSymbol, string> _typeNames = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<string, ConfiguredMutators> _configured = new(StringComparer.Ordinal);

    /// <summary>
    /// When <paramref name="invocation"/> is a known mutating call, the operand it changes and the
    /// method's display name.
    /// </summary>
    public bool TryGetMutatedOperand(IInvocationOperation invocation, string? configuredMethods, out IOperation? operand, out string methodName)
    {
        IMethodSymbol? method = invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod;
        ConfiguredMutators configured = string.IsNullOrWhiteSpace(configuredMethods)
            ? ConfiguredMutators.None
            : _configured.GetOrAdd(configuredMethods!, ConfiguredMutators.Parse);

        // An override (a List<T> subclass's Add) changes the receiver like the member it overrides.
        for (int depth = 0; method is not null && depth < 8; depth++, method = method.OverriddenMethod)
        {
            IMethodSymbol definition = method.OriginalDefinition;
            string typeName = TypeName(definition.ContainingType);
            string? parameter = null;
            bool found = (BuiltIn.TryGetValue(typeName, out ImmutableDictionary<string, string?>? members)
                    && members.TryGetValue(definition.Name, out parameter))
                || configured.Contains(typeName, definition.Name);
            if (found)
            {
                methodName = definition.ContainingType.Name + "." + definition.Name;
                operand = MutatedOperand(invocation, parameter);
                return operand is not null;
            }
        }

        operand = null;
        methodName = string.Empty;
        return false;
    }

    private static IOperation? MutatedOperand(IInvocationOperation invocation, string? parameter)
    {
        if (parameter is null && !invocation.TargetMethod.IsStatic)
        {
            return invocation.Instance;
        }

        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (argument.Parameter is null)
            {
                continue;
            }

            bool matches = parameter is null or "0"
                ? argument.Parameter.Ordinal == 0
                : argument.Parameter.Name == parameter;
            if (matches)
            {
                return argument.Value;
            }
        }

        return null;
    }

    private string TypeName(INamedTypeSymbol type) => _typeNames.GetOrAdd(type, static t => MetadataName(t));

    private static string MetadataName(INamedTypeSymbol type)
    {
        string name = type.MetadataName;
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            name = outer.MetadataName + "." + name;
        }

        return type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + name : name;
    }

    private static ImmutableDictionary<string, ImmutableDictionary<string, string?>> Parse(string[] specs)
    {
        var types = ImmutableDictionary.CreateBuilder<string, ImmutableDictionary<string, string?>>(StringComparer.Ordinal);
        foreach (string spec in specs)
        {
            int colon = spec.IndexOf(':');
            var members = ImmutableDictionary.CreateBuilder<string, string?>(StringComparer.Ordinal);
            foreach (string member in spec.Substring(colon + 1).Split([' '], StringSplitOptions.RemoveEmptyEntries))
            {
                int at = member.IndexOf('@');
                members[at < 0 ? member : member.Substring(0, at)] = at < 0 ? null : member.Substring(at + 1);
            }

            types[spec.Substring(0, colon)] = members.ToImmutable();
        }

        return types.ToImmutable();
    }

    /// <summary>
    /// The project's additions: <c>Ns.Type.Method</c> or <c>M:Ns.Type.Method</c> (every overload;
    /// a property name means its setter), <c>T:Ns.Type</c> for every method of a type; separated by
    /// <c>;</c>. Generic types may be written with or without their arity (<c>Ns.Bag`1.Put</c>).
    /// </summary>
    private sealed class ConfiguredMutators
    {
        public static readonly ConfiguredMutators None = new(new HashSet<string>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal));

        private readonly HashSet<string> _methods;
        private readonly HashSet<string> _types;

        private ConfiguredMutators(HashSet<string> methods, HashSet<string> types)
        {
            _methods = methods;
            _types = types;
        }

        public static ConfiguredMutators Parse(string value)
        {
            var methods = new HashSet<string>(StringComparer.Ordinal);
            var types = new HashSet<string>(StringComparer.Ordinal);
            foreach (string raw in value.Split([';', ','], StringSplitOptions.RemoveEmptyEntries))
            {
                string entry = raw.Trim();
                if (entry.StartsWith("T:", StringComparison.Ordinal))
                {
                    // "T:Ns.Type" is a whole type; "T:Ns.Type.Method" is read as a method as well.
                    types.Add(entry.Substring(2));
                    methods.Add(entry.Substring(2));
                }
                else if (entry.StartsWith("M:", StringComparison.Ordinal) || entry.StartsWith("P:", StringComparison.Ordinal))
                {
                    methods.Add(entry.Substring(2));
                }
                else if (entry.Length > 0)
                {
                    methods.Add(entry);
                }
            }

            return new ConfiguredMutators(methods, types);
        }

        public bool Contains(string typeName, string methodName)
        {
            if (_methods.Count == 0 && _types.Count == 0)
            {
                return false;
            }

            string withoutArity = RemoveArity(typeName);
            if (_types.Contains(typeName) || _types.Contains(withoutArity))
            {
                return true;
            }

            string member = methodName.StartsWith("set_", StringComparison.Ordinal) ? methodName.Substring(4) : methodName;
            return _methods.Contains(typeName + "." + member) || _methods.Contains(withoutArity + "." + member);
        }

        private static string RemoveArity(string typeName)
        {
            if (typeName.IndexOf('`') < 0)
            {
                return typeName;
            }

            var builder = new System.Text.StringBuilder(typeName.Length);
            bool skipping = false;
            foreach (char c in typeName)
            {
                if (c == '`')
                {
                    skipping = true;
                }
                else if (skipping && char.IsDigit(c))
                {
                    continue;
                }
                else
                {
                    skipping = false;
                    builder.Append(c);
                }
            }

            return builder.ToString();
        }
    }
}
