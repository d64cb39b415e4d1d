using System.Collections.Generic;
using Durably.Generators.Model;

namespace Durably.Generators.Emitting;

/// <summary>
/// Formatters for user records, classes and structs: an array of members, constructor arguments
/// first (MessagePack-CSharp's layout). Reading is straight-line: each member is read when the
/// value carries it, unknown trailing members are skipped (written by a newer version), missing ones
/// keep their defaults, and one nesting level is taken on both sides so the same depth limit holds
/// through recursive types when writing and reading.
/// </summary>
internal sealed partial class DurableStateEmitter
{
    private void WriteDataTypeFormatter(DataTypeSpec dataType)
    {
        string type = dataType.TypeName;
        _writer.WriteLine(GeneratedCodeAttribute);
        _writer.OpenBlock("internal sealed class " + dataType.FormatterName + " : " + FormatterInterface + "<" + type + ">");
        WriteDataSerialize(dataType);
        _writer.WriteLine();
        WriteDataDeserialize(dataType);
        _writer.CloseBlock();
    }

    private void WriteDataSerialize(DataTypeSpec dataType)
    {
        string type = dataType.TypeName;
        _writer.OpenBlock("public void Serialize(ref " + Writer + " writer, " + type + " value)");
        if (!dataType.IsValueType)
        {
            _writer.OpenBlock("if (value is null)");
            _writer.WriteLine("writer.WriteNil();");
            _writer.WriteLine("return;");
            _writer.CloseBlock();
            _writer.WriteLine();
        }

        if (dataType.CheckExactType)
        {
            // A derived instance has members this formatter does not know; refusing it is better
            // than logging part of it.
            _writer.OpenBlock("if (value.GetType() != typeof(" + type + "))");
            _writer.WriteLine("throw " + DataTypeFormat + ".DerivedInstance(typeof(" + type + "), value.GetType());");
            _writer.CloseBlock();
            _writer.WriteLine();
        }

        _writer.WriteLine(DataTypeFormat + ".WriteHeader(ref writer, " + Number(dataType.Members.Count) + ");");
        foreach (DataMemberSpec member in dataType.Members)
        {
            _writer.WriteLine(WriteStatement(member.Type, "value." + Identifier(member.Name)));
        }

        _writer.WriteLine(DataTypeFormat + ".WriteEnd(ref writer);");

        _writer.CloseBlock();
    }

    private void WriteDataDeserialize(DataTypeSpec dataType)
    {
        string type = dataType.TypeName;
        _writer.OpenBlock("public " + type + " Deserialize(ref " + Reader + " reader)");
        if (!dataType.IsValueType)
        {
            _writer.OpenBlock("if (reader.TryReadNil())");
            _writer.WriteLine("return null!;");
            _writer.CloseBlock();
            _writer.WriteLine();
        }

        _writer.WriteLine("int count = " + DataTypeFormat + ".ReadHeader(ref reader);");
        for (int i = 0; i < dataType.Members.Count; i++)
        {
            DataMemberSpec member = dataType.Members[i];
            string initial = member.DefaultValue ?? "default!";
            _writer.WriteLine(member.Type.Name + " member" + Number(i) + " = count > " + Number(i) + " ? " + ReadExpression(member.Type) + " : " + initial + ";");
        }

        _writer.WriteLine(DataTypeFormat + ".ReadEnd(ref reader, count, " + Number(dataType.Members.Count) + ");");
        var constructorArguments = new List<string>();
        var initializers = new List<string>();
        var assignments = new List<(int Index, string Name)>();
        for (int i = 0; i < dataType.Members.Count; i++)
        {
            DataMemberSpec member = dataType.Members[i];
            switch (member.Kind)
            {
                case DataMemberKind.ConstructorArgument:
                    constructorArguments.Add("member" + Number(i));
                    break;
                case DataMemberKind.InitOnly or DataMemberKind.Required:
                    initializers.Add(Identifier(member.Name) + " = member" + Number(i) + ",");
                    break;
                default:
                    assignments.Add((i, member.Name));
                    break;
            }
        }

        string creation = "new " + type + "(" + string.Join(", ", constructorArguments) + ")";
        WriteInitialValuesOfMissingInitOnlyMembers(dataType, type, creation);
        if (initializers.Count == 0)
        {
            _writer.WriteLine(type + " result = " + creation + ";");
        }
        else
        {
            _writer.WriteLine(type + " result = " + creation);
            _writer.OpenBlock();
            foreach (string initializer in initializers)
            {
                _writer.WriteLine(initializer);
            }

            _writer.CloseBlock(";");
        }

        // Only members the value carried are assigned: a missing one keeps the type's own default.
        foreach ((int index, string name) in assignments)
        {
            _writer.WriteLine("if (count > " + Number(index) + ") result." + Identifier(name) + " = member" + Number(index) + ";");
        }

        _writer.WriteLine("return result;");
        _writer.CloseBlock();
    }

    /// <summary>
    /// A value written before an <c>init</c> member was appended lacks it; the object initializer
    /// sets every init member, so without this the member would read as default instead of the
    /// type's own initial value (what a settable member keeps, and what docs/versioning.md promises).
    /// The initial values come from a value created the same way, required members set as read.
    /// </summary>
    private void WriteInitialValuesOfMissingInitOnlyMembers(DataTypeSpec dataType, string type, string creation)
    {
        int last = -1;
        var required = new List<string>();
        for (int i = 0; i < dataType.Members.Count; i++)
        {
            DataMemberSpec member = dataType.Members[i];
            if (member.Kind == DataMemberKind.InitOnly)
            {
                last = i;
            }
            else if (member.Kind == DataMemberKind.Required)
            {
                required.Add(Identifier(member.Name) + " = member" + Number(i) + ",");
            }
        }

        if (last < 0)
        {
            return;
        }

        _writer.OpenBlock("if (count <= " + Number(last) + ")");
        if (required.Count == 0)
        {
            _writer.WriteLine(type + " initial = " + creation + ";");
        }
        else
        {
            _writer.WriteLine(type + " initial = " + creation);
            _writer.OpenBlock();
            foreach (string initializer in required)
            {
                _writer.WriteLine(initializer);
            }

            _writer.CloseBlock(";");
        }

        for (int i = 0; i <= last; i++)
        {
            DataMemberSpec member = dataType.Members[i];
            if (member.Kind == DataMemberKind.InitOnly)
            {
                _writer.OpenBlock("if (count <= " + Number(i) + ")");
                _writer.WriteLine("member" + Number(i) + " = initial." + Identifier(member.Name) + "!;");
                _writer.CloseBlock();
            }
        }

        _writer.CloseBlock();
        _writer.WriteLine();
    }

    private static string Identifier(string name) =>
        Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? "@" + name : name;
}
