using Durably.Generators.Model;

namespace Durably.Generators.Emitting;

/// <summary>The codec: replay dispatch by record name, and the whole-state snapshot formatter.</summary>
internal sealed partial class DurableStateEmitter
{
    private void WriteCodec()
    {
        string state = _spec.FullyQualifiedName;
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
        _writer.OpenBlock("public global::Durably.Runtime.IOperationRecord<" + state + "> DecodeOperation(ref " + Reader + " reader)");
        _writer.WriteLine("string name = " + RecordFormat + ".PeekOperationName(reader);");
        _writer.OpenBlock("switch (name)");
        foreach (OperationSpec operation in _spec.Operations)
        {
            _writer.WriteLine("case " + Literal(operation.RecordName) + ":");
            _writer.Indent();
            _writer.WriteLine("return " + operation.FormatterTypeName + ".Instance.Deserialize(ref reader);");
            _writer.Dedent();
        }

        _writer.WriteLine("default:");
        _writer.Indent();
        _writer.WriteLine("throw " + RecordFormat + ".UnknownOperation(typeof(" + state + "), name);");
        _writer.Dedent();
        _writer.CloseBlock();
        _writer.CloseBlock();
    }

    private void WriteSnapshotWriter(string state)
    {
        // A snapshot is a map from field name to value: fields can be added and reordered.
        _writer.OpenBlock("public void WriteSnapshot(ref " + Writer + " writer, " + state + " state)");
        _writer.WriteLine("writer.WriteMapHeader(" + Number(_spec.Fields.Count) + ");");
        foreach (StateFieldSpec field in _spec.Fields)
        {
            _writer.WriteLine("writer.Write(" + Literal(field.Key) + ");");
            _writer.WriteLine(WriteStatement(field.Type, FieldExpression(field)));
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
            _writer.WriteLine(FieldExpression(field) + " = " + ReadExpression(field.Type) + ";");
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

    private static string FieldExpression(StateFieldSpec field) =>
        field.Access == FieldAccess.Direct ? "state." + Identifier(field.FieldName) : field.AccessorName + "(state)";
}
