using System.Collections.Immutable;
using Durably.SourceModel;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Durably.Analyzers;

/// <summary>
/// The declarations the generator needs: a partial <c>[DurableState]</c> class (DS0005) and
/// private, instance, synchronous operations (DS0006, DS0007, DS0008) that are not iterators (DS0014),
/// declared in one (DS0011).
/// Generic operations and ref/out/in parameters are the generator's diagnostics, not repeated here.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DurableShapeAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
    [
        DurablyDiagnostics.DurableClassNotPartial,
        DurablyDiagnostics.OperationNotPrivate,
        DurablyDiagnostics.OperationStatic,
        DurablyDiagnostics.OperationAsynchronous,
        DurablyDiagnostics.OperationOutsideDurableClass,
        DurablyDiagnostics.OperationIterator,
    ];

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (DurableCompilationFacts.For(start.Compilation) is not { } facts)
            {
                return;
            }

            start.RegisterSymbolAction(symbolContext => AnalyzeType(symbolContext, facts), SymbolKind.NamedType);
            start.RegisterSymbolAction(symbolContext => AnalyzeMethod(symbolContext, facts), SymbolKind.Method);
        });
    }

    private static void AnalyzeType(SymbolAnalysisContext context, DurableCompilationFacts facts)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (!facts.IsDurableClass(type))
        {
            return;
        }

        Location? location = null;
        foreach (SyntaxReference reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(context.CancellationToken) is not TypeDeclarationSyntax declaration)
            {
                continue;
            }

            if (declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                return;
            }

            location ??= declaration.Identifier.GetLocation();
        }

        if (location is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(DurablyDiagnostics.DurableClassNotPartial, location, type.Name));
        }
    }

    private static void AnalyzeMethod(SymbolAnalysisContext context, DurableCompilationFacts facts)
    {
        var method = (IMethodSymbol)context.Symbol;
        if (!facts.IsOperation(method) || Identifier(method, context) is not { } location)
        {
            return;
        }

        if (!facts.IsDurableClass(method.ContainingType))
        {
            context.ReportDiagnostic(Diagnostic.Create(DurablyDiagnostics.OperationOutsideDurableClass, location, method.Name, method.ContainingType.Name));
            return;
        }

        string entryPoint = DurableSymbolFacts.GetEntryPointName(method);
        if (method.DeclaredAccessibility != Accessibility.Private)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DurablyDiagnostics.OperationNotPrivate, location, method.Name, AccessibilityText(method.DeclaredAccessibility), entryPoint));
        }

        if (method.IsStatic)
        {
            context.ReportDiagnostic(Diagnostic.Create(DurablyDiagnostics.OperationStatic, location, method.Name));
        }

        bool awaitable = IsAwaitable(method.ReturnType);
        if (method.IsAsync || awaitable)
        {
            string what = awaitable
                ? "returns '" + method.ReturnType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + "'"
                : "is async";
            context.ReportDiagnostic(Diagnostic.Create(DurablyDiagnostics.OperationAsynchronous, location, method.Name, what, entryPoint));
        }
        else if (DurableSymbolFacts.IsIterator(method))
        {
            context.ReportDiagnostic(Diagnostic.Create(DurablyDiagnostics.OperationIterator, location, method.Name));
        }
    }

    private static Location? Identifier(IMethodSymbol method, SymbolAnalysisContext context)
    {
        foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(context.CancellationToken) is MethodDeclarationSyntax declaration)
            {
                return declaration.Identifier.GetLocation();
            }
        }

        return null;
    }

    /// <summary>Tasks, value tasks, async streams and anything with a <c>GetAwaiter()</c>.</summary>
    private static bool IsAwaitable(ITypeSymbol type)
    {
        if (type.SpecialType == SpecialType.System_Void)
        {
            return false;
        }

        for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            foreach (ISymbol member in current.GetMembers("GetAwaiter"))
            {
                if (member is IMethodSymbol { IsStatic: false, Parameters.Length: 0 })
                {
                    return true;
                }
            }
        }

        string name = type.OriginalDefinition.ToDisplayString();
        return name is "System.Collections.Generic.IAsyncEnumerable<T>" or "System.Collections.Generic.IAsyncEnumerator<T>";
    }

    private static string AccessibilityText(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Public => "public",
        Accessibility.Internal => "internal",
        Accessibility.Protected => "protected",
        Accessibility.ProtectedOrInternal => "protected internal",
        Accessibility.ProtectedAndInternal => "private protected",
        _ => "not private",
    };
}
