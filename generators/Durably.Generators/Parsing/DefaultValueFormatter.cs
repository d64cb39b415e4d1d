using System;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Durably.Generators.Parsing;

/// <summary>
/// Writes a parameter's default value as a C# constant expression. The value is taken from the
/// symbol (already converted to the parameter's type), never copied from source text, so it means
/// the same thing inside generated code whatever usings the user's file had.
/// </summary>
internal static class DefaultValueFormatter
{
    public static string Format(object? value, ITypeSymbol type)
    {
        ITypeSymbol target = type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
            ? nullable.TypeArguments[0]
            : type;

        if (value is null)
        {
            if (type.IsValueType && !ReferenceEquals(target, type))
            {
                return "null";
            }

            if (type.IsValueType)
            {
                return "default";
            }

            // A non-nullable reference parameter defaulting to null is the user's choice; keep
            // the generated code free of nullable warnings about it.
            return type.NullableAnnotation == NullableAnnotation.Annotated ? "null" : "null!";
        }

        if (target.TypeKind == TypeKind.Enum)
        {
            string enumType = target.ToDisplayString(SymbolFormats.QualifiedWithoutAnnotations);
            return "(" + enumType + ")(" + FormatNumber(value) + ")";
        }

        return value switch
        {
            bool b => b ? "true" : "false",
            string s => SymbolDisplay.FormatLiteral(s, quote: true),
            char c => SymbolDisplay.FormatLiteral(c, quote: true),
            float f => FormatSingle(f),
            double d => FormatDouble(d),
            decimal m => m.ToString(CultureInfo.InvariantCulture) + "m",
            byte or sbyte or short or ushort => "(" + target.ToDisplayString(SymbolFormats.QualifiedWithoutAnnotations) + ")(" + FormatNumber(value) + ")",
            int i => i.ToString(CultureInfo.InvariantCulture),
            uint u => u.ToString(CultureInfo.InvariantCulture) + "u",
            long l => l.ToString(CultureInfo.InvariantCulture) + "L",
            ulong ul => ul.ToString(CultureInfo.InvariantCulture) + "UL",
            _ => "default",
        };
    }

    private static string FormatNumber(object value) =>
        Convert.ToString(value, CultureInfo.InvariantCulture) ?? "0";

    private static string FormatSingle(float value)
    {
        if (float.IsNaN(value))
        {
            return "float.NaN";
        }

        if (float.IsPositiveInfinity(value))
        {
            return "float.PositiveInfinity";
        }

        if (float.IsNegativeInfinity(value))
        {
            return "float.NegativeInfinity";
        }

        return value.ToString("R", CultureInfo.InvariantCulture) + "f";
    }

    private static string FormatDouble(double value)
    {
        if (double.IsNaN(value))
        {
            return "double.NaN";
        }

        if (double.IsPositiveInfinity(value))
        {
            return "double.PositiveInfinity";
        }

        if (double.IsNegativeInfinity(value))
        {
            return "double.NegativeInfinity";
        }

        return value.ToString("R", CultureInfo.InvariantCulture) + "d";
    }
}
