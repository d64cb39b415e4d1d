using System.Linq;
using Durably.Generators.Model;
using static Durably.Generators.Emitting.GeneratedText;

namespace Durably.Generators.Emitting;

/// <summary>The codec: replay dispatch by record name, and the whole-state snapshot formatter.</summary>
internal sealed partial class DurableStateEmitter
{
    private void WriteCodec()
    {
        string state = _spec.FullyQualifiedName;
        _writer.WriteLine(GeneratedCodeAttribute);
        _writer.OpenBlock("internal sealed class Codec : global::Durably.Runtime.IDurableStateCodec<" + state + ">");
        _writer.WriteLine("internal static readonly Codec Instance = new Codec();");
        _writer.WriteLine();
        WriteDispatch(state);
        _writer.WriteLine();
        WriteSnapshotWriter(state);
        _writer.WriteLine();
        WriteSnapshotReader(state);
        _writer.WriteLine();
        WriteSnapshotFieldTypes();
        _writer.WriteLine();
        WriteOperationParameters();
        foreach (StateFieldSpec field in _spec.Fields)
        {
            if (field.Access != FieldAccess.Accessor)
            {
                continue;
            }

            // Readonly fields, backing fields and base class fields are restored in place through
            // a reference the runtime hands out, without reflection.
            _writer.WriteLine();
            _writer.WriteLine("[global::System.Runtime.CompilerServices.UnsafeAccessor(global::System.Runtime.CompilerServices.UnsafeAccessorKind.Field, Name = " + Literal(field.FieldName) + ")]");
            _writer.WriteLine("private static extern ref " + field.Type.Name + " " + field.AccessorName + "(" + field.DeclaringType + " state);");
        }

        _writer.CloseBlock();
    }

    private void WriteDispatch(string state)
    {
        // Replay: every record names its operation; each name maps to exactly one record type.
        _writer.WriteLine("public global::Durably.Runtime.IOperationRecord<" + state + "> DecodeOperation(ref " + Reader + " reader) =>");
        _writer.Indent();
        _writer.OpenBlock(RecordFormat + ".PeekOperationName(reader) switch");
        foreach (OperationSpec operation in _spec.Operations)
        {
            _writer.WriteLine(Literal(operation.RecordName) + " => " + operation.RecordTypeName + ".Read(ref reader),");
        }

        _writer.WriteLine("var name => throw " + RecordFormat + ".UnknownOperation(typeof(" + state + "), name),");
        _writer.CloseBlock(";");
        _writer.Dedent();
    }

    private void WriteSnapshotWriter(string state)
    {
        // A snapshot is a map from field name to value: fields can be added and reordered.
        _writer.OpenBlock("public void WriteSnapshot(ref " + Writer + " writer, " + state + " state)");
        _writer.WriteLine("writer.WriteMapHeader(" + Number(_spec.Fields.Count) + ");");
        foreach (StateFieldSpec field in _spec.Fields)
        {
            _writer.WriteLine("writer.Write(" + Literal(field.Key) + ");");
            _writer.WriteLine(_references.Write(field.Type, FieldExpression(field)));
        }

        _writer.CloseBlock();
    }

    private void WriteSnapshotReader(string state)
    {
        _writer.OpenBlock("public void ReadSnapshot(ref " + Reader + " reader, " + state + " state)");
        _writer.WriteLine("int count = reader.ReadMapHeader();");
        _writer.OpenBlock("for (int i = 0; i < count; i++)");
        _writer.OpenBlock("switch (reader.ReadString())");
        foreach (StateFieldSpec field in _spec.Fields)
        {
            _writer.WriteLine("case " + Literal(field.Key) + ":");
            _writer.Indent();
            _writer.WriteLine(FieldExpression(field) + " = " + _references.Read(field.Type) + ";");
            _writer.WriteLine("break;");
            _writer.Dedent();
        }

        _writer.WriteLine("default:");
        _writer.Indent();
        _writer.WriteLine("reader.Skip();");
        _writer.WriteLine("break;");
        _writer.Dedent();
        _writer.CloseBlock();
        _writer.CloseBlock();
        _writer.CloseBlock();
    }

    private void WriteSnapshotFieldTypes()
    {
        // Stored beside the state, so a field whose type changed is reported with both types.
        string pair = "global::System.Collections.Generic.KeyValuePair<string, string>";
        _writer.WriteLine("private static readonly " + pair + "[] FieldTypes =");
        _writer.WriteLine("[");
        _writer.Indent();
        foreach (StateFieldSpec field in _spec.Fields)
        {
            _writer.WriteLine("new " + pair + "(" + Literal(field.Key) + ", " + Literal(field.Type.Name.Replace("global::", string.Empty)) + "),");
        }

        _writer.Dedent();
        _writer.WriteLine("];");
        _writer.WriteLine();
        _writer.WriteLine("public global::System.Collections.Generic.IReadOnlyList<" + pair + "> SnapshotFieldTypes => FieldTypes;");
    }

    private void WriteOperationParameters()
    {
        // Only read to explain a record that cannot be decoded, naming the parameter it failed on.
        _writer.WriteLine("public global::System.Collections.Generic.IReadOnlyList<string> OperationParameters(string operationName) => operationName switch");
        _writer.OpenBlock();
        foreach (OperationSpec operation in _spec.Operations)
        {
            string parameters = string.Join(", ", operation.Parameters.Select(p => Literal(p.Name.TrimStart('@') + ": " + p.Type.Name.Replace("global::", string.Empty))));
            _writer.WriteLine(Literal(operation.RecordName) + " => [" + parameters + "],");
        }

        _writer.WriteLine("_ => [],");
        _writer.CloseBlock(";");
    }

    private static string FieldExpression(StateFieldSpec field) =>
        field.Access == FieldAccess.Direct ? "state." + Identifier(field.FieldName) : field.AccessorName + "(state)";
}
