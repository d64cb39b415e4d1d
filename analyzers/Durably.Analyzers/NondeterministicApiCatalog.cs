using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Durably.Analyzers;

/// <summary>
/// APIs whose result differs between the live run of an operation and its replay: clocks, random
/// numbers, GUID generators, file/network/console I/O, the process environment, timers and threads,
/// and the per-process hash seed.
/// </summary>
internal sealed class NondeterministicApiCatalog
{
    private const string Clock = "reads the clock";
    private const string RandomValue = "gives a random value";
    private const string InputOutput = "does I/O outside the durable state";
    private const string Environment = "reads the process environment";
    private const string Scheduling = "depends on thread scheduling and timing";
    private const string HashSeed = "uses a hash seed that differs in every process";

    // "Type: Member ...": * = every member; .ctor = any constructor; .ctor() = the parameterless one;
    // .ctor(string) = the ones whose first parameter is a path.
    private static readonly (string Spec, string Reason)[] TypeSpecs =
    [
        ("System.DateTime: Now UtcNow Today", Clock),
        ("System.DateTimeOffset: Now UtcNow", Clock),
        ("System.TimeProvider: System GetUtcNow GetLocalNow GetTimestamp GetElapsedTime CreateTimer LocalTimeZone", Clock),
        ("System.Diagnostics.Stopwatch: *", Clock),
        ("System.TimeZoneInfo: Local", Environment),
        ("System.Environment: TickCount TickCount64", Clock),
        ("System.Environment: GetEnvironmentVariable GetEnvironmentVariables ExpandEnvironmentVariables MachineName UserName UserDomainName ProcessId ProcessPath CurrentDirectory CurrentManagedThreadId WorkingSet ProcessorCount GetCommandLineArgs CommandLine StackTrace", Environment),
        ("System.Guid: NewGuid CreateVersion7", RandomValue),
        ("System.Random: .ctor() Shared", RandomValue),
        ("System.Security.Cryptography.RandomNumberGenerator: *", RandomValue),
        ("System.Console: *", InputOutput),
        ("System.IO.File: *", InputOutput),
        ("System.IO.Directory: *", InputOutput),
        ("System.IO.FileInfo: *", InputOutput),
        ("System.IO.DirectoryInfo: *", InputOutput),
        ("System.IO.FileSystemInfo: *", InputOutput),
        ("System.IO.FileStream: *", InputOutput),
        ("System.IO.DriveInfo: *", InputOutput),
        ("System.IO.FileSystemWatcher: *", InputOutput),
        ("System.IO.RandomAccess: *", InputOutput),
        ("System.IO.Path: GetTempFileName GetTempPath GetRandomFileName GetFullPath", InputOutput),
        ("System.IO.StreamReader: .ctor(string)", InputOutput),
        ("System.IO.StreamWriter: .ctor(string)", InputOutput),
        ("System.Net.Dns: *", InputOutput),
        ("System.Net.WebClient: *", InputOutput),
        ("System.Net.WebRequest: *", InputOutput),
        ("System.Net.HttpWebRequest: *", InputOutput),
        ("System.Diagnostics.Process: *", InputOutput),
        ("System.Threading.Tasks.Task: Run Delay Yield Factory", Scheduling),
        ("System.Threading.Tasks.TaskFactory: StartNew", Scheduling),
        ("System.Threading.Tasks.Parallel: *", Scheduling),
        ("System.Threading.Thread: .ctor Sleep", Scheduling),
        ("System.Threading.ThreadPool: QueueUserWorkItem UnsafeQueueUserWorkItem RegisterWaitForSingleObject", Scheduling),
        ("System.Threading.Timer: .ctor", Scheduling),
        ("System.Threading.PeriodicTimer: .ctor", Scheduling),
        ("System.Timers.Timer: .ctor", Scheduling),
        ("System.HashCode: *", HashSeed),
        ("System.String: GetHashCode", HashSeed),
    ];

    private static readonly (string Namespace, string Reason)[] NamespaceSpecs =
    [
        ("System.Net.Http", InputOutput),
        ("System.Net.Sockets", InputOutput),
        ("System.Net.NetworkInformation", InputOutput),
    ];

