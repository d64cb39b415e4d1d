using System.ComponentModel;

namespace Durably.Runtime;

/// <summary>
/// What every generated formatter of a user record, class or struct shares: the value is an array of
/// its members in declaration order (MessagePack-CSharp's layout). Writing and reading each take one
/// nesting level (<see cref="MessagePackWriter.DepthStep"/>, <see cref="MessagePackReader.DepthStep"/>),
/// so the same depth limit holds through recursive user types on both sides: a value too deep to read
/// back is refused when written, before it can be logged or snapshotted, and before it can exhaust
/// the stack. Members a newer version appended are skipped, members an older version lacked keep
/// their defaults.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class DataTypeFormat
{
    /// <summary>Writes the array header of a value and enters one nesting level.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="members">How many members the value carries.</param>
    /// <exception cref="MessagePackSerializationException">Nested too deeply to be read back.</exception>
    public static void WriteHeader(ref MessagePackWriter writer, int members)
    {
        writer.WriteArrayHeader(members);
        writer.DepthStep();
    }

    /// <summary>Leaves the nesting level <see cref="WriteHeader"/> entered, once every member is written.</summary>
    /// <param name="writer">The writer.</param>
    public static void WriteEnd(ref MessagePackWriter writer) => writer.Depth--;

    /// <summary>Reads the array header of a value and enters one nesting level.</summary>
    /// <param name="reader">Positioned at the value.</param>
    /// <returns>How many members the value carries.</returns>
    /// <exception cref="MessagePackSerializationException">Not an array, or nested too deeply.</exception>
    public static int ReadHeader(ref MessagePackReader reader)
    {
        int count = reader.ReadArrayHeader();
        reader.DepthStep();
        return count;
    }

    /// <summary>Skips the members beyond <paramref name="knownMembers"/> and leaves the nesting level.</summary>
    /// <param name="reader">Positioned after the known members.</param>
    /// <param name="count">The member count <see cref="ReadHeader"/> returned.</param>
    /// <param name="knownMembers">How many members this version reads.</param>
    /// <exception cref="MessagePackSerializationException">A skipped member is malformed.</exception>
    public static void ReadEnd(ref MessagePackReader reader, int count, int knownMembers)
    {
        for (int i = knownMembers; i < count; i++)
        {
            reader.Skip();
        }

        reader.Depth--;
    }

    /// <summary>The error for a value of a derived type where the generated formatter knows only the declared type.</summary>
    /// <param name="declaredType">The type the formatter writes.</param>
    /// <param name="actualType">The value's runtime type.</param>
    /// <returns>The exception to throw.</returns>
    public static Exception DerivedInstance(Type declaredType, Type actualType)
    {
        ArgumentNullException.ThrowIfNull(declaredType);
        ArgumentNullException.ThrowIfNull(actualType);
        return new MessagePackSerializationException(
            $"A {declaredType.Name} is expected, but the value is a {actualType.Name}; writing it as a {declaredType.Name} would lose the members {actualType.Name} adds. Seal {declaredType.Name} or pass a {declaredType.Name}.");
    }
}
