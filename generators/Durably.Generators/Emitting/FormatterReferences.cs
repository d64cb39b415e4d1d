using System.Collections.Generic;
using Durably.Generators.Model;

namespace Durably.Generators.Emitting;

/// <summary>
/// Where generated code finds the formatter of each type, by formatter key: a field of the
/// assembly's shared cache or of the state class's own cache. Writes the read and write of one value.
/// </summary>
internal sealed class FormatterReferences
{
    private readonly Dictionary<string, string> _fields = new(System.StringComparer.Ordinal);

    /// <summary>Makes <paramref name="key"/> refer to <paramref name="field"/>, written as code refers to it (<c>Formatters.Money</c>).</summary>
    public void Add(string key, string field) => _fields[key] = field;

    /// <summary>The expression that refers to the formatter of <paramref name="key"/>.</summary>
    public string Field(string key) => _fields[key];

    /// <summary>An expression that reads one value of <paramref name="type"/>.</summary>
    public string Read(TypeRef type)
    {
        if (type.PrimitiveReader is { } primitive)
        {
            return "reader." + primitive + "()" + (type.IsNonNullableReference ? "!" : string.Empty);
        }

        return _fields[type.FormatterKey] + ".Deserialize(ref reader)";
    }

    /// <summary>A statement that writes <paramref name="value"/> of <paramref name="type"/>.</summary>
    public string Write(TypeRef type, string value)
    {
        if (type.PrimitiveReader is not null)
        {
            return "writer.Write(" + value + ");";
        }

        return _fields[type.FormatterKey] + ".Serialize(ref writer, " + value + ");";
    }
}
