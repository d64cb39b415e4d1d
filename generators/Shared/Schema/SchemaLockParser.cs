using System;
using System.Globalization;
using System.Text;

namespace Durably.SourceModel.Schema;

/// <summary>Reads <c>DurableSchema.lock</c> back; a line it cannot read is an error naming the line.</summary>
internal static class SchemaLockParser
{
    /// <summary>Parses the lock; returns null and the first problem (with its line number) when it cannot.</summary>
    public static SchemaDocument? TryParse(string text, out string? error)
    {
        var document = new SchemaDocument();
        StateSchema? state = null;
        OperationSchema? operation = null;
        EnumSchema? currentEnum = null;
        DataTypeSchema? type = null;
        bool sawFormat = false;
        string[] lines = text.Replace("\r\n", "\n").Split('\n');
        for (int index = 0; index < lines.Length; index++)
        {
            string line = lines[index].TrimEnd();
            string trimmed = line.TrimStart();
            if (trimmed.Length == 0 || trimmed[0] == '#')
            {
                continue;
            }

            int indent = line.Length - trimmed.Length;
            int lineNumber = index + 1;
            if (!sawFormat)
            {
                if (trimmed != SchemaLockText.FormatLine)
                {
                    return Fail(lineNumber, "expected '" + SchemaLockText.FormatLine + "' before anything else", out error);
                }

                sawFormat = true;
                continue;
            }

            if (indent == 0)
            {
                state = null;
                operation = null;
                currentEnum = null;
                type = null;
                if (trimmed.StartsWith("state ", StringComparison.Ordinal))
                {
                    state = new StateSchema(trimmed.Substring(6).Trim(), null);
                    if (!TryAdd(document.States, state.Name, state))
                    {
                        return Fail(lineNumber, "state '" + state.Name + "' appears twice", out error);
                    }
                }
                else if (trimmed.StartsWith("enum ", StringComparison.Ordinal))
                {
                    int colon = trimmed.LastIndexOf(':');
                    WireShape? underlying = colon < 0 ? null : WireShape.TryParse(trimmed.Substring(colon + 1).Trim());
                    if (underlying is null)
                    {
                        return Fail(lineNumber, "expected 'enum <name>: <integer shape>'", out error);
                    }

                    currentEnum = new EnumSchema(trimmed.Substring(5, colon - 5).Trim(), underlying, null);
                    if (!TryAdd(document.Enums, currentEnum.Name, currentEnum))
                    {
                        return Fail(lineNumber, "enum '" + currentEnum.Name + "' appears twice", out error);
                    }
                }
                else if (trimmed.StartsWith("type ", StringComparison.Ordinal))
                {
                    type = new DataTypeSchema(trimmed.Substring(5).Trim(), null);
                    if (!TryAdd(document.Types, type.Name, type))
                    {
                        return Fail(lineNumber, "type '" + type.Name + "' appears twice", out error);
                    }
                }
                else
                {
                    return Fail(lineNumber, "expected 'state', 'enum' or 'type'", out error);
                }

                continue;
            }

            if (state is not null && indent == 2 && trimmed.StartsWith("operation ", StringComparison.Ordinal))
            {
                string? name = Unquote(trimmed.Substring(10).Trim());
                if (name is null)
                {
                    return Fail(lineNumber, "the operation name is not a valid quoted string", out error);
                }

                operation = new OperationSchema(name, null);
                if (!TryAdd(state.Operations, name, operation))
                {
                    return Fail(lineNumber, "operation '" + name + "' appears twice", out error);
                }
            }
            else if (state is not null && indent == 2 && trimmed.StartsWith("field ", StringComparison.Ordinal))
            {
                operation = null;
                if (!TrySplitNamed(trimmed.Substring(6), out string key, out WireShape? shape, out bool fieldDefault, out _) || fieldDefault)
                {
                    return Fail(lineNumber, "expected 'field <key>: <shape>'", out error);
                }

                if (!TryAdd(state.Fields, key, new FieldSchema(key, shape!, null)))
                {
                    return Fail(lineNumber, "field '" + key + "' appears twice", out error);
                }
            }
            else if (operation is not null && indent == 4)
            {
                if (!TryReadPositioned(trimmed, operation.Parameters.Count, out string name, out WireShape? shape, out bool hasDefault, out string? defaultValue))
                {
                    return Fail(lineNumber, "expected '" + operation.Parameters.Count.ToString(CultureInfo.InvariantCulture) + " <name>: <shape>' or '... = <default value>' (parameters in order, from 0)", out error);
                }

                operation.Parameters.Add(new ParameterSchema(name, shape!, hasDefault, defaultValue, null));
            }
            else if (currentEnum is not null && indent == 2)
            {
                int equals = trimmed.IndexOf(" = ", StringComparison.Ordinal);
                if (equals <= 0 || !decimal.TryParse(trimmed.Substring(equals + 3), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out decimal value))
                {
                    return Fail(lineNumber, "expected '<member> = <integer value>'", out error);
                }

                string member = trimmed.Substring(0, equals);
                if (!TryAdd(currentEnum.Members, member, new EnumMemberSchema(member, value, null)))
                {
                    return Fail(lineNumber, "member '" + member + "' appears twice", out error);
                }
            }
            else if (type is not null && indent == 2)
            {
                if (!TryReadPositioned(trimmed, type.Members.Count, out string name, out WireShape? shape, out bool hasDefault, out string? defaultValue) || (hasDefault && defaultValue is null))
                {
                    return Fail(lineNumber, "expected '" + type.Members.Count.ToString(CultureInfo.InvariantCulture) + " <member>: <shape>' or '... = <default value>' (members in order, from 0)", out error);
                }

                type.Members.Add(new DataMemberSchema(name, shape!, defaultValue, null));
            }
            else
            {
                return Fail(lineNumber, "this line does not belong to a state, operation, enum or type (check its indentation)", out error);
            }
        }

        if (!sawFormat)
        {
            return Fail(1, "the file is empty; expected '" + SchemaLockText.FormatLine + "'", out error);
        }

        error = null;
        return document;
    }

