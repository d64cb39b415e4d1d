using System.Buffers.Binary;

namespace Durably.Storage.Tests.Campaign;

/// <summary>
/// The records of the real-file crash campaign, which a child process appends and the test process must be able
/// to recognise after killing it. A record's first 8 bytes are its id, which names the round, the child's appender
/// and that appender's append ordinal (<c>round &lt;&lt; 40 | appender &lt;&lt; 32 | ordinal</c>); the rest is derived
/// from the campaign seed and the id alone, so either process regenerates the same bytes from an id.
/// </summary>
internal static class KilledAppenderRecords
{
    /// <summary>Appenders a child may run: the id keeps 8 bits for the appender.</summary>
    internal const int MaxAppenders = 256;

    /// <summary>The id of an appender's <paramref name="ordinal"/>-th append in <paramref name="round"/> (1 or more, so no id is 0).</summary>
    internal static long Id(int round, int appender, long ordinal)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(round, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(round, 1 << 23);
        ArgumentOutOfRangeException.ThrowIfNegative(appender);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(appender, MaxAppenders);
        ArgumentOutOfRangeException.ThrowIfNegative(ordinal);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ordinal, uint.MaxValue);
        return ((long)round << 40) | ((long)appender << 32) | ordinal;
    }

    /// <summary>The round, appender and ordinal an id names.</summary>
    internal static (int Round, int Appender, long Ordinal) Describe(long id) =>
        ((int)(id >> 40), (int)((id >> 32) & (MaxAppenders - 1)), id & uint.MaxValue);

    /// <summary>The id in a record's first 8 bytes, or -1 for a record too short to carry one.</summary>
    internal static long IdOf(ReadOnlySpan<byte> record) =>
        record.Length >= sizeof(long) ? BinaryPrimitives.ReadInt64LittleEndian(record) : -1;

    /// <summary>
    /// The record with this id: mostly a few hundred bytes, one in four up to 6,000 so that records straddle
    /// sector boundaries and fill segments quickly; random bytes after the id.
    /// </summary>
    internal static byte[] Create(int seed, long id)
    {
        var random = new Random(Mix(seed, id));
        byte[] record = new byte[random.Next(4) == 0 ? random.Next(sizeof(long), 6000) : random.Next(sizeof(long), 300)];
        random.NextBytes(record);
        BinaryPrimitives.WriteInt64LittleEndian(record, id);
        return record;
    }

    /// <summary>A seed for <see cref="Random"/> that is the same in every process (unlike <see cref="HashCode"/>).</summary>
    private static int Mix(int seed, long id)
    {
        ulong mixed = unchecked(((ulong)id * 0x9E3779B97F4A7C15UL) ^ (uint)seed);
        mixed = unchecked((mixed ^ (mixed >> 30)) * 0xBF58476D1CE4E5B9UL);
        mixed = unchecked((mixed ^ (mixed >> 27)) * 0x94D049BB133111EBUL);
        return unchecked((int)(mixed ^ (mixed >> 31)));
    }
}