    private static readonly ImmutableDictionary<string, ImmutableArray<(string Member, string Reason)>> ByType = BuildByType();

    private readonly ConcurrentDictionary<INamedTypeSymbol, ImmutableArray<(string Member, string Reason)>> _rules = new(SymbolEqualityComparer.Default);

    /// <summary>Why <paramref name="member"/> (a method, constructor or property) is nondeterministic, if it is.</summary>
    public bool TryGetReason(ISymbol member, out string reason)
    {
        ISymbol? current = member;
        for (int depth = 0; current is not null && depth < 8; depth++)
        {
            if (TryGetOwnReason(current, out reason))
            {
                return true;
            }

            current = current switch
            {
                IMethodSymbol method => method.OverriddenMethod,
                IPropertySymbol property => property.OverriddenProperty,
                _ => null,
            };
        }

        reason = string.Empty;
        return false;
    }

    private bool TryGetOwnReason(ISymbol member, out string reason)
    {
        reason = string.Empty;
        if (member.ContainingType is not { } type)
        {
            return false;
        }

        ImmutableArray<(string Member, string Reason)> rules = _rules.GetOrAdd(type.OriginalDefinition, static t => RulesFor(t));
        if (rules.IsDefaultOrEmpty)
        {
            return false;
        }

        string name = member is IMethodSymbol { MethodKind: MethodKind.PropertyGet or MethodKind.PropertySet } accessor
            ? accessor.AssociatedSymbol?.Name ?? member.Name
            : member.Name;
        foreach ((string rule, string why) in rules)
        {
            if (Matches(rule, member, name))
            {
                reason = why;
                return true;
            }
        }

        return false;
    }

    private static bool Matches(string rule, ISymbol member, string name)
    {
        if (rule == "*")
        {
            return true;
        }

        if (member is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor)
        {
            return rule switch
            {
                ".ctor" => true,
                ".ctor()" => constructor.Parameters.Length == 0,
                ".ctor(string)" => constructor.Parameters.Length > 0 && constructor.Parameters[0].Type.SpecialType == SpecialType.System_String,
                _ => false,
            };
        }

        return string.Equals(rule, name, StringComparison.Ordinal);
    }

    private static ImmutableArray<(string Member, string Reason)> RulesFor(INamedTypeSymbol type)
    {
        string namespaceName = type.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        string fullName = namespaceName.Length == 0 ? type.MetadataName : namespaceName + "." + type.MetadataName;
        if (ByType.TryGetValue(fullName, out ImmutableArray<(string Member, string Reason)> rules))
        {
            return rules;
        }

        foreach ((string ns, string reason) in NamespaceSpecs)
        {
            if (namespaceName == ns || namespaceName.StartsWith(ns + ".", StringComparison.Ordinal))
            {
                return [("*", reason)];
            }
        }

        return [];
    }

    private static ImmutableDictionary<string, ImmutableArray<(string Member, string Reason)>> BuildByType()
    {
        var byType = new Dictionary<string, ImmutableArray<(string Member, string Reason)>.Builder>(StringComparer.Ordinal);
        foreach ((string spec, string reason) in TypeSpecs)
        {
            int colon = spec.IndexOf(':');
            string typeName = spec.Substring(0, colon);
            if (!byType.TryGetValue(typeName, out ImmutableArray<(string Member, string Reason)>.Builder? members))
            {
                members = ImmutableArray.CreateBuilder<(string Member, string Reason)>();
                byType.Add(typeName, members);
            }

            foreach (string member in spec.Substring(colon + 1).Split([' '], StringSplitOptions.RemoveEmptyEntries))
            {
                members.Add((member, reason));
            }
        }

        var result = ImmutableDictionary.CreateBuilder<string, ImmutableArray<(string Member, string Reason)>>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, ImmutableArray<(string Member, string Reason)>.Builder> pair in byType)
        {
            result.Add(pair.Key, pair.Value.ToImmutable());
        }

        return result.ToImmutable();
    }
}