    private static bool TryReadPositioned(string text, int expectedPosition, out string name, out WireShape? shape, out bool hasDefault, out string? defaultValue)
    {
        name = string.Empty;
        shape = null;
        hasDefault = false;
        defaultValue = null;
        int space = text.IndexOf(' ');
        return space > 0
            && int.TryParse(text.Substring(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out int position)
            && position == expectedPosition
            && TrySplitNamed(text.Substring(space + 1), out name, out shape, out hasDefault, out defaultValue);
    }

    /// <summary>
    /// Splits '&lt;name&gt;: &lt;shape&gt;[ = &lt;default value&gt;]'. The value is kept as written (it is only
    /// compared); '= default', as locks written before values were recorded say, is a default of unknown value.
    /// </summary>
    private static bool TrySplitNamed(string text, out string name, out WireShape? shape, out bool hasDefault, out string? defaultValue)
    {
        hasDefault = false;
        defaultValue = null;
        shape = null;
        int colon = text.IndexOf(": ", StringComparison.Ordinal);
        name = colon > 0 ? text.Substring(0, colon) : string.Empty;
        if (colon <= 0)
        {
            return false;
        }

        // No shape contains " = ", and a value is written after the shape, so the first one ends the shape.
        string rest = text.Substring(colon + 2);
        int equals = rest.IndexOf(" = ", StringComparison.Ordinal);
        if (equals >= 0)
        {
            hasDefault = true;
            string value = rest.Substring(equals + 3);
            if (value.Length == 0)
            {
                return false;
            }

            defaultValue = value == SchemaDefaultValue.Unknown ? null : value;
            rest = rest.Substring(0, equals);
        }

        shape = WireShape.TryParse(rest);
        return shape is not null;
    }

    private static bool TryAdd<TValue>(System.Collections.Generic.SortedDictionary<string, TValue> map, string key, TValue value)
    {
        if (map.ContainsKey(key))
        {
            return false;
        }

        map.Add(key, value);
        return true;
    }

    private static string? Unquote(string text)
    {
        if (text.Length == 0 || text[0] != '"')
        {
            return text;
        }

        if (text.Length < 2 || text[text.Length - 1] != '"')
        {
            return null;
        }

        var result = new StringBuilder();
        for (int i = 1; i < text.Length - 1; i++)
        {
            char c = text[i];
            if (c != '\\')
            {
                result.Append(c);
                continue;
            }

            if (++i >= text.Length - 1)
            {
                return null;
            }

            switch (text[i])
            {
                case '"': result.Append('"'); break;
                case '\\': result.Append('\\'); break;
                case 'n': result.Append('\n'); break;
                case 'r': result.Append('\r'); break;
                case 't': result.Append('\t'); break;
                case 'u' when i + 4 < text.Length - 1 + 1 && int.TryParse(text.Substring(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int code):
                    result.Append((char)code);
                    i += 4;
                    break;
                default:
                    return null;
            }
        }

        return result.ToString();
    }

    private static SchemaDocument? Fail(int line, string message, out string? error)
    {
        error = "line " + line.ToString(CultureInfo.InvariantCulture) + ": " + message;
        return null;
    }
}
