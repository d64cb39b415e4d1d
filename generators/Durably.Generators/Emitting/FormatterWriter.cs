using System.Collections.Generic;
using System.Linq;
using Durably.Generators.Model;
using static Durably.Generators.Emitting.GeneratedText;

namespace Durably.Generators.Emitting;

/// <summary>
/// Writes formatters, the same way in the assembly's shared cache and in a state class's own:
/// <list type="bullet">
/// <item>Formatters for user records, classes and structs: an array of members, constructor arguments
/// first (MessagePack-CSharp's layout). Reading is straight-line: each member is read when the
/// value carries it, unknown trailing members are skipped (written by a newer version), missing ones
/// keep their defaults, and one nesting level is taken on both sides so the same depth limit holds
/// through recursive types when writing and reading.</item>
/// <item>The cache fields: each closed formatter built once, in order, every field after the fields
/// it is composed of. The fields are oblivious to nullable annotations, so one formatter serves T and T?.</item>
/// </list>
/// </summary>
internal sealed class FormatterWriter
{
    private readonly SourceWriter _writer;
    private readonly FormatterReferences _references;

    public FormatterWriter(SourceWriter writer, FormatterReferences references)
    {
        _writer = writer;
        _references = references;
    }

    /// <summary>Writes a static class of cache fields; <paramref name="formatterClasses"/> names each data type's formatter class by type.</summary>
    public void WriteFieldClass(string modifiers, string className, IEnumerable<FormatterFieldSpec> fields, IReadOnlyDictionary<string, string> formatterClasses)
    {
        _writer.WriteLine("#nullable disable");
        _writer.WriteLine(GeneratedCodeAttribute);
        _writer.OpenBlock(modifiers + " static class " + className);
        WriteFieldDeclarations(fields, formatterClasses);
        _writer.CloseBlock();
        _writer.WriteLine("#nullable restore");
    }

    /// <summary>Writes cache fields, in the order given; the nullable context must be disabled around them.</summary>
    public void WriteFieldDeclarations(IEnumerable<FormatterFieldSpec> fields, IReadOnlyDictionary<string, string> formatterClasses)
    {
        foreach (FormatterFieldSpec field in fields)
        {
            string creation = field.Creation is null
                ? "new " + formatterClasses[field.Key] + "()"
                : field.Arguments.IsEmpty
                    ? field.Creation
                    : field.Creation + "(" + string.Join(", ", field.Arguments.Select(_references.Field)) + ")";
            _writer.WriteLine("internal static readonly " + FormatterInterface + "<" + field.Key + "> " + field.FieldName + " = " + creation + ";");
        }
    }

    public void WriteDataTypeFormatter(DataTypeSpec dataType)
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
            _writer.WriteLine(_references.Write(member.Type, "value." + Identifier(member.Name)));
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
            _writer.WriteLine(member.Type.Name + " member" + Number(i) + " = count > " + Number(i) + " ? " + _references.Read(member.Type) + " : " + initial + ";");
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
        WriteCreation(type + " result", creation, initializers);

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
        WriteCreation(type + " initial", creation, required);

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

    /// <summary>Writes <c>declaration = creation;</c>, with an object initializer when there are initializers.</summary>
    private void WriteCreation(string declaration, string creation, List<string> initializers)
    {
        if (initializers.Count == 0)
        {
            _writer.WriteLine(declaration + " = " + creation + ";");
            return;
        }

        _writer.WriteLine(declaration + " = " + creation);
        _writer.OpenBlock();
        foreach (string initializer in initializers)
        {
            _writer.WriteLine(initializer);
        }

        _writer.CloseBlock(";");
    }
}
