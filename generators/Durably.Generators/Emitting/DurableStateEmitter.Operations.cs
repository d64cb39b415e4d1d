using System.Collections.Generic;
using System.Linq;
using Durably.Generators.Model;
using static Durably.Generators.Emitting.GeneratedText;
using Durably.Generators.Parsing;

namespace Durably.Generators.Emitting;

/// <summary>Per operation: the public entry point, and the record class that writes and reads itself.</summary>
internal sealed partial class DurableStateEmitter
{
    private void WriteEntryPoint(OperationSpec operation)
    {
        string returnType = operation.ResultType is null ? ValueTask : ValueTask + "<" + operation.ResultType + ">";
        var parameters = new List<string>();
        foreach (ParameterSpec parameter in operation.Parameters)
        {
            parameters.Add(parameter.Type.Name + " " + parameter.Name + (parameter.DefaultValue is null ? string.Empty : " = " + parameter.DefaultValue));
        }

        parameters.Add(CancellationToken + " " + operation.CancellationTokenName + " = default");

        string recordType = Container + "." + operation.RecordTypeName;
        string typeArguments = operation.ResultType is null ? recordType : recordType + ", " + operation.ResultType;
        string arguments = string.Join(", ", operation.Parameters.Select(p => p.Name));

        WriteEntryPointDocumentation(operation);
        _writer.WriteLine(operation.Accessibility + " " + returnType + " " + operation.EntryPointName + "(" + string.Join(", ", parameters) + ") =>");
        _writer.Indent();
        _writer.WriteLine("this." + DurableStateParser.StoreAccessorName + "(" + Literal(operation.EntryPointName) + ").ExecuteAsync<" + typeArguments + ">(");
        _writer.Indent();
        _writer.WriteLine("new(" + arguments + "), global::Durably.Runtime.OperationRecordFormatter<" + recordType + ">.Instance, decodeBeforeApply: "
            + (operation.DecodeBeforeApply ? "true" : "false") + ", " + operation.CancellationTokenName + ");");
        _writer.Dedent();
        _writer.Dedent();
    }

    /// <summary>The user's documentation of the operation when there is some, else ours.</summary>
    private void WriteEntryPointDocumentation(OperationSpec operation)
    {
        if (operation.DocumentationCref is { } cref)
        {
            _writer.WriteLine("/// <inheritdoc cref=\"" + cref + "\"/>");

            // The operation's own docs know nothing of the token the entry point adds. Once one
            // parameter is documented here, every one must be (CS1573): the others inherit theirs.
            foreach (ParameterSpec parameter in operation.Parameters)
            {
                string name = parameter.Name.TrimStart('@');
                _writer.WriteLine("/// <param name=\"" + name + "\"><inheritdoc cref=\"" + cref + "\" path=\"/param[@name='" + name + "']/node()\"/></param>");
            }

            WriteCancellationTokenDocumentation(operation);
        }
        else
        {
            _writer.WriteLine("/// <summary>");
            _writer.WriteLine("/// Logs a <c>" + Escape(operation.RecordName) + "</c> record of this call, waits until it is durable, then runs");
            _writer.WriteLine("/// <c>" + operation.MethodName + "</c> with the logged arguments on the store's apply thread.");
            _writer.WriteLine("/// </summary>");
            _writer.WriteLine("/// <returns>");
            _writer.WriteLine(operation.ResultType is null
                ? "/// A task that completes after the operation was applied, or fails with the exception it threw."
                : "/// The operation's result after it was applied, or the exception it threw.");
            _writer.WriteLine("/// </returns>");
        }
    }

    private void WriteCancellationTokenDocumentation(OperationSpec operation) =>
        _writer.WriteLine("/// <param name=\"" + operation.CancellationTokenName + "\">Observed until the record is handed to the log; after that the operation runs to completion, as replay would run it.</param>");

    private void WriteRecord(OperationSpec operation)
    {
        string state = _spec.FullyQualifiedName;
        string record = operation.RecordTypeName;
        string interfaceName = operation.ResultType is null
            ? "global::Durably.Runtime.IOperationRecord<" + state + ">"
            : "global::Durably.Runtime.IOperationRecord<" + state + ", " + operation.ResultType + ">";
        string call = "state." + Identifier(operation.MethodName) + "(" + string.Join(", ", operation.Parameters.Select(RecordField)) + ")";
        string constructorParameters = string.Join(", ", operation.Parameters.Select(p => p.Type.Name + " " + RecordField(p)));

        // The arguments are the primary constructor's parameters, prefixed so that no argument name
        // can clash with the record's members or their parameters (state, writer, reader).
        _writer.WriteLine(GeneratedCodeAttribute);
        _writer.OpenBlock("internal sealed class " + record + "(" + constructorParameters + ") : " + interfaceName
            + ", global::Durably.Runtime.IOperationRecordFormat<" + record + ">");
        _writer.WriteLine("public string OperationName => " + Literal(operation.RecordName) + ";");
        _writer.WriteLine();
        _writer.WriteLine(operation.ResultType is null
            ? "public void Apply(" + state + " state) => " + call + ";"
            : "public " + operation.ResultType + " ApplyWithResult(" + state + " state) => " + call + ";");
        _writer.WriteLine();

        // A record is an array: the operation's name, then the arguments in declaration order.
        _writer.OpenBlock("public void Write(ref " + Writer + " writer)");
        _writer.WriteLine(RecordFormat + ".WriteOperationHeader(ref writer, " + Literal(operation.RecordName) + ", " + Number(operation.Parameters.Count) + ");");
        foreach (ParameterSpec parameter in operation.Parameters)
        {
            _writer.WriteLine(_references.Write(parameter.Type, RecordField(parameter)));
        }

        _writer.CloseBlock();
        _writer.WriteLine();

        // Records written before a defaulted parameter was appended carry fewer arguments: those
        // replay with the default. Arguments are evaluated left to right, in wire order.
        _writer.OpenBlock("public static " + record + " Read(ref " + Reader + " reader)");
        bool hasOptional = operation.RequiredArgumentCount < operation.Parameters.Count;
        string header = RecordFormat + ".ReadOperationHeader(ref reader, " + Literal(operation.RecordName) + ", "
            + Number(operation.RequiredArgumentCount) + ", " + Number(operation.Parameters.Count) + ");";
        _writer.WriteLine(hasOptional ? "int argumentCount = " + header : header);
        if (operation.Parameters.IsEmpty)
        {
            _writer.WriteLine("return new " + record + "();");
        }
        else
        {
            _writer.WriteLine("return new " + record + "(");
            _writer.Indent();
            for (int i = 0; i < operation.Parameters.Count; i++)
            {
                ParameterSpec parameter = operation.Parameters[i];
                string read = _references.Read(parameter.Type);
                if (i >= operation.RequiredArgumentCount)
                {
                    read = "argumentCount > " + Number(i) + " ? " + read + " : " + parameter.DefaultValue;
                }

                _writer.WriteLine(read + (i == operation.Parameters.Count - 1 ? ");" : ","));
            }

            _writer.Dedent();
        }

        _writer.CloseBlock();
        _writer.CloseBlock();
    }

    /// <summary>The record's constructor parameter for an argument: prefixed, so no argument name can clash with the record's members.</summary>
    private static string RecordField(ParameterSpec parameter) => "_" + parameter.Name.TrimStart('@');

    private static string Escape(string text) =>
        text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
