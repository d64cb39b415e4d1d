using System.ComponentModel;
using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;

namespace Durably.Runtime;

/// <summary>
/// Writes MessagePack into an <see cref="IBufferWriter{T}"/>, always in the smallest encoding
/// (non-negative integers in the positive fixint/uint family, negative ones in the negative
/// fixint/int family; float stays float 32). Bytes go straight into the spans the buffer writer
/// hands out; call <see cref="Flush"/> when done so the last chunk is committed.
/// </summary>
/// <remarks>
/// If a write throws (for example a string with an unpaired surrogate), the output may already
/// hold part of the message and must be discarded.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public ref struct MessagePackWriter
{
    // Strings up to this many UTF-16 chars are transcoded in one pass into a worst-case-sized span
    // (3 bytes per char); longer ones are counted first and written in chunks.
    private const int SinglePassStringLimit = 4096;

    // Chunk requested from the buffer writer when a long payload is copied piecewise.
    private const int ChunkSize = 4096;

    private readonly IBufferWriter<byte> _output;
    private readonly int _maximumDepth;
    private Span<byte> _span;
    private int _buffered;

    /// <summary>Creates a writer that appends to <paramref name="output"/>.</summary>
    /// <param name="output">Where the encoded bytes go.</param>
    public MessagePackWriter(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        _maximumDepth = MessagePackReader.DefaultMaximumDepth;
        _span = default;
        _buffered = 0;
    }

    /// <summary>
    /// How many arrays and maps the formatters may nest inside one another (default
    /// <see cref="MessagePackReader.DefaultMaximumDepth"/>, the reader's default). Writing refuses
    /// what reading would refuse, so nothing is written that could not be read back, and a value
    /// nested without bound (a long chain of linked objects) fails cleanly instead of exhausting the stack.
    /// </summary>
    public int MaximumDepth
    {
        readonly get => _maximumDepth;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _maximumDepth = value;
        }
    }

    /// <summary>
    /// How many containers the formatters currently writing have entered; raised by
    /// <see cref="DepthStep"/> and lowered by the formatter when its container is written.
    /// </summary>
    public int Depth { get; set; }

    /// <summary>
    /// Enters one more level of nesting; container formatters call it after writing a header and
    /// decrement <see cref="Depth"/> when the container is written, exactly where their reading
    /// side calls <see cref="MessagePackReader.DepthStep"/>.
    /// </summary>
    /// <exception cref="MessagePackSerializationException">The nesting would exceed <see cref="MaximumDepth"/>.</exception>
    public void DepthStep()
    {
        int depth = Depth + 1;
        if (depth > _maximumDepth)
        {
            throw DepthExceeded(_maximumDepth);
        }

        Depth = depth;
    }

    /// <summary>Commits every byte written so far to the underlying buffer writer.</summary>
    public void Flush()
    {
        if (_buffered > 0)
        {
            _output.Advance(_buffered);
        }

        _span = default;
        _buffered = 0;
    }

    /// <summary>
    /// Returns a span of at least <paramref name="sizeHint"/> bytes to write raw bytes into;
    /// follow with <see cref="Advance"/>. For formatters that encode directly (decimal, Guid).
    /// </summary>
    /// <param name="sizeHint">The minimum number of bytes needed (at least 1 is always returned).</param>
    /// <returns>The free space after what has been written.</returns>
    public Span<byte> GetSpan(int sizeHint)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sizeHint);
        if (sizeHint == 0)
        {
            sizeHint = 1;
        }

        if (_span.Length - _buffered < sizeHint)
        {
            Grow(sizeHint);
        }

        return _span.Slice(_buffered);
    }

    /// <summary>Marks <paramref name="count"/> bytes of the span from <see cref="GetSpan"/> as written.</summary>
    /// <param name="count">How many bytes were written.</param>
    public void Advance(int count)
    {
        if ((uint)count > (uint)(_span.Length - _buffered))
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "Advance past the span returned by GetSpan.");
        }

        _buffered += count;
    }

    /// <summary>Writes nil.</summary>
    public void WriteNil() => Reserve(1)[0] = MessagePackCode.Nil;

    /// <summary>Writes an array header; the elements follow as separate writes.</summary>
    /// <param name="count">The element count.</param>
    public void WriteArrayHeader(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        WriteArrayHeader((uint)count);
    }

    /// <summary>Writes an array header; the elements follow as separate writes.</summary>
    /// <param name="count">The element count.</param>
    public void WriteArrayHeader(uint count)
    {
        if (count <= MessagePackCode.MaxFixCollectionCount)
        {
            Reserve(1)[0] = (byte)(MessagePackCode.MinFixArray | count);
        }
        else if (count <= ushort.MaxValue)
        {
            WriteCodeAndUInt16(MessagePackCode.Array16, (ushort)count);
        }
        else
        {
            WriteCodeAndUInt32(MessagePackCode.Array32, count);
        }
    }

    /// <summary>Writes a map header; the keys and values follow alternately as separate writes.</summary>
    /// <param name="count">The entry (key/value pair) count.</param>
    public void WriteMapHeader(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        WriteMapHeader((uint)count);
    }

    /// <summary>Writes a map header; the keys and values follow alternately as separate writes.</summary>
    /// <param name="count">The entry (key/value pair) count.</param>
    public void WriteMapHeader(uint count)
    {
        if (count <= MessagePackCode.MaxFixCollectionCount)
        {
            Reserve(1)[0] = (byte)(MessagePackCode.MinFixMap | count);
        }
        else if (count <= ushort.MaxValue)
        {
            WriteCodeAndUInt16(MessagePackCode.Map16, (ushort)count);
        }
        else
        {
            WriteCodeAndUInt32(MessagePackCode.Map32, count);
        }
    }

    /// <summary>Writes true or false.</summary>
    /// <param name="value">The value.</param>
    public void Write(bool value) => Reserve(1)[0] = value ? MessagePackCode.True : MessagePackCode.False;

    /// <summary>Writes an integer in its smallest encoding.</summary>
    /// <param name="value">The value.</param>
    public void Write(byte value) => Write((ulong)value);

    /// <summary>Writes an integer in its smallest encoding.</summary>
    /// <param name="value">The value.</param>
    public void Write(sbyte value) => Write((long)value);

    /// <summary>Writes an integer in its smallest encoding.</summary>
    /// <param name="value">The value.</param>
    public void Write(short value) => Write((long)value);

    /// <summary>Writes an integer in its smallest encoding.</summary>
    /// <param name="value">The value.</param>
    public void Write(ushort value) => Write((ulong)value);

    /// <summary>Writes an integer in its smallest encoding.</summary>
    /// <param name="value">The value.</param>
    public void Write(int value) => Write((long)value);

    /// <summary>Writes an integer in its smallest encoding.</summary>
    /// <param name="value">The value.</param>
    public void Write(uint value) => Write((ulong)value);

    /// <summary>Writes a char as its UTF-16 code unit, an unsigned integer (MessagePack-CSharp's convention).</summary>
    /// <param name="value">The value.</param>
    public void Write(char value) => Write((ulong)value);

    /// <summary>
    /// Writes an integer in its smallest encoding: non-negative values in the positive fixint /
    /// uint family, negative values in the negative fixint / int family.
    /// </summary>
    /// <param name="value">The value.</param>
    public void Write(long value)
    {
        if (value >= 0)
        {
            Write((ulong)value);
        }
        else if (value >= -32)
        {
            Reserve(1)[0] = unchecked((byte)value);
        }
        else if (value >= sbyte.MinValue)
        {
            Span<byte> span = Reserve(2);
            span[0] = MessagePackCode.Int8;
            span[1] = unchecked((byte)value);
        }
        else if (value >= short.MinValue)
        {
            WriteCodeAndUInt16(MessagePackCode.Int16, unchecked((ushort)value));
        }
        else if (value >= int.MinValue)
        {
            WriteCodeAndUInt32(MessagePackCode.Int32, unchecked((uint)value));
        }
        else
        {
            WriteCodeAndUInt64(MessagePackCode.Int64, unchecked((ulong)value));
        }
    }

    /// <summary>Writes an integer in its smallest encoding (positive fixint or uint 8/16/32/64).</summary>
    /// <param name="value">The value.</param>
    public void Write(ulong value)
    {
        if (value <= MessagePackCode.MaxFixInt)
        {
            Reserve(1)[0] = (byte)value;
        }
        else if (value <= byte.MaxValue)
        {
            Span<byte> span = Reserve(2);
            span[0] = MessagePackCode.UInt8;
            span[1] = (byte)value;
        }
        else if (value <= ushort.MaxValue)
        {
            WriteCodeAndUInt16(MessagePackCode.UInt16, (ushort)value);
        }
        else if (value <= uint.MaxValue)
        {
            WriteCodeAndUInt32(MessagePackCode.UInt32, (uint)value);
        }
        else
        {
            WriteCodeAndUInt64(MessagePackCode.UInt64, value);
        }
    }

    /// <summary>Writes <paramref name="value"/> as uint 8, whatever its size.</summary>
    /// <param name="value">The value.</param>
    public void WriteUInt8(byte value)
    {
        Span<byte> span = Reserve(2);
        span[0] = MessagePackCode.UInt8;
        span[1] = value;
    }

    /// <summary>Writes <paramref name="value"/> as int 8, whatever its size.</summary>
    /// <param name="value">The value.</param>
    public void WriteInt8(sbyte value)
    {
        Span<byte> span = Reserve(2);
        span[0] = MessagePackCode.Int8;
        span[1] = unchecked((byte)value);
    }

    /// <summary>Writes <paramref name="value"/> as uint 16, whatever its size.</summary>
    /// <param name="value">The value.</param>
    public void WriteUInt16(ushort value) => WriteCodeAndUInt16(MessagePackCode.UInt16, value);

    /// <summary>Writes <paramref name="value"/> as int 16, whatever its size.</summary>
    /// <param name="value">The value.</param>
    public void WriteInt16(short value) => WriteCodeAndUInt16(MessagePackCode.Int16, unchecked((ushort)value));

    /// <summary>Writes <paramref name="value"/> as uint 32, whatever its size.</summary>
    /// <param name="value">The value.</param>
    public void WriteUInt32(uint value) => WriteCodeAndUInt32(MessagePackCode.UInt32, value);

    /// <summary>Writes <paramref name="value"/> as int 32, whatever its size.</summary>
    /// <param name="value">The value.</param>
    public void WriteInt32(int value) => WriteCodeAndUInt32(MessagePackCode.Int32, unchecked((uint)value));

    /// <summary>Writes <paramref name="value"/> as uint 64, whatever its size.</summary>
    /// <param name="value">The value.</param>
    public void WriteUInt64(ulong value) => WriteCodeAndUInt64(MessagePackCode.UInt64, value);

    /// <summary>Writes <paramref name="value"/> as int 64, whatever its size.</summary>
    /// <param name="value">The value.</param>
    public void WriteInt64(long value) => WriteCodeAndUInt64(MessagePackCode.Int64, unchecked((ulong)value));

    /// <summary>Writes a float 32 (never widened to float 64).</summary>
    /// <param name="value">The value.</param>
    public void Write(float value) => WriteCodeAndUInt32(MessagePackCode.Float32, BitConverter.SingleToUInt32Bits(value));

    /// <summary>Writes a float 64.</summary>
    /// <param name="value">The value.</param>
    public void Write(double value) => WriteCodeAndUInt64(MessagePackCode.Float64, BitConverter.DoubleToUInt64Bits(value));

    /// <summary>
    /// Writes a timestamp extension (type −1) in its smallest form: 32-bit when the instant is a
    /// whole second in 1970..2106, 64-bit up to 2514, else 96-bit. <see cref="DateTimeKind.Local"/>
    /// values are converted to UTC first; Unspecified is taken as UTC (MessagePack-CSharp's rule).
    /// </summary>
    /// <param name="value">The instant.</param>
    public void Write(DateTime value)
    {
        if (value.Kind == DateTimeKind.Local)
        {
            value = value.ToUniversalTime();
        }

        long seconds = MessagePackTimestamp.ToUnixSeconds(value, out uint nanoseconds);
        if ((ulong)seconds >> 34 == 0)
        {
            if (nanoseconds == 0 && seconds <= uint.MaxValue)
            {
                Span<byte> span = Reserve(6);
                span[0] = MessagePackCode.FixExt4;
                span[1] = unchecked((byte)MessagePackTimestamp.TypeCode);
                BinaryPrimitives.WriteUInt32BigEndian(span.Slice(2), (uint)seconds);
            }
            else
            {
                Span<byte> span = Reserve(10);
                span[0] = MessagePackCode.FixExt8;
                span[1] = unchecked((byte)MessagePackTimestamp.TypeCode);
                BinaryPrimitives.WriteUInt64BigEndian(span.Slice(2), ((ulong)nanoseconds << 34) | (ulong)seconds);
            }
        }
        else
        {
            Span<byte> span = Reserve(15);
            span[0] = MessagePackCode.Ext8;
            span[1] = 12;
            span[2] = unchecked((byte)MessagePackTimestamp.TypeCode);
            BinaryPrimitives.WriteUInt32BigEndian(span.Slice(3), nanoseconds);
            BinaryPrimitives.WriteInt64BigEndian(span.Slice(7), seconds);
        }
    }

    /// <summary>Writes a string as UTF-8 str, or nil for null.</summary>
    /// <param name="value">The string.</param>
    /// <exception cref="MessagePackSerializationException">The string holds an unpaired surrogate (not encodable as UTF-8).</exception>
    public void Write(string? value)
    {
        if (value is null)
        {
            WriteNil();
        }
        else
        {
            Write(value.AsSpan());
        }
    }

    /// <summary>Writes UTF-16 text as a UTF-8 str.</summary>
    /// <param name="value">The text.</param>
    /// <exception cref="MessagePackSerializationException">The text holds an unpaired surrogate (not encodable as UTF-8).</exception>
    public void Write(ReadOnlySpan<char> value)
    {
        if (value.Length <= SinglePassStringLimit)
        {
            WriteShortString(value);
        }
        else
        {
            WriteLongString(value);
        }
    }

    /// <summary>Writes a str whose payload is already UTF-8 (not validated; the caller guarantees it).</summary>
    /// <param name="utf8">The UTF-8 bytes.</param>
    public void WriteString(ReadOnlySpan<byte> utf8)
    {
        WriteStringHeader(utf8.Length);
        WriteRaw(utf8);
    }

    /// <summary>Writes only a str header; exactly <paramref name="byteCount"/> UTF-8 bytes must follow via <see cref="WriteRaw(ReadOnlySpan{byte})"/>.</summary>
    /// <param name="byteCount">The payload length in bytes.</param>
    public void WriteStringHeader(int byteCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(byteCount);
        if (byteCount <= MessagePackCode.MaxFixStrLength)
        {
            Reserve(1)[0] = (byte)(MessagePackCode.MinFixStr | byteCount);
        }
        else if (byteCount <= byte.MaxValue)
        {
            Span<byte> span = Reserve(2);
            span[0] = MessagePackCode.Str8;
            span[1] = (byte)byteCount;
        }
        else if (byteCount <= ushort.MaxValue)
        {
            WriteCodeAndUInt16(MessagePackCode.Str16, (ushort)byteCount);
        }
        else
        {
            WriteCodeAndUInt32(MessagePackCode.Str32, (uint)byteCount);
        }
    }

    /// <summary>Writes a byte array as bin, or nil for null.</summary>
    /// <param name="value">The bytes.</param>
    public void Write(byte[]? value)
    {
        if (value is null)
        {
            WriteNil();
        }
        else
        {
            Write(value.AsSpan());
        }
    }

    /// <summary>Writes bytes as bin 8/16/32.</summary>
    /// <param name="value">The bytes.</param>
    public void Write(ReadOnlySpan<byte> value)
    {
        WriteBinHeader(value.Length);
        WriteRaw(value);
    }

    /// <summary>Writes bytes as bin 8/16/32.</summary>
    /// <param name="value">The bytes; at most <see cref="uint.MaxValue"/>.</param>
    public void Write(in ReadOnlySequence<byte> value)
    {
        if (value.Length > uint.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value.Length, "A bin value holds at most 2^32-1 bytes.");
        }

        WriteBinHeader((uint)value.Length);
        WriteRaw(value);
    }

    /// <summary>Writes only a bin header; exactly <paramref name="length"/> bytes must follow via <see cref="WriteRaw(ReadOnlySpan{byte})"/>.</summary>
    /// <param name="length">The payload length in bytes.</param>
    public void WriteBinHeader(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        WriteBinHeader((uint)length);
    }

    /// <summary>Writes an extension header; exactly <see cref="ExtensionHeader.Length"/> payload bytes must follow.</summary>
    /// <param name="header">Type code and payload length.</param>
    public void WriteExtensionFormatHeader(ExtensionHeader header)
    {
        byte type = unchecked((byte)header.TypeCode);
        switch (header.Length)
        {
            case 1:
                WriteCodeAndByte(MessagePackCode.FixExt1, type);
                return;
            case 2:
                WriteCodeAndByte(MessagePackCode.FixExt2, type);
                return;
            case 4:
                WriteCodeAndByte(MessagePackCode.FixExt4, type);
                return;
            case 8:
                WriteCodeAndByte(MessagePackCode.FixExt8, type);
                return;
            case 16:
                WriteCodeAndByte(MessagePackCode.FixExt16, type);
                return;
        }

        if (header.Length <= byte.MaxValue)
        {
            Span<byte> span = Reserve(3);
            span[0] = MessagePackCode.Ext8;
            span[1] = (byte)header.Length;
            span[2] = type;
        }
        else if (header.Length <= ushort.MaxValue)
        {
            Span<byte> span = Reserve(4);
            span[0] = MessagePackCode.Ext16;
            BinaryPrimitives.WriteUInt16BigEndian(span.Slice(1), (ushort)header.Length);
            span[3] = type;
        }
        else
        {
            Span<byte> span = Reserve(6);
            span[0] = MessagePackCode.Ext32;
            BinaryPrimitives.WriteUInt32BigEndian(span.Slice(1), header.Length);
            span[5] = type;
        }
    }

    /// <summary>Writes a whole extension value (header in its smallest form, then payload).</summary>
    /// <param name="extension">Type code and payload.</param>
    public void WriteExtensionFormat(ExtensionResult extension)
    {
        WriteExtensionFormatHeader(extension.Header);
        WriteRaw(extension.Data);
    }

    /// <summary>Copies bytes verbatim (already-encoded MessagePack, or a payload after a header).</summary>
    /// <param name="raw">The bytes.</param>
    public void WriteRaw(ReadOnlySpan<byte> raw)
    {
        if (raw.Length <= _span.Length - _buffered)
        {
            raw.CopyTo(_span.Slice(_buffered));
            _buffered += raw.Length;
            return;
        }

        while (!raw.IsEmpty)
        {
            Span<byte> destination = GetSpan(Math.Min(raw.Length, ChunkSize));
            int count = Math.Min(raw.Length, destination.Length);
            raw.Slice(0, count).CopyTo(destination);
            _buffered += count;
            raw = raw.Slice(count);
        }
    }

    /// <summary>Copies bytes verbatim (already-encoded MessagePack, or a payload after a header).</summary>
    /// <param name="raw">The bytes.</param>
    public void WriteRaw(in ReadOnlySequence<byte> raw)
    {
        foreach (ReadOnlyMemory<byte> segment in raw)
        {
            WriteRaw(segment.Span);
        }
    }

    private void WriteBinHeader(uint length)
    {
        if (length <= byte.MaxValue)
        {
            WriteCodeAndByte(MessagePackCode.Bin8, (byte)length);
        }
        else if (length <= ushort.MaxValue)
        {
            WriteCodeAndUInt16(MessagePackCode.Bin16, (ushort)length);
        }
        else
        {
            WriteCodeAndUInt32(MessagePackCode.Bin32, length);
        }
    }

    private void WriteShortString(ReadOnlySpan<char> value)
    {
        // Transcode straight into the buffer behind a header sized for the worst case (3 bytes per
        // UTF-16 char), then shift the payload down if the real length needs a smaller header.
        int maxBytes = value.Length * 3;
        int reservedHeader = StringHeaderSize(maxBytes);
        Span<byte> span = GetSpan(reservedHeader + maxBytes);
        OperationStatus status = Utf8.FromUtf16(value, span.Slice(reservedHeader), out _, out int written, replaceInvalidSequences: false);
        if (status != OperationStatus.Done)
        {
            throw UnpairedSurrogate(value);
        }

        int header = StringHeaderSize(written);
        if (header != reservedHeader)
        {
            span.Slice(reservedHeader, written).CopyTo(span.Slice(header));
        }

        WriteStringHeaderInto(span, header, written);
        _buffered += header + written;
    }

    private void WriteLongString(ReadOnlySpan<char> value)
    {
        // Invalid UTF-16 still counts (as U+FFFD) here; the transcoding below rejects it.
        int byteCount = Encoding.UTF8.GetByteCount(value);
        WriteStringHeader(byteCount);
        ReadOnlySpan<char> remaining = value;
        while (!remaining.IsEmpty)
        {
            Span<byte> destination = GetSpan(ChunkSize);
            OperationStatus status = Utf8.FromUtf16(remaining, destination, out int read, out int written, replaceInvalidSequences: false);
            _buffered += written;
            remaining = remaining.Slice(read);
            if (status == OperationStatus.InvalidData)
            {
                throw UnpairedSurrogate(value);
            }

            // DestinationTooSmall: the chunk is full; the next GetSpan hands out a fresh one of at
            // least ChunkSize bytes, room for any UTF-8 sequence, so every pass makes progress.
        }
    }

    private static int StringHeaderSize(int byteCount) => byteCount switch
    {
        <= MessagePackCode.MaxFixStrLength => 1,
        <= byte.MaxValue => 2,
        <= ushort.MaxValue => 3,
        _ => 5,
    };

    private static void WriteStringHeaderInto(Span<byte> span, int headerSize, int byteCount)
    {
        switch (headerSize)
        {
            case 1:
                span[0] = (byte)(MessagePackCode.MinFixStr | byteCount);
                break;
            case 2:
                span[0] = MessagePackCode.Str8;
                span[1] = (byte)byteCount;
                break;
            case 3:
                span[0] = MessagePackCode.Str16;
                BinaryPrimitives.WriteUInt16BigEndian(span.Slice(1), (ushort)byteCount);
                break;
            default:
                span[0] = MessagePackCode.Str32;
                BinaryPrimitives.WriteUInt32BigEndian(span.Slice(1), (uint)byteCount);
                break;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static MessagePackSerializationException DepthExceeded(int maximumDepth) =>
        new($"The value nests arrays/maps deeper than the maximum depth of {maximumDepth}, and a reader with that limit could not read it back, so it is refused.");

    private static MessagePackSerializationException UnpairedSurrogate(ReadOnlySpan<char> value)
    {
        int index = 0;
        while (index < value.Length)
        {
            char c = value[index];
            if (char.IsHighSurrogate(c) && index + 1 < value.Length && char.IsLowSurrogate(value[index + 1]))
            {
                index += 2;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                break;
            }

            index++;
        }

        return new MessagePackSerializationException(
            $"Cannot write a string of {value.Length} chars as MessagePack str: it holds an unpaired surrogate at char index {index}, which has no UTF-8 encoding.");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteCodeAndByte(byte code, byte value)
    {
        Span<byte> span = Reserve(2);
        span[0] = code;
        span[1] = value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteCodeAndUInt16(byte code, ushort value)
    {
        Span<byte> span = Reserve(3);
        span[0] = code;
        BinaryPrimitives.WriteUInt16BigEndian(span.Slice(1), value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteCodeAndUInt32(byte code, uint value)
    {
        Span<byte> span = Reserve(5);
        span[0] = code;
        BinaryPrimitives.WriteUInt32BigEndian(span.Slice(1), value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteCodeAndUInt64(byte code, ulong value)
    {
        Span<byte> span = Reserve(9);
        span[0] = code;
        BinaryPrimitives.WriteUInt64BigEndian(span.Slice(1), value);
    }

    /// <summary>Returns exactly <paramref name="count"/> writable bytes and counts them as written.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<byte> Reserve(int count)
    {
        if (_span.Length - _buffered < count)
        {
            Grow(count);
        }

        Span<byte> span = _span.Slice(_buffered, count);
        _buffered += count;
        return span;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int sizeHint)
    {
        if (_buffered > 0)
        {
            _output.Advance(_buffered);
            _buffered = 0;
        }

        _span = _output.GetSpan(sizeHint);
        if (_span.Length < sizeHint)
        {
            throw new InvalidOperationException(
                $"The buffer writer returned {_span.Length} bytes when asked for at least {sizeHint}; IBufferWriter<byte>.GetSpan must honour its size hint.");
        }
    }
}
