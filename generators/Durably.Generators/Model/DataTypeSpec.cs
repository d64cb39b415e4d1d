namespace Durably.Generators.Model;

/// <summary>How a member of a user data type is set when the value is read back.</summary>
internal enum DataMemberKind
{
    /// <summary>Passed to the constructor, in position.</summary>
    ConstructorArgument,

    /// <summary>An <c>init</c> member: set in the object initializer (a value that lacks it gives the type's initial value).</summary>
    InitOnly,

    /// <summary>A <c>required</c> member: set in the object initializer, always.</summary>
    Required,

    /// <summary>A settable property or public field: assigned after construction when present.</summary>
    Settable,
}

/// <summary>One serialized member of a user data type, in wire order.</summary>
/// <param name="Name">The property or field name.</param>
/// <param name="Type">How the value is written and read.</param>
/// <param name="Kind">How it is set on read.</param>
/// <param name="DefaultValue">For a constructor argument with a default: the C# expression used when an older value lacks it.</param>
internal sealed record DataMemberSpec(string Name, TypeRef Type, DataMemberKind Kind, string? DefaultValue);

/// <summary>
/// A user record, class or struct used in an operation argument or in the state: the generator
/// emits its MessagePack formatter (an array of its members) once per assembly, in the shared
/// formatter cache, or in the state class when only the state class can name the type.
/// </summary>
/// <param name="TypeName">The fully qualified type, without a nullable annotation.</param>
/// <param name="DisplayName">The type as users read it in messages.</param>
/// <param name="FormatterName">
/// The generated formatter class: unique within the state class for a type only it can name; for a
/// shared type, the preferred name until the shared cache allocates names across the assembly.
/// </param>
/// <param name="QualifiedFormatterName">The preferred name with namespaces, used in the shared cache when two types share <paramref name="FormatterName"/>.</param>
/// <param name="IsValueType">True for a struct (never nil).</param>
/// <param name="CheckExactType">
/// True for a class that is not sealed: a derived instance would lose its own members, so the
/// formatter refuses it instead.
/// </param>
/// <param name="Members">Constructor arguments first, in constructor order, then the other members.</param>
internal sealed record DataTypeSpec(
    string TypeName,
    string DisplayName,
    string FormatterName,
    string QualifiedFormatterName,
    bool IsValueType,
    bool CheckExactType,
    EquatableArray<DataMemberSpec> Members);
