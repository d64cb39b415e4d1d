using System.Collections.Generic;
using System.Linq;
using Durably.Generators.Model;
using Durably.Generators.Parsing;

namespace Durably.Generators.Emitting;

/// <summary>Per operation: the public entry point, the record class and the record's formatter.</summary>
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

        _writer.WriteLine("/// <summary>");
        _writer.WriteLine("/// Logs a <c>" + Escape(operation.RecordName) + "</c> record of this call, waits until it is durable, then runs");
        _writer.WriteLine("/// <c>" + operation.MethodName + "</c> with the logged arguments on the store's apply thread.");
        _writer.WriteLine("/// </summary>");
        _writer.WriteLine("/// <returns>");
        _writer.WriteLine(operation.ResultType is null
            ? "/// A task that completes after the operation was applied, or fails with the exception it threw."
            : "/// The operation's result after it was applied, or the exception it threw.");
        _writer.WriteLine("/// </returns>");
        _writer.WriteLine(operation.Accessibility + " " + returnType + " " + operation.EntryPointName + "(" + string.Join(", ", parameters) + ") =>");
        _writer.Indent();
        _writer.WriteLine("this." + DurableStateParser.StoreAccessorName + "(" + Literal(operation.EntryPointName) + ").ExecuteAsync<" + typeArguments + ">(");
        _writer.Indent();
        _writer.WriteLine("new " + recordType + "(" + arguments + "),");
        _writer.WriteLine(Container + "." + operation.FormatterTypeName + ".Instance,");
        _writer.WriteLine("decodeBeforeApply: " + (operation.DecodeBeforeApply ? "true" : "false") + ",");
        _writer.WriteLine(operation.CancellationTokenName + ");");
        _writer.Dedent();
        _writer.Dedent();
    }

    private void WriteRecord(OperationSpec operation)
    {
        string state = _spec.FullyQualifiedName;
        string interfaceName = operation.ResultType is null
            ? "global::Durably.Runtime.IOperationRecord<" + state + ">"
            : "global::Durably.Runtime.IOperationRecord<" + state + ", " + operation.ResultType + ">";
        string call = "state." + Identifier(operation.MethodName) + "(" + string.Join(", ", operation.Parameters.Select(p => "this." + RecordField(p))) + ")";

        _writer.OpenBlock("internal sealed class " + operation.RecordTypeName + " : " + interfaceName);
        foreach (ParameterSpec parameter in operation.Parameters)
        {
            _writer.WriteLine("internal readonly " + parameter.Type.Name + " " + RecordField(parameter) + ";");
        }

        if (!operation.Parameters.IsEmpty)
        {
            _writer.WriteLine();
        }

        string constructorParameters = string.Join(", ", operation.Parameters.Select(p => p.Type.Name + " " + p.Name));
        _writer.OpenBlock("internal " + operation.RecordTypeName + "(" + constructorParameters + ")");
        foreach (ParameterSpec parameter in operation.Parameters)
        {
            _writer.WriteLine("this." + RecordField(parameter) + " = " + parameter.Name + ";");
        }

        _writer.CloseBlock();
        _writer.WriteLine();
        _writer.WriteLine("public string OperationName => " + Literal(operation.RecordName) + ";");
        _writer.WriteLine();
        _writer.WriteLine("public void Apply(" + state + " state) => " + call + ";");
        if (operation.ResultType is not null)
        {
            _writer.WriteLine();
            _writer.WriteLine("public " + operation.ResultType + " ApplyWithResult(" + state + " state) => " + call + ";");
        }

        _writer.CloseBlock();
    }

    private void WriteRecordFormatter(OperationSpec operation)
    {
        string record = operation.RecordTypeName;
        string formatter = operation.FormatterTypeName;
        _writer.OpenBlock("internal sealed class " + formatter + " : " + FormatterInterface + "<" + record + ">");
        _writer.WriteLine("internal static readonly " + formatter + " Instance = new " + formatter + "();");
        _writer.WriteLine();

        // A record is an array: the operation's name, then the arguments in declaration order.
        _writer.OpenBlock("public void Serialize(ref " + Writer + " writer, " + record + " value)");
        _writer.WriteLine("writer.WriteArrayHeader(" + Number(operation.Parameters.Count + 1) + ");");
        _writer.WriteLine("writer.Write(" + Literal(operation.RecordName) + ");");
        foreach (ParameterSpec parameter in operation.Parameters)
        {
            _writer.WriteLine(WriteStatement(parameter.Type, "value." + RecordField(parameter)));
        }

        _writer.CloseBlock();
        _writer.WriteLine();

        // Records written before a defaulted parameter was appended carry fewer arguments: those
        // replay with the default.
        _writer.OpenBlock("public " + record + " Deserialize(ref " + Reader + " reader)");
        bool hasOptional = operation.RequiredArgumentCount < operation.Parameters.Count;
        string header = RecordFormat + ".ReadOperationHeader(ref reader, " + Literal(operation.RecordName) + ", "
            + Number(operation.RequiredArgumentCount) + ", " + Number(operation.Parameters.Count) + ");";
        _writer.WriteLine(hasOptional ? "int argumentCount = " + header : header);
        for (int i = 0; i < operation.Parameters.Count; i++)
        {
            ParameterSpec parameter = operation.Parameters[i];
            string read = ReadExpression(parameter.Type);
            if (i >= operation.RequiredArgumentCount)
            {
                read = "argumentCount > " + Number(i) + " ? " + read + " : " + parameter.DefaultValue;
            }

            _writer.WriteLine(parameter.Type.Name + " arg" + Number(i) + " = " + read + ";");
        }

        string arguments = string.Join(", ", Enumerable.Range(0, operation.Parameters.Count).Select(i => "arg" + Number(i)));
        _writer.WriteLine("return new " + record + "(" + arguments + ");");
        _writer.CloseBlock();
        _writer.CloseBlock();
    }

    /// <summary>The record's field for a parameter: prefixed, so no argument name can clash with the record's members.</summary>
    private static string RecordField(ParameterSpec parameter) => "_" + parameter.Name.TrimStart('@');

    private static string Escape(string text) =>
        text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
