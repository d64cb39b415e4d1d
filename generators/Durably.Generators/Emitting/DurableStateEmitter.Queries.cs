using System.Collections.Generic;
using System.Linq;
using Durably.Generators.Model;
using Durably.Generators.Parsing;

namespace Durably.Generators.Emitting;

/// <summary>Per query: the public member that runs the private <c>XxxCore</c> under the store's read lock.</summary>
internal sealed partial class DurableStateEmitter
{
    private const string ReadScope = "global::Durably.Runtime.DurableStore.EnterQuery(this." + DurableStateParser.StoreFieldName + ")";

    private void WriteQuery(QuerySpec query)
    {
        if (query.DocumentationCref is { } cref)
        {
            _writer.WriteLine("/// <inheritdoc cref=\"" + cref + "\"/>");
        }
        else
        {
            _writer.WriteLine("/// <summary>Runs the query <c>" + query.MemberName + "</c> under the store's read lock, so it never sees an operation half applied.</summary>");
        }

        if (query.IsProperty)
        {
            _writer.OpenBlock(query.Accessibility + " " + query.ResultType + " " + query.PublicName);
            _writer.OpenBlock("get");
            WriteLockedReturn("this." + query.MemberName);
            _writer.CloseBlock();
            _writer.CloseBlock();
            return;
        }

        var parameters = new List<string>();
        foreach (QueryParameterSpec parameter in query.Parameters)
        {
            parameters.Add((parameter.IsParams ? "params " : string.Empty) + parameter.TypeName + " " + parameter.Name
                + (parameter.DefaultValue is null ? string.Empty : " = " + parameter.DefaultValue));
        }

        string arguments = string.Join(", ", query.Parameters.Select(p => p.Name));
        _writer.OpenBlock(query.Accessibility + " " + query.ResultType + " " + query.PublicName + "(" + string.Join(", ", parameters) + ")");
        WriteLockedReturn("this." + query.MemberName + "(" + arguments + ")");
        _writer.CloseBlock();
    }

    /// <summary>A struct scope in a using statement: the lock is released on every path, with no allocation.</summary>
    private void WriteLockedReturn(string read)
    {
        _writer.OpenBlock("using (" + ReadScope + ")");
        _writer.WriteLine("return " + read + ";");
        _writer.CloseBlock();
    }
}
