using System;
using System.Collections.Generic;
using System.Text;

namespace Durably.SourceModel.Schema;

/// <summary>
/// How a value is written to MessagePack, independent of the C# type that holds it: a leaf
/// (<c>int32</c>, <c>string</c>, <c>decimal</c>…), <c>array&lt;T&gt;</c>, <c>map&lt;K, V&gt;</c>,
/// <c>tuple&lt;…&gt;</c>, a reference to an enum (<c>enum Name</c>) or a user type
/// (<c>type Name</c>), each optionally nullable (<c>?</c>). <c>List&lt;int&gt;</c> and
/// <c>int[]</c> have the same wire shape, so changing one into the other is compatible.
/// </summary>
internal sealed class WireShape : IEquatable<WireShape>
{
    public const string EnumKind = "enum";
    public const string TypeKind = "type";

    private WireShape(string kind, string? referenceName, IReadOnlyList<WireShape> arguments, bool isNullable)
    {
        Kind = kind;
        ReferenceName = referenceName;
        Arguments = arguments;
        IsNullable = isNullable;
    }

    /// <summary>The leaf keyword, <c>array</c>, <c>map</c>, <c>tuple</c>, <c>enum</c> or <c>type</c>.</summary>
    public string Kind { get; }

    /// <summary>For <c>enum</c> and <c>type</c>: the full name of the referenced enum or user type.</summary>
    public string? ReferenceName { get; }

    public IReadOnlyList<WireShape> Arguments { get; }

    /// <summary>True when nil may be written (a nullable value type or an annotated reference type).</summary>
    public bool IsNullable { get; }

    public static WireShape Leaf(string kind, bool isNullable = false) => new(kind, null, [], isNullable);

    public static WireShape Composite(string kind, IReadOnlyList<WireShape> arguments, bool isNullable = false) => new(kind, null, arguments, isNullable);

    public static WireShape Reference(string kind, string name, bool isNullable = false) => new(kind, name, [], isNullable);

    public WireShape AsNullable() => IsNullable ? this : new WireShape(Kind, ReferenceName, Arguments, true);

    /// <summary>Parses the text <see cref="ToString"/> writes; null when it is not a shape.</summary>
    public static WireShape? TryParse(string text)
    {
        int position = 0;
        WireShape? shape = ParseShape(text, ref position);
        return shape is not null && position == text.Length ? shape : null;
    }

    public override string ToString()
    {
        var builder = new StringBuilder();
        Append(builder);
        return builder.ToString();
    }

    public bool Equals(WireShape? other)
    {
        if (other is null || other.Kind != Kind || other.ReferenceName != ReferenceName
            || other.IsNullable != IsNullable || other.Arguments.Count != Arguments.Count)
        {
            return false;
        }

        for (int i = 0; i < Arguments.Count; i++)
        {
            if (!Arguments[i].Equals(other.Arguments[i]))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => obj is WireShape other && Equals(other);

    public override int GetHashCode() => ToString().GetHashCode();

    private void Append(StringBuilder builder)
    {
        builder.Append(Kind);
        if (ReferenceName is not null)
        {
            builder.Append(' ').Append(ReferenceName);
        }
        else if (Arguments.Count > 0)
        {
            builder.Append('<');
            for (int i = 0; i < Arguments.Count; i++)
            {
                if (i > 0)
                {
                    builder.Append(", ");
                }

                Arguments[i].Append(builder);
            }

            builder.Append('>');
        }

        if (IsNullable)
        {
            builder.Append('?');
        }
    }

    private static WireShape? ParseShape(string text, ref int position)
    {
        int start = position;
        while (position < text.Length && char.IsLetterOrDigit(text[position]))
        {
            position++;
        }

        string kind = text.Substring(start, position - start);
        if (kind.Length == 0)
        {
            return null;
        }

        if (kind is EnumKind or TypeKind)
        {
            if (position >= text.Length || text[position] != ' ')
            {
                return null;
            }

            position++;
            string? name = ReadReferenceName(text, ref position);
            if (name is null)
            {
                return null;
            }

            return new WireShape(kind, name, [], ReadNullable(text, ref position));
        }

        var arguments = new List<WireShape>();
        if (position < text.Length && text[position] == '<')
        {
            position++;
            while (true)
            {
                WireShape? argument = ParseShape(text, ref position);
                if (argument is null)
                {
                    return null;
                }

                arguments.Add(argument);
                if (position < text.Length && text[position] == ',')
                {
                    position++;
                    if (position < text.Length && text[position] == ' ')
                    {
                        position++;
                    }

                    continue;
                }

                if (position < text.Length && text[position] == '>')
                {
                    position++;
                    break;
                }

                return null;
            }
        }

        return new WireShape(kind, null, arguments, ReadNullable(text, ref position));
    }

    /// <summary>A C# type name, possibly generic: ends at a ',' or '>' outside its own brackets, or at a final '?'.</summary>
    private static string? ReadReferenceName(string text, ref int position)
    {
        int start = position;
        int depth = 0;
        while (position < text.Length)
        {
            char c = text[position];
            if (c == '<')
            {
                depth++;
            }
            else if (c == '>')
            {
                if (depth == 0)
                {
                    break;
                }

                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                break;
            }
            else if (c == '?' && depth == 0)
            {
                break;
            }

            position++;
        }

        return position > start && depth == 0 ? text.Substring(start, position - start) : null;
    }

    private static bool ReadNullable(string text, ref int position)
    {
        if (position < text.Length && text[position] == '?')
        {
            position++;
            return true;
        }

        return false;
    }
}
