using System.ComponentModel;

namespace Durably.Runtime;

/// <summary>
/// The envelope of an operation record, shared by every generated record formatter: a MessagePack
/// array whose first element is the operation's name and whose remaining elements are the
/// arguments in declaration order. Appending a parameter with a default value is a compatible
/// change: older records carry fewer arguments and replay with the default.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RecordFormat
{
    /// <summary>
    /// Reads the array header and the name of a record of <paramref name="operationName"/> and
    /// returns how many arguments follow.
    /// </summary>
    /// <param name="reader">Positioned at the record.</param>
    /// <param name="operationName">The name the record must carry.</param>
    /// <param name="requiredArguments">Arguments up to the last parameter without a default.</param>
    /// <param name="knownArguments">Arguments this version of the operation has.</param>
    /// <returns>The number of arguments in the record, between the two bounds.</returns>
    /// <exception cref="MessagePackSerializationException">The record is for another operation or has an argument count this version cannot read.</exception>
    public static int ReadOperationHeader(ref MessagePackReader reader, string operationName, int requiredArguments, int knownArguments)
    {
        ArgumentNullException.ThrowIfNull(operationName);
        int count = reader.ReadArrayHeader();
        if (count < 1)
        {
            throw new MessagePackSerializationException($"An operation record is an array that starts with the operation's name; this one is empty (expected '{operationName}').");
        }

        string? name = reader.ReadString();
        if (!string.Equals(name, operationName, StringComparison.Ordinal))
        {
            throw new MessagePackSerializationException($"The record names operation '{name}', but it is being read as '{operationName}'.");
        }

        int arguments = count - 1;
        if (arguments < requiredArguments)
        {
            throw new MessagePackSerializationException(
                $"A record of operation '{operationName}' carries {arguments} argument(s), but this version needs at least {requiredArguments}: " +
                "a parameter without a default value was added, which old records cannot supply. Give the new parameter a default value.");
        }

        if (arguments > knownArguments)
        {
            throw new MessagePackSerializationException(
                $"A record of operation '{operationName}' carries {arguments} argument(s), but this version knows only {knownArguments}: " +
                "it was written by a newer version (or a parameter was removed). Replaying it without those arguments could change what it does.");
        }

        return arguments;
    }

    /// <summary>Returns the operation name of the record at the reader's position without consuming it.</summary>
    /// <param name="reader">A copy of the reader, positioned at the record.</param>
    /// <returns>The operation's name.</returns>
    /// <exception cref="MessagePackSerializationException">The data is not an operation record.</exception>
    public static string PeekOperationName(MessagePackReader reader)
    {
        if (reader.NextMessagePackType != MessagePackType.Array)
        {
            throw new MessagePackSerializationException($"An operation record is an array, but the record starts with {reader.NextMessagePackType}.");
        }

        if (reader.ReadArrayHeader() < 1 || reader.NextMessagePackType != MessagePackType.String)
        {
            throw new MessagePackSerializationException("An operation record starts with the operation's name, but this one does not.");
        }

        return reader.ReadString()!;
    }

    /// <summary>The error for a record whose operation this version of the state class does not have.</summary>
    /// <param name="stateType">The <c>[DurableState]</c> class.</param>
    /// <param name="operationName">The name the record carries.</param>
    /// <returns>The exception to throw.</returns>
    public static Exception UnknownOperation(Type stateType, string operationName)
    {
        ArgumentNullException.ThrowIfNull(stateType);
        return new MessagePackSerializationException(
            $"{stateType.Name} has no operation named '{operationName}'. The record was written by a version that had it; " +
            "an operation that is renamed must keep its old name with [Operation(\"" + operationName + "\")], and one that is removed must stay while its records exist.");
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
