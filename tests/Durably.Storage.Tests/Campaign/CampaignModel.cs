using System.Buffers.Binary;
using System.Globalization;

namespace Durably.Storage.Tests.Campaign;

/// <summary>
/// What the log must hold: every acknowledged record at its sequence number, byte-identical,
/// plus possibly records whose append had an unknown outcome — each byte-identical to what was
/// appended and in the order its appender appended it. Every record carries a unique id in its
/// first 8 bytes, so a survivor of unknown outcome is recognised by content. Order is checked per
/// appender: an appender awaits each append before the next, so its records keep their order,
/// while records of concurrent appenders may be sequenced in any interleaving.
/// </summary>
internal sealed class CampaignModel
{
    private readonly Dictionary<long, byte[]> _durable = [];
    private readonly Dictionary<long, (int Appender, long Order, byte[] Content)> _unknown = [];
    private long _nextId = 1;
    private long _order;

    /// <summary>The highest sequence number known durable.</summary>
    internal long DurableHigh { get; private set; }

    /// <summary>Records checked across all verifications.</summary>
    internal long RecordsChecked { get; private set; }

    /// <summary>Acknowledged appends.</summary>
    internal long AcknowledgedCount { get; private set; }

    /// <summary>Appends whose outcome was unknown (the log faulted or the machine crashed with them in flight).</summary>
    internal long Unknown { get; private set; }

    /// <summary>Appends refused before sequencing because the disk was full.</summary>
    internal long RefusedFull { get; private set; }

    /// <summary>A new record: 8-byte id, then bytes from the seeded generator.</summary>
    internal byte[] NewRecord(Random random, int length)
    {
        byte[] record = new byte[Math.Max(8, length)];
        random.NextBytes(record);
        BinaryPrimitives.WriteInt64LittleEndian(record, _nextId++);
        return record;
    }

    /// <summary>
    /// The record was handed to AppendAsync by <paramref name="appender"/> (an appender awaits
    /// each append before its next); its outcome is unknown until it completes.
    /// </summary>
    internal void Attempted(byte[] record, int appender = 0) => _unknown[Id(record)] = (appender, _order++, record);

    internal void Acknowledge(long sequence, byte[] record)
    {
        _ = _unknown.Remove(Id(record));
        if (_durable.TryGetValue(sequence, out byte[]? existing))
        {
            throw new CampaignFailure($"sequence {sequence} acknowledged twice (ids {Id(existing)} and {Id(record)})");
        }

        if (sequence <= DurableHigh)
        {
            throw new CampaignFailure($"sequence {sequence} acknowledged but {DurableHigh} was already durable: sequences were reused");
        }

        _durable[sequence] = record;
        AcknowledgedCount++;
    }

    internal void NotAccepted(byte[] record)
    {
        _ = _unknown.Remove(Id(record));
        RefusedFull++;
    }

    internal void OutcomeUnknown() => Unknown++;

    /// <summary>
    /// Checks what a freshly recovered log holds against the model and adopts it: records of
    /// unknown outcome that survived become durable, the rest are forgotten.
    /// </summary>
    /// <summary>
    /// After an accepted loss at the end: every record the log holds is the acknowledged one
    /// of that sequence (or an attempted one of unknown outcome), byte-identical.
    /// </summary>
    internal void VerifyPrefix(DurableLog log)
    {
        // From the first record the log still holds: the ones before were retired behind a snapshot.
        foreach (LogRecord record in log.ReadFrom(log.FirstSequence))
        {
            byte[] bytes = record.Payload.ToArray();
            bool known = _durable.TryGetValue(record.Sequence, out byte[]? expected)
                ? expected.AsSpan().SequenceEqual(bytes)
                : bytes.Length >= 8 && _unknown.TryGetValue(Id(bytes), out (int Appender, long Order, byte[] Content) candidate) && candidate.Content.AsSpan().SequenceEqual(bytes);
            if (!known)
            {
                throw new CampaignFailure($"record {record.Sequence} after an accepted loss is not what was appended ({Describe(bytes)})");
            }

            RecordsChecked++;
        }
    }

