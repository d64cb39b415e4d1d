using System.Globalization;
using Durably.Runtime;

namespace Durably;

/// <summary>
/// Explains a record that this version cannot decode: which record (sequence), which operation,
/// which argument (index, name and declared type), what the reader expected and found, and the
/// likely cause. Found by walking the record's array once more, only after decoding failed.
/// </summary>
internal static class ReplayFailure
{
    /// <param name="stateName">The state class, for the message.</param>
    /// <param name="describeParameters">The generated codec's parameter list of an operation (<c>name: type</c>, in record order).</param>
    /// <param name="sequence">The record's sequence number.</param>
    /// <param name="payload">The record's bytes.</param>
    /// <param name="exception">Why decoding failed.</param>
    public static DurableReplayException Describe(string stateName, Func<string, IReadOnlyList<string>> describeParameters, long sequence, ReadOnlyMemory<byte> payload, MessagePackSerializationException exception)
    {
        string? operation = TryReadOperationName(payload);
        if (operation is null)
        {
            return new DurableReplayException(stateName, sequence, null, null, null, "the record is not an operation record (an array starting with the operation's name): " + exception.Message, exception);
        }

        int? argument = exception.Offset is long offset ? ArgumentAt(payload, offset) : null;
        if (argument is not int index)
        {
            // The envelope itself (unknown operation, argument count, trailing bytes): the reader's message says why.
            return new DurableReplayException(stateName, sequence, operation, null, null, exception.Message, exception);
        }

        IReadOnlyList<string> parameters = describeParameters(operation);
        string? parameter = index < parameters.Count ? parameters[index] : null;
        string name = parameter is null ? "?" : parameter.Split(':')[0];
        string described = "argument " + index.ToString(CultureInfo.InvariantCulture)
            + (parameter is null ? string.Empty : " '" + name + "' (declared as " + parameter.Substring(name.Length + 1).Trim() + ")")
            + " cannot be read: " + exception.Message
            + " Likely cause: the operation's parameters changed since this record was written (a parameter's type changed, parameters were reordered or inserted, or an enum or user type inside it changed), "
            + "which DurableSchema.lock and the DS02xx build errors refuse; the lock was bypassed or is not part of this build. "
            + "Open the log with the version that wrote it, or restore the parameter list the record was written with and add the new shape as a new operation.";
        return new DurableReplayException(stateName, sequence, operation, index, parameter is null ? null : name, described, exception);
    }

    private static string? TryReadOperationName(ReadOnlyMemory<byte> payload)
    {
        try
        {
            return RecordFormat.PeekOperationName(new MessagePackReader(payload));
        }
        catch (MessagePackSerializationException)
        {
            return null;
        }
    }

    /// <summary>The index of the argument whose bytes contain <paramref name="offset"/>, or null when it is in the envelope.</summary>
    private static int? ArgumentAt(ReadOnlyMemory<byte> payload, long offset)
    {
        try
        {
            var reader = new MessagePackReader(payload);
            int count = reader.ReadArrayHeader();
            reader.Skip();
            for (int i = 0; i < count - 1; i++)
            {
                long start = reader.Consumed;
                if (offset < start)
                {
                    return null;
                }

                if (reader.End)
                {
                    return i; // Truncated inside this argument.
                }

                try
                {
                    reader.Skip();
                }
                catch (MessagePackSerializationException)
                {
                    return i;
                }

                if (offset < reader.Consumed)
                {
                    return i;
                }
            }

            return null;
        }
        catch (MessagePackSerializationException)
        {
            return null;
        }
    }
}
