using Microsoft.CodeAnalysis;

namespace Durably.Generators.Parsing;

/// <summary>The display formats generated code and messages use.</summary>
internal static class SymbolFormats
{
    /// <summary><c>global::</c>-qualified, with <c>?</c> on nullable reference types: what generated code writes.</summary>
    public static readonly SymbolDisplayFormat Qualified = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary><c>global::</c>-qualified without nullable annotations: the runtime type.</summary>
    public static readonly SymbolDisplayFormat QualifiedWithoutAnnotations = SymbolDisplayFormat.FullyQualifiedFormat;

    /// <summary>What users read in messages: C# keywords, namespaces, no <c>global::</c>.</summary>
    public static readonly SymbolDisplayFormat Display = SymbolDisplayFormat.CSharpErrorMessageFormat;
}