    internal void VerifyRecovered(DurableLog log)
    {
        // The state: the recovered snapshot's records (the campaign's snapshot body is every record up to its
        // sequence), then the records the log holds after it.
        List<LogRecord> records = [];
        long from = 1;
        if (log.RecoveredSnapshot is { } snapshot)
        {
            List<byte[]> state = DecodeState(snapshot.Body);
            if (state.Count != snapshot.Sequence)
            {
                throw new CampaignFailure($"snapshot at {snapshot.Sequence} holds {state.Count} records");
            }

            records.AddRange(state.Select((bytes, i) => new LogRecord(i + 1, bytes)));
            from = snapshot.Sequence + 1;
        }

        records.AddRange(log.ReadFrom(from));
        long last = log.LastSequence;
        if (records.Count != last || (records.Count > 0 && (records[0].Sequence != 1 || records[^1].Sequence != last)))
        {
            throw new CampaignFailure($"the snapshot and ReadFrom({from}) returned {records.Count} records but LastSequence is {last}");
        }

        foreach ((long sequence, _) in _durable)
        {
            if (sequence > last)
            {
                throw new CampaignFailure($"acknowledged record {sequence} is missing: the log ends at {last}");
            }
        }

        var lastUnknownOrder = new Dictionary<int, long>();
        var recovered = new Dictionary<long, byte[]>();
        foreach (LogRecord record in records)
        {
            byte[] bytes = record.Payload.ToArray();
            if (_durable.TryGetValue(record.Sequence, out byte[]? expected))
            {
                if (!expected.AsSpan().SequenceEqual(bytes))
                {
                    throw new CampaignFailure($"record {record.Sequence} differs from what was acknowledged ({Describe(bytes)} vs {Describe(expected)})");
                }
            }
            else
            {
                if (bytes.Length < 8 || !_unknown.TryGetValue(Id(bytes), out (int Appender, long Order, byte[] Content) candidate))
                {
                    throw new CampaignFailure($"record {record.Sequence} was never appended ({Describe(bytes)})");
                }

                if (!candidate.Content.AsSpan().SequenceEqual(bytes))
                {
                    throw new CampaignFailure($"record {record.Sequence} is a damaged copy of append {Id(bytes)}");
                }

                if (candidate.Order <= lastUnknownOrder.GetValueOrDefault(candidate.Appender, -1))
                {
                    throw new CampaignFailure($"record {record.Sequence} (append {Id(bytes)}) is out of its appender's append order");
                }

                lastUnknownOrder[candidate.Appender] = candidate.Order;
                _ = _unknown.Remove(Id(bytes));
            }

            recovered[record.Sequence] = bytes;
        }

        _durable.Clear();
        foreach ((long sequence, byte[] bytes) in recovered)
        {
            _durable[sequence] = bytes;
        }

        _unknown.Clear();
        DurableHigh = last;
        RecordsChecked += records.Count;
        RecoveredState = [.. records.Select(r => r.Payload.ToArray())];
    }

    /// <summary>Every record of the last verified recovery, in sequence order: the state a snapshot starts from.</summary>
    internal List<byte[]> RecoveredState { get; private set; } = [];

    /// <summary>Every record of a recovered log in order: the recovered snapshot's records, then the log's after it.</summary>
    internal static List<LogRecord> RecoveredRecords(DurableLog log)
    {
        List<LogRecord> records = [];
        long from = 1;
        if (log.RecoveredSnapshot is { } snapshot)
        {
            records.AddRange(DecodeState(snapshot.Body).Select((bytes, i) => new LogRecord(i + 1, bytes)));
            from = snapshot.Sequence + 1;
        }

        records.AddRange(log.ReadFrom(from));
        return records;
    }

    /// <summary>The campaign's snapshot body: each record as a 4-byte length and its bytes.</summary>
    internal static byte[] EncodeState(IReadOnlyList<byte[]> records)
    {
        byte[] body = new byte[records.Sum(r => 4 + r.Length)];
        int at = 0;
        foreach (byte[] record in records)
        {
            BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(at), record.Length);
            record.CopyTo(body, at + 4);
            at += 4 + record.Length;
        }

        return body;
    }

    internal static List<byte[]> DecodeState(byte[] body)
    {
        var records = new List<byte[]>();
        for (int at = 0; at < body.Length;)
        {
            int length = BinaryPrimitives.ReadInt32LittleEndian(body.AsSpan(at));
            records.Add(body.AsSpan(at + 4, length).ToArray());
            at += 4 + length;
        }

        return records;
    }

    private static long Id(byte[] record) => BinaryPrimitives.ReadInt64LittleEndian(record);

    private static string Describe(byte[] bytes) =>
        string.Create(CultureInfo.InvariantCulture, $"{bytes.Length} bytes, id {(bytes.Length >= 8 ? Id(bytes) : -1)}");
}

/// <summary>An invariant the campaign checks did not hold.</summary>
internal sealed class CampaignFailure(string message) : Exception(message);
