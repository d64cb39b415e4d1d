using System.Reflection;
using Durably.Generators.Parsing;
using Durably.Runtime;

namespace Durably.Generators.Tests;

/// <summary>
/// The generator's catalogue of built-in types is its only knowledge of the runtime's formatters:
/// it is checked against <see cref="BuiltInFormatters"/> in both directions, so a formatter added
/// to one side without the other fails here instead of in a user's build or at run time.
/// </summary>
public sealed class CodecCatalogTests
{
    // Members the generator emits by shape rather than by catalogue entry.
    private static readonly string[] StructuralMembers = ["Enum", "Array"];

    [Fact]
    public void Every_catalogued_type_has_a_runtime_formatter_member_that_formats_it()
    {
        var problems = new List<string>();
        foreach (string metadataName in CataloguedMetadataNames())
        {
            string member = CodecCatalog.FormatterMember(metadataName);
            Type? formatted = FormattedTypeOf(member, metadataName);
            if (formatted is null)
            {
                problems.Add($"{metadataName}: BuiltInFormatters has no member '{member}'");
                continue;
            }

            string actual = MetadataNameOf(formatted);
            if (actual != metadataName)
            {
                problems.Add($"{metadataName}: BuiltInFormatters.{member} formats {actual}");
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void Every_runtime_formatter_member_is_in_the_catalogue()
    {
        var known = new HashSet<string>(CataloguedMetadataNames().Select(CodecCatalog.FormatterMember).Concat(StructuralMembers), StringComparer.Ordinal);
        string[] unknown = typeof(BuiltInFormatters)
            .GetMembers(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m is PropertyInfo or MethodInfo { IsSpecialName: false })
            .Select(m => m.Name)
            .Where(name => !known.Contains(name))
            .Distinct()
            .ToArray();
        Assert.Empty(unknown);
    }

    [Fact]
    public void Half_is_a_catalogued_leaf()
    {
        Assert.Contains(CodecCatalog.Entries, e => e.Key == "System.Half" && e.Value == BuiltInKind.Leaf);
    }

    private static IEnumerable<string> CataloguedMetadataNames() =>
        CodecCatalog.Entries.Select(e => e.Key)
            .Concat(CodecCatalog.PrimitiveMetadataNames)
            .Concat(CodecCatalog.ByteBufferMembers.Select(b => b.Key));

    /// <summary>The type the member's formatter handles: <c>IMessagePackFormatter&lt;X&gt;</c> gives X (a generic member's open definition).</summary>
    private static Type? FormattedTypeOf(string member, string metadataName)
    {
        Type? formatterType = typeof(BuiltInFormatters).GetProperty(member, BindingFlags.Public | BindingFlags.Static)?.PropertyType;
        if (formatterType is null)
        {
            int arity = metadataName.Contains('`', StringComparison.Ordinal) ? int.Parse(metadataName[(metadataName.IndexOf('`', StringComparison.Ordinal) + 1)..], System.Globalization.CultureInfo.InvariantCulture) : 0;
            formatterType = typeof(BuiltInFormatters).GetMethods(BindingFlags.Public | BindingFlags.Static)
                .SingleOrDefault(m => m.Name == member && m.GetGenericArguments().Length == arity)?.ReturnType;
        }

        return formatterType is { IsGenericType: true } && formatterType.GetGenericTypeDefinition() == typeof(IMessagePackFormatter<>)
            ? formatterType.GetGenericArguments()[0]
            : null;
    }

    private static string MetadataNameOf(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { IsGenericParameter: true })
        {
            return "System.Nullable`1";
        }

        if (type.IsGenericType)
        {
            type = type.GetGenericTypeDefinition();
        }

        return type.FullName!;
    }
}
