using System.Globalization;
using System.Linq;
using System.Text;

namespace Durably.SourceModel.Schema;

/// <summary>
/// Writes <c>DurableSchema.lock</c>: readable, line-oriented, in ordinal order throughout (states,
/// operations, fields, enums and types by name; parameters and type members by wire position;
/// enum members by value), so the same schema always gives the same bytes and a change is a small diff.
/// </summary>
internal static class SchemaLockText
{
    public const string FileName = "DurableSchema.lock";
    public const string FormatLine = "durably-schema 1";
    public const string UpdateCommand = "dotnet build -p:DurablyUpdateSchema=true";

    public static string Write(SchemaDocument document)
    {
        var text = new StringBuilder();
        text.Append("# DurableSchema.lock: what this project has made durable. Log records and snapshots were written\n");
        text.Append("# with these shapes; the build compares the code with this file. Review changes like code.\n");
        text.Append("# Compatible changes are recorded with: ").Append(UpdateCommand).Append(" (see docs/versioning.md)\n");
        text.Append(FormatLine).Append('\n');
        foreach (StateSchema state in document.States.Values)
        {
            text.Append('\n').Append("state ").Append(state.Name).Append('\n');
            foreach (OperationSchema operation in state.Operations.Values)
            {
                text.Append("  operation ").Append(QuoteIfNeeded(operation.Name)).Append('\n');
                for (int i = 0; i < operation.Parameters.Count; i++)
                {
                    ParameterSchema parameter = operation.Parameters[i];
                    text.Append("    ").Append(i.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(parameter.Name).Append(": ").Append(parameter.Shape);
                    if (parameter.HasDefault)
                    {
                        text.Append(" = ").Append(parameter.DefaultValue ?? SchemaDefaultValue.Unknown);
                    }

                    text.Append('\n');
                }
            }

            foreach (FieldSchema field in state.Fields.Values)
            {
                text.Append("  field ").Append(field.Key).Append(": ").Append(field.Shape).Append('\n');
            }
        }

        foreach (EnumSchema schema in document.Enums.Values)
        {
            text.Append('\n').Append("enum ").Append(schema.Name).Append(": ").Append(schema.Underlying).Append('\n');
            foreach (EnumMemberSchema member in schema.Members.Values.OrderBy(m => m.Value).ThenBy(m => m.Name, System.StringComparer.Ordinal))
            {
                text.Append("  ").Append(member.Name).Append(" = ").Append(member.Value.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        foreach (DataTypeSchema type in document.Types.Values)
        {
            text.Append('\n').Append("type ").Append(type.Name).Append('\n');
            for (int i = 0; i < type.Members.Count; i++)
            {
                DataMemberSchema member = type.Members[i];
                text.Append("  ").Append(i.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(member.Name).Append(": ").Append(member.Shape);
                if (member.DefaultValue is not null)
                {
                    text.Append(" = ").Append(member.DefaultValue);
                }

                text.Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>Stable operation names are free text; anything but a plain name is written as a quoted string.</summary>
    internal static string QuoteIfNeeded(string name) =>
        name.Length > 0 && name.All(c => char.IsLetterOrDigit(c) || c is '_' or '.' or '-') ? name : Quote(name, '"');

    /// <summary>
    /// <paramref name="text"/> between <paramref name="quote"/> characters on one line, with the
    /// quote, backslash, line breaks, tabs, control characters and surrogates escaped, and the
    /// characters the update's path treats specially written as <c>\uXXXX</c>: the '/' of "*/" (the
    /// update carries the text in a comment) and MSBuild's '%', '$', '@', ';' and '\''.
    /// </summary>
    internal static string Quote(string text, char quote)
    {
        var quoted = new StringBuilder().Append(quote);
        char previous = '\0';
        foreach (char c in text)
        {
            switch (c)
            {
                case '\\': quoted.Append("\\\\"); break;
                case '\n': quoted.Append("\\n"); break;
                case '\r': quoted.Append("\\r"); break;
                case '\t': quoted.Append("\\t"); break;
                default:
                    if (c == quote)
                    {
                        quoted.Append('\\').Append(c);
                    }
                    else if (char.IsControl(c) || char.IsSurrogate(c) || c is '%' or '$' or '@' or ';' or '\'' || (c == '/' && previous == '*'))
                    {
                        quoted.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        quoted.Append(c);
                    }

                    break;
            }

            previous = c;
        }

        return quoted.Append(quote).ToString();
    }
}
