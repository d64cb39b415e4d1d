using System.Collections.Generic;
using System.Text;

namespace Durably.Generators.Parsing;

/// <summary>
/// Hands out identifiers that are unique within one generated scope, so generated nested types and
/// accessors never clash with each other however the user named things.
/// </summary>
internal sealed class NameAllocator
{
    private readonly HashSet<string> _taken = new(System.StringComparer.Ordinal);

    public NameAllocator(IEnumerable<string>? reserved = null)
    {
        if (reserved is not null)
        {
            foreach (string name in reserved)
            {
                _taken.Add(name);
            }
        }
    }

    /// <summary>Returns <paramref name="preferred"/> made into an identifier, with a number appended if taken.</summary>
    public string Allocate(string preferred)
    {
        string baseName = ToIdentifier(preferred);
        string candidate = baseName;
        for (int suffix = 2; !_taken.Add(candidate); suffix++)
        {
            candidate = baseName + suffix.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return candidate;
    }

    /// <summary>Keeps letters, digits and underscores; anything else becomes an underscore.</summary>
    public static string ToIdentifier(string text)
    {
        var builder = new StringBuilder(text.Length + 1);
        foreach (char c in text)
        {
            builder.Append(char.IsLetterOrDigit(c) || c == '_' ? c : '_');
        }

        if (builder.Length == 0 || char.IsDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        return builder.ToString();
    }
}
