using Microsoft.CodeAnalysis;

namespace Durably.Generators.Model;

/// <summary>A diagnostic the parser found, held as values until the output step reports it.</summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> MessageArguments)
{
    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(Descriptor, Location?.ToLocation(), [.. MessageArguments]);
}
