using System;
using System.Globalization;
using Microsoft.CodeAnalysis;

namespace Durably.SourceModel.Schema;

/// <summary>
/// The text <c>DurableSchema.lock</c> records for a default value (what old records replay a
/// parameter or member with): the value itself, culture-invariant and without C# type suffixes, so
/// it compares by value (<c>1</c> stays <c>1</c> when <c>int</c> widens to <c>long</c>) and never
/// depends on how the source spelled it. <c>null</c>; <c>default(struct)</c> for a struct's default;
/// <c>true</c>/<c>false</c>; numbers (enums as their number, floats round-trip, <c>NaN</c>,
/// <c>Infinity</c>); strings and chars quoted with the lock's escapes. Never the bare word
/// <c>default</c>: locks written before values were recorded say that, meaning "value unknown".
/// </summary>
internal static class SchemaDefaultValue
{
    /// <summary>What a lock written before default values were recorded has after <c>= </c>.</summary>
    public const string Unknown = "default";

    public static string Format(object? value, ITypeSymbol type)
    {
        if (value is null)
        {
            bool nullableValue = type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T };
            return type.IsValueType && !nullableValue ? "default(struct)" : "null";
        }

        return value switch
        {
            bool b => b ? "true" : "false",
            string s => SchemaLockText.Quote(s, '"'),
            char c => SchemaLockText.Quote(c.ToString(), '\''),
            float f => f.ToString("R", CultureInfo.InvariantCulture),
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null",
        };
    }
}
