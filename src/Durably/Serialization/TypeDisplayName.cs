using System.Text;

namespace Durably.Runtime;

/// <summary>Names types the way C# source spells them (<c>List&lt;MyApp.Order&gt;</c>), for error messages.</summary>
internal static class TypeDisplayName
{
    public static string Of(Type type)
    {
        if (type.IsArray)
        {
            return Of(type.GetElementType()!) + "[" + new string(',', type.GetArrayRank() - 1) + "]";
        }

        Type? nullableOf = Nullable.GetUnderlyingType(type);
        if (nullableOf is not null)
        {
            return Of(nullableOf) + "?";
        }

        string name = type.Name;
        if (type.IsNested && !type.IsGenericParameter)
        {
            name = Of(type.DeclaringType!) + "." + name;
        }
        else if (type.Namespace is { } ns && !ns.StartsWith("System", StringComparison.Ordinal))
        {
            // BCL types are familiar by their short names; user types need the namespace.
            name = ns + "." + name;
        }

        if (!type.IsGenericType)
        {
            return name;
        }

        int tick = name.IndexOf('`', StringComparison.Ordinal);
        var builder = new StringBuilder(tick < 0 ? name : name.Substring(0, tick));
        builder.Append('<');
        Type[] arguments = type.GetGenericArguments();
        for (int i = 0; i < arguments.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }

            builder.Append(Of(arguments[i]));
        }

        return builder.Append('>').ToString();
    }
}
