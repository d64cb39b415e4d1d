using System.ComponentModel;
using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Durably.Runtime;

/// <summary>
/// Reads MessagePack from a <see cref="ReadOnlyMemory{T}"/> (the fast path: one contiguous span)
/// or a possibly segmented <see cref="ReadOnlySequence{T}"/>. Every width of every format is
/// accepted; values are range-checked against the requested type.
/// </summary>
/// <remarks>
/// Input is treated as hostile: truncation, lengths beyond the remaining bytes, the never-used
/// code 0xc1, out-of-range integers, invalid UTF-8 and nesting deeper than
/// <see cref="MaximumDepth"/> all throw <see cref="MessagePackSerializationException"/> naming
/// what was wrong and the byte offset; counts in headers are checked against the bytes that
/// remain, so no caller allocates more than the input could fill. After an exception the reader's
/// position is unspecified.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public ref struct MessagePackReader
{
    /// <summary>The nesting limit a reader starts with.</summary>
    public const int DefaultMaximumDepth = 100;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySequence<byte> _sequence; // default for contiguous input
    private readonly long _length;
    private readonly bool _multiSegment;
    private readonly int _maximumDepth;
    private SequencePosition _nextSegment;
    private ReadOnlyMemory<byte> _segment;
    private ReadOnlySpan<byte> _span;
    private int _position;
    private long _segmentStart;

    /// <summary>Creates a reader over contiguous memory.</summary>
    /// <param name="memory">The MessagePack data.</param>
    public MessagePackReader(ReadOnlyMemory<byte> memory)
    {
        // The sequence is only consulted for multi-segment input; slices come from _segment here.
        _sequence = default;
        _length = memory.Length;
        _multiSegment = false;
        _maximumDepth = DefaultMaximumDepth;
        _nextSegment = default;
        _segment = memory;
        _span = memory.Span;
        _position = 0;
        _segmentStart = 0;
    }

    /// <summary>Creates a reader over a possibly segmented sequence.</summary>
    /// <param name="sequence">The MessagePack data.</param>
    public MessagePackReader(in ReadOnlySequence<byte> sequence)
    {
        _sequence = sequence;
        _length = sequence.Length;
        _maximumDepth = DefaultMaximumDepth;
        _position = 0;
        _segmentStart = 0;
        if (sequence.IsSingleSegment)
        {
            _multiSegment = false;
            _nextSegment = default;
            _segment = sequence.First;
            _span = _segment.Span;
        }
        else
        {
            _multiSegment = true;
            _nextSegment = sequence.Start;
            _segment = default;
            _span = default;
            TryMoveToNextSegment();
        }
    }

    /// <summary>
    /// How many arrays and maps may enclose one another (default <see cref="DefaultMaximumDepth"/>).
    /// <see cref="Skip"/> and every collection formatter enforce it through <see cref="DepthStep"/>.
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
    /// How many containers the formatters currently reading have entered; raised by
    /// <see cref="DepthStep"/> and lowered by the formatter when its container is done.
    /// </summary>
    public int Depth { get; set; }

    /// <summary>How many bytes have been read.</summary>
    public readonly long Consumed => _segmentStart + _position;

    /// <summary>True when every byte has been read.</summary>
    public readonly bool End => _multiSegment ? Consumed >= _length : _position >= _span.Length;

    /// <summary>The format code of the next value, without consuming it.</summary>
    /// <exception cref="MessagePackSerializationException">No bytes remain.</exception>
    public byte NextCode => PeekCode();

    /// <summary>The family of the next value, without consuming it.</summary>
    /// <exception cref="MessagePackSerializationException">No bytes remain.</exception>
    public MessagePackType NextMessagePackType => MessagePackCode.ToMessagePackType(PeekCode());

    private readonly long Remaining => _length - Consumed;

    /// <summary>
    /// Enters one more level of nesting; collection formatters call it after reading a header and
    /// decrement <see cref="Depth"/> when the collection is read.
    /// </summary>
    /// <exception cref="MessagePackSerializationException">The nesting would exceed <see cref="MaximumDepth"/>.</exception>
    public void DepthStep()
    {
        int depth = Depth + 1;
        if (depth > _maximumDepth)
        {
            throw DepthExceeded(Consumed);
        }

        Depth = depth;
    }

    /// <summary>Consumes a nil if one is next.</summary>
    /// <returns>True if a nil was consumed; false (nothing consumed) for any other value.</returns>
    public bool TryReadNil()
    {
        if (PeekCode() == MessagePackCode.Nil)
        {
            _position++;
            return true;
        }

        return false;
    }

    /// <summary>Reads a nil.</summary>
    public void ReadNil()
    {
        byte code = ReadCode();
        if (code != MessagePackCode.Nil)
        {
            throw Unexpected(code, "nil");
        }
    }

    /// <summary>Reads true or false.</summary>
    /// <returns>The value.</returns>
    public bool ReadBoolean()
    {
        byte code = ReadCode();
        return code switch
        {
            MessagePackCode.True => true,
            MessagePackCode.False => false,
            _ => throw Unexpected(code, "a boolean"),
        };
    }

    /// <summary>Reads an integer of any width that fits a <see cref="byte"/>.</summary>
    /// <returns>The value.</returns>
    public byte ReadByte() => (byte)ReadUnsignedInteger(byte.MaxValue, "Byte");

    /// <summary>Reads an integer of any width that fits a <see cref="ushort"/>.</summary>
    /// <returns>The value.</returns>
    public ushort ReadUInt16() => (ushort)ReadUnsignedInteger(ushort.MaxValue, "UInt16");

    /// <summary>Reads an integer of any width that fits a <see cref="uint"/>.</summary>
    /// <returns>The value.</returns>
    public uint ReadUInt32() => (uint)ReadUnsignedInteger(uint.MaxValue, "UInt32");

    /// <summary>Reads an integer of any width that fits a <see cref="ulong"/>.</summary>
    /// <returns>The value.</returns>
    public ulong ReadUInt64() => ReadUnsignedInteger(ulong.MaxValue, "UInt64");

    /// <summary>Reads an integer of any width that fits a <see cref="sbyte"/>.</summary>
    /// <returns>The value.</returns>
    public sbyte ReadSByte() => (sbyte)ReadSignedInteger(sbyte.MinValue, sbyte.MaxValue, "SByte");

    /// <summary>Reads an integer of any width that fits a <see cref="short"/>.</summary>
    /// <returns>The value.</returns>
    public short ReadInt16() => (short)ReadSignedInteger(short.MinValue, short.MaxValue, "Int16");

    /// <summary>Reads an integer of any width that fits an <see cref="int"/>.</summary>
    /// <returns>The value.</returns>
    public int ReadInt32() => (int)ReadSignedInteger(int.MinValue, int.MaxValue, "Int32");

    /// <summary>Reads an integer of any width that fits a <see cref="long"/>.</summary>
    /// <returns>The value.</returns>
    public long ReadInt64() => ReadSignedInteger(long.MinValue, long.MaxValue, "Int64");

    /// <summary>Reads a char written as its UTF-16 code unit (an unsigned integer of any width).</summary>
    /// <returns>The value.</returns>
    public char ReadChar() => (char)ReadUnsignedInteger(char.MaxValue, "Char");

    /// <summary>Reads a float 32, a float 64 (rounded to single precision) or any integer.</summary>
    /// <returns>The value.</returns>
    public float ReadSingle()
    {
        byte code = ReadCode();
        switch (code)
        {
            case MessagePackCode.Float32:
                return BitConverter.UInt32BitsToSingle(ReadPayloadUInt32(code, 1));
            case MessagePackCode.Float64:
                return (float)BitConverter.UInt64BitsToDouble(ReadPayloadUInt64(code, 1));
            case MessagePackCode.UInt64:
                _position--; // the code byte is always in the current segment
                return ReadUInt64();
            default:
                if (MessagePackCode.ToMessagePackType(code) != MessagePackType.Integer)
                {
                    throw Unexpected(code, "a float or integer");
                }

                _position--;
                return ReadInt64();
        }
    }

    /// <summary>Reads a float 64, a float 32 or any integer.</summary>
    /// <returns>The value.</returns>
    public double ReadDouble()
    {
        byte code = ReadCode();
        switch (code)
        {
            case MessagePackCode.Float64:
                return BitConverter.UInt64BitsToDouble(ReadPayloadUInt64(code, 1));
            case MessagePackCode.Float32:
                return BitConverter.UInt32BitsToSingle(ReadPayloadUInt32(code, 1));
            case MessagePackCode.UInt64:
                _position--;
                return ReadUInt64();
            default:
                if (MessagePackCode.ToMessagePackType(code) != MessagePackType.Integer)
                {
                    throw Unexpected(code, "a float or integer");
                }

                _position--;
                return ReadInt64();
        }
    }

    /// <summary>Reads an array header (fixarray, array 16 or array 32).</summary>
    /// <returns>The element count, never more than the bytes that remain.</returns>
    public int ReadArrayHeader()
    {
        byte code = ReadCode();
        uint count;
        if ((uint)(code - MessagePackCode.MinFixArray) <= MessagePackCode.MaxFixCollectionCount)
        {
            count = code & 0x0fu;
        }
        else if (code == MessagePackCode.Array16)
        {
            count = ReadPayloadUInt16(code, 1);
        }
        else if (code == MessagePackCode.Array32)
        {
            count = ReadPayloadUInt32(code, 1);
        }
        else
        {
            throw Unexpected(code, "an array");
        }

        CheckChildCount(count, code, "elements", count);
        return (int)count;
    }

    /// <summary>Reads a map header (fixmap, map 16 or map 32).</summary>
    /// <returns>The entry count; twice it never exceeds the bytes that remain.</returns>
    public int ReadMapHeader()
    {
        byte code = ReadCode();
        uint count;
        if ((uint)(code - MessagePackCode.MinFixMap) <= MessagePackCode.MaxFixCollectionCount)
        {
            count = code & 0x0fu;
        }
        else if (code == MessagePackCode.Map16)
        {
            count = ReadPayloadUInt16(code, 1);
        }
        else if (code == MessagePackCode.Map32)
        {
            count = ReadPayloadUInt32(code, 1);
        }
        else
        {
            throw Unexpected(code, "a map");
        }

        CheckChildCount(2UL * count, code, "entries", count);
        return (int)count;
    }

    /// <summary>Reads a str as a .NET string, or nil as null.</summary>
    /// <returns>The string.</returns>
    /// <exception cref="MessagePackSerializationException">Not a str or nil, truncated, or not valid UTF-8.</exception>
    public string? ReadString()
    {
        byte code = ReadCode();
        int length;
        int headerSize;
        if ((uint)(code - MessagePackCode.MinFixStr) <= MessagePackCode.MaxFixStrLength)
        {
            length = code & 0x1f;
            headerSize = 1;
        }
        else if (code == MessagePackCode.Nil)
        {
            return null;
        }
        else
        {
            length = ReadStringLengthAfterCode(code, out headerSize);
        }

        if (_span.Length - _position >= length)
        {
            string value = DecodeUtf8(_span.Slice(_position, length), Consumed - headerSize);
            _position += length;
            return value;
        }

        return ReadStringAcrossSegments(length, code, headerSize);
    }

    /// <summary>Reads a str header (fixstr or str 8/16/32).</summary>
    /// <returns>The UTF-8 byte count that follows, never more than the bytes that remain.</returns>
    public int ReadStringHeader()
    {
        byte code = ReadCode();
        if ((uint)(code - MessagePackCode.MinFixStr) <= MessagePackCode.MaxFixStrLength)
        {
            int length = code & 0x1f;
            EnsureRemaining(length, code, 1);
            return length;
        }

        return ReadStringLengthAfterCode(code, out _);
    }

    /// <summary>
    /// Reads a str's UTF-8 payload without decoding it, when it lies in one contiguous segment
    /// (always the case for a reader over <see cref="ReadOnlyMemory{T}"/>).
    /// </summary>
    /// <param name="utf8">The payload (not validated).</param>
    /// <returns>True if read; false, with nothing consumed, if the payload spans segments.</returns>
    /// <exception cref="MessagePackSerializationException">The next value is not a str.</exception>
    public bool TryReadStringSpan(out ReadOnlySpan<byte> utf8)
    {
        // Fast path: header and payload both in the current segment.
        ReadOnlySpan<byte> span = _span.Slice(_position);
        if (!span.IsEmpty)
        {
            byte code = span[0];
            int headerSize = 0;
            long length = 0;
            if ((uint)(code - MessagePackCode.MinFixStr) <= MessagePackCode.MaxFixStrLength)
            {
                (headerSize, length) = (1, code & 0x1f);
            }
            else if (code == MessagePackCode.Str8 && span.Length >= 2)
            {
                (headerSize, length) = (2, span[1]);
            }
            else if (code == MessagePackCode.Str16 && span.Length >= 3)
            {
                (headerSize, length) = (3, BinaryPrimitives.ReadUInt16BigEndian(span.Slice(1)));
            }
            else if (code == MessagePackCode.Str32 && span.Length >= 5)
            {
                (headerSize, length) = (5, BinaryPrimitives.ReadUInt32BigEndian(span.Slice(1)));
            }

            if (headerSize > 0 && span.Length - headerSize >= length)
            {
                utf8 = span.Slice(headerSize, (int)length);
                _position += headerSize + (int)length;
                return true;
            }
        }

        return TryReadStringSpanAcrossSegments(out utf8);
    }

    private bool TryReadStringSpanAcrossSegments(out ReadOnlySpan<byte> utf8)
    {
        MessagePackReader ahead = this;
        int length = ahead.ReadStringHeader();
        if (length > 0 && ahead._position == ahead._span.Length)
        {
            // The header ended a segment; the payload may still lie wholly in the next one.
            ahead.TryMoveToNextSegment();
        }

        if (ahead._span.Length - ahead._position >= length)
        {
            utf8 = ahead._span.Slice(ahead._position, length);
            ahead._position += length;
            this = ahead;
            return true;
        }

        utf8 = default;
        return false;
    }

    /// <summary>Reads a str's UTF-8 payload without decoding it, or nil as null.</summary>
    /// <returns>The payload (not validated), sliced from the input without copying.</returns>
    public ReadOnlySequence<byte>? ReadStringSequence()
    {
        if (TryReadNil())
        {
            return null;
        }

        int length = ReadStringHeader();
        return ReadSlice(length, MessagePackCode.Str32, 0);
    }

    /// <summary>Reads a bin (or, as older writers produced, a str) as raw bytes, or nil as null.</summary>
    /// <returns>The bytes, sliced from the input without copying.</returns>
    public ReadOnlySequence<byte>? ReadBytes()
    {
        byte code = ReadCode();
        long length;
        int headerSize;
        switch (code)
        {
            case MessagePackCode.Nil:
                return null;
            case MessagePackCode.Bin8:
                length = ReadPayloadByte(code, 1);
                headerSize = 2;
                break;
            case MessagePackCode.Bin16:
                length = ReadPayloadUInt16(code, 1);
                headerSize = 3;
                break;
            case MessagePackCode.Bin32:
                length = ReadPayloadUInt32(code, 1);
                headerSize = 5;
                break;
            default:
                if (MessagePackCode.ToMessagePackType(code) != MessagePackType.String)
                {
                    throw Unexpected(code, "bin or nil");
                }

                _position--;
                length = ReadStringHeader();
                headerSize = 0;
                break;
        }

        return ReadSlice(length, code, headerSize);
    }

    /// <summary>Reads an extension header (fixext 1/2/4/8/16 or ext 8/16/32).</summary>
    /// <returns>Type code and payload length; the payload is next and lies within the input.</returns>
    public ExtensionHeader ReadExtensionFormatHeader()
    {
        byte code = ReadCode();
        uint length;
        int headerSize;
        switch (code)
        {
            case MessagePackCode.FixExt1:
                (length, headerSize) = (1, 2);
                break;
            case MessagePackCode.FixExt2:
                (length, headerSize) = (2, 2);
                break;
            case MessagePackCode.FixExt4:
                (length, headerSize) = (4, 2);
                break;
            case MessagePackCode.FixExt8:
                (length, headerSize) = (8, 2);
                break;
            case MessagePackCode.FixExt16:
                (length, headerSize) = (16, 2);
                break;
            case MessagePackCode.Ext8:
                (length, headerSize) = (ReadPayloadByte(code, 1), 3);
                break;
            case MessagePackCode.Ext16:
                (length, headerSize) = (ReadPayloadUInt16(code, 1), 4);
                break;
            case MessagePackCode.Ext32:
                (length, headerSize) = (ReadPayloadUInt32(code, 1), 6);
                break;
            default:
                throw Unexpected(code, "an extension");
        }

        sbyte typeCode = unchecked((sbyte)ReadPayloadByte(code, headerSize - 1));
        EnsureRemaining(length, code, headerSize);
        return new ExtensionHeader(typeCode, length);
    }

    /// <summary>Reads a whole extension value.</summary>
    /// <returns>Type code and payload, sliced from the input without copying.</returns>
    public ExtensionResult ReadExtensionFormat()
    {
        ExtensionHeader header = ReadExtensionFormatHeader();
        return new ExtensionResult(header.TypeCode, ReadSlice(header.Length, MessagePackCode.Ext32, 0));
    }

    /// <summary>Reads a timestamp extension (type −1) in its 32-, 64- or 96-bit form.</summary>
    /// <returns>The instant as a UTC <see cref="DateTime"/>, truncated to 100 ns ticks.</returns>
    /// <exception cref="MessagePackSerializationException">Not a timestamp, malformed, or outside DateTime's range.</exception>
    public DateTime ReadDateTime()
    {
        long start = Consumed;
        if (End)
        {
            throw EndOfData("a timestamp");
        }

        ExtensionHeader header = ReadExtensionFormatHeader();
        return ReadDateTimePayload(header, start);
    }

    /// <summary>Reads a timestamp payload whose extension header has already been read.</summary>
    /// <param name="header">The header just read; its type must be −1.</param>
    /// <returns>The instant as a UTC <see cref="DateTime"/>.</returns>
    public DateTime ReadDateTime(ExtensionHeader header) => ReadDateTimePayload(header, Consumed);

    /// <summary>Reads <paramref name="length"/> raw bytes (for example an extension payload after its header).</summary>
    /// <param name="length">How many bytes.</param>
    /// <returns>The bytes, sliced from the input without copying.</returns>
    public ReadOnlySequence<byte> ReadRaw(long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        long remaining = Remaining;
        if (length > remaining)
        {
            throw new MessagePackSerializationException(
                $"MessagePack data ends early: {length} raw bytes were requested at offset {Consumed} but only {remaining} remain.", Consumed);
        }

        return ReadSlice(length, 0, 0);
    }

    /// <summary>Reads the next whole value, however nested, as its encoded bytes.</summary>
    /// <returns>The encoded value, sliced from the input without copying.</returns>
    public ReadOnlySequence<byte> ReadRaw()
    {
        long start = Consumed;
        Skip();
        long length = Consumed - start;
        return _multiSegment
            ? _sequence.Slice(start, length)
            : new ReadOnlySequence<byte>(_segment.Slice((int)start, (int)length));
    }

    /// <summary>
    /// Skips the next value, however nested, checking it as it goes: every length must lie within
    /// the input and nesting must stay within <see cref="MaximumDepth"/>. Iterative, so hostile
    /// nesting cannot exhaust the stack.
    /// </summary>
    public void Skip()
    {
        // pending[i] = values still to skip inside the i-th container this call has entered.
        Span<long> pending = stackalloc long[16];
        int open = 0;
        while (true)
        {
            long valueStart = Consumed;
            long children = SkipValueHeader();
            if (children >= 0)
            {
                if (Depth + open + 1 > _maximumDepth)
                {
                    throw DepthExceeded(valueStart);
                }

                if (children > 0)
                {
                    if (open == pending.Length)
                    {
                        long[] larger = new long[pending.Length * 2];
                        pending.CopyTo(larger);
                        pending = larger;
                    }

                    pending[open++] = children;
                    continue;
                }
            }

            // One value is complete; close every container it completes.
            while (true)
            {
                if (open == 0)
                {
                    return;
                }

                if (--pending[open - 1] > 0)
                {
                    break;
                }

                open--;
            }
        }
    }

    private long SkipValueHeader()
    {
        byte code = ReadCode();
        if (code <= MessagePackCode.MaxFixInt || code >= MessagePackCode.MinNegativeFixInt)
        {
            return -1;
        }

        if (code <= MessagePackCode.MaxFixMap)
        {
            uint count = code & 0x0fu;
            CheckChildCount(2UL * count, code, "entries", count);
            return 2L * count;
        }

        if (code <= MessagePackCode.MaxFixArray)
        {
            uint count = code & 0x0fu;
            CheckChildCount(count, code, "elements", count);
            return count;
        }

        if (code <= MessagePackCode.MaxFixStr)
        {
            SkipBytes(code & 0x1f, code, 1);
            return -1;
        }

        switch (code)
        {
            case MessagePackCode.Nil:
            case MessagePackCode.False:
            case MessagePackCode.True:
                return -1;
            case MessagePackCode.Bin8:
            case MessagePackCode.Str8:
                SkipBytes(ReadPayloadByte(code, 1), code, 2);
                return -1;
            case MessagePackCode.Bin16:
            case MessagePackCode.Str16:
                SkipBytes(ReadPayloadUInt16(code, 1), code, 3);
                return -1;
            case MessagePackCode.Bin32:
            case MessagePackCode.Str32:
                SkipBytes(ReadPayloadUInt32(code, 1), code, 5);
                return -1;
            case MessagePackCode.Ext8:
                SkipBytes(ReadPayloadByte(code, 1) + 1L, code, 2);
                return -1;
            case MessagePackCode.Ext16:
                SkipBytes(ReadPayloadUInt16(code, 1) + 1L, code, 3);
                return -1;
            case MessagePackCode.Ext32:
                SkipBytes(ReadPayloadUInt32(code, 1) + 1L, code, 5);
                return -1;
            case MessagePackCode.UInt8:
            case MessagePackCode.Int8:
                SkipBytes(1, code, 1);
                return -1;
            case MessagePackCode.UInt16:
            case MessagePackCode.Int16:
                SkipBytes(2, code, 1);
                return -1;
            case MessagePackCode.Float32:
            case MessagePackCode.UInt32:
            case MessagePackCode.Int32:
                SkipBytes(4, code, 1);
                return -1;
            case MessagePackCode.Float64:
            case MessagePackCode.UInt64:
            case MessagePackCode.Int64:
                SkipBytes(8, code, 1);
                return -1;
            case MessagePackCode.FixExt1:
                SkipBytes(2, code, 1);
                return -1;
            case MessagePackCode.FixExt2:
                SkipBytes(3, code, 1);
                return -1;
            case MessagePackCode.FixExt4:
                SkipBytes(5, code, 1);
                return -1;
            case MessagePackCode.FixExt8:
                SkipBytes(9, code, 1);
                return -1;
            case MessagePackCode.FixExt16:
                SkipBytes(17, code, 1);
                return -1;
            case MessagePackCode.Array16:
            {
                uint count = ReadPayloadUInt16(code, 1);
                CheckChildCount(count, code, "elements", count);
                return count;
            }

            case MessagePackCode.Array32:
            {
                uint count = ReadPayloadUInt32(code, 1);
                CheckChildCount(count, code, "elements", count);
                return count;
            }

            case MessagePackCode.Map16:
            {
                uint count = ReadPayloadUInt16(code, 1);
                CheckChildCount(2UL * count, code, "entries", count);
                return 2L * count;
            }

            case MessagePackCode.Map32:
            {
                uint count = ReadPayloadUInt32(code, 1);
                CheckChildCount(2UL * count, code, "entries", count);
                return 2L * count;
            }

            default:
                throw Unexpected(code, "a value");
        }
    }

    /// <summary>Reads an integer of any width that lies in <paramref name="min"/>..<paramref name="max"/>, naming <paramref name="target"/> when it does not.</summary>
    /// <param name="min">The smallest value accepted.</param>
    /// <param name="max">The largest value accepted.</param>
    /// <param name="target">The type being read, for the out-of-range message.</param>
    /// <returns>The value.</returns>
    internal long ReadSignedInteger(long min, long max, string target)
    {
        byte code = ReadCode();
        long value;
        if (code <= MessagePackCode.MaxFixInt)
        {
            value = code;
        }
        else if (code >= MessagePackCode.MinNegativeFixInt)
        {
            value = unchecked((sbyte)code);
        }
        else
        {
            switch (code)
            {
                case MessagePackCode.UInt8:
                    value = ReadPayloadByte(code, 1);
                    break;
                case MessagePackCode.UInt16:
                    value = ReadPayloadUInt16(code, 1);
                    break;
                case MessagePackCode.UInt32:
                    value = ReadPayloadUInt32(code, 1);
                    break;
                case MessagePackCode.UInt64:
                    ulong unsigned = ReadPayloadUInt64(code, 1);
                    if (unsigned > (ulong)max)
                    {
                        throw OutOfRange(target, code, unsigned.ToString(CultureInfo.InvariantCulture));
                    }

                    return (long)unsigned;
                case MessagePackCode.Int8:
                    value = unchecked((sbyte)ReadPayloadByte(code, 1));
                    break;
                case MessagePackCode.Int16:
                    value = unchecked((short)ReadPayloadUInt16(code, 1));
                    break;
                case MessagePackCode.Int32:
                    value = unchecked((int)ReadPayloadUInt32(code, 1));
                    break;
                case MessagePackCode.Int64:
                    value = unchecked((long)ReadPayloadUInt64(code, 1));
                    break;
                default:
                    throw Unexpected(code, "an integer");
            }
        }

        if (value < min || value > max)
        {
            throw OutOfRange(target, code, value.ToString(CultureInfo.InvariantCulture));
        }

        return value;
    }

    /// <summary>Reads a non-negative integer of any width up to <paramref name="max"/>, naming <paramref name="target"/> when it does not fit.</summary>
    /// <param name="max">The largest value accepted.</param>
    /// <param name="target">The type being read, for the out-of-range message.</param>
    /// <returns>The value.</returns>
    internal ulong ReadUnsignedInteger(ulong max, string target)
    {
        byte code = ReadCode();
        ulong value;
        if (code <= MessagePackCode.MaxFixInt)
        {
            value = code;
        }
        else if (code >= MessagePackCode.MinNegativeFixInt)
        {
            throw OutOfRange(target, code, unchecked((sbyte)code).ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            switch (code)
            {
                case MessagePackCode.UInt8:
                    value = ReadPayloadByte(code, 1);
                    break;
                case MessagePackCode.UInt16:
                    value = ReadPayloadUInt16(code, 1);
                    break;
                case MessagePackCode.UInt32:
                    value = ReadPayloadUInt32(code, 1);
                    break;
                case MessagePackCode.UInt64:
                    value = ReadPayloadUInt64(code, 1);
                    break;
                case MessagePackCode.Int8:
                case MessagePackCode.Int16:
                case MessagePackCode.Int32:
                case MessagePackCode.Int64:
                    long signed = code switch
                    {
                        MessagePackCode.Int8 => unchecked((sbyte)ReadPayloadByte(code, 1)),
                        MessagePackCode.Int16 => unchecked((short)ReadPayloadUInt16(code, 1)),
                        MessagePackCode.Int32 => unchecked((int)ReadPayloadUInt32(code, 1)),
                        _ => unchecked((long)ReadPayloadUInt64(code, 1)),
                    };
                    if (signed < 0)
                    {
                        throw OutOfRange(target, code, signed.ToString(CultureInfo.InvariantCulture));
                    }

                    value = (ulong)signed;
                    break;
                default:
                    throw Unexpected(code, "an integer");
            }
        }

        if (value > max)
        {
            throw OutOfRange(target, code, value.ToString(CultureInfo.InvariantCulture));
        }

        return value;
    }

    private int ReadStringLengthAfterCode(byte code, out int headerSize)
    {
        uint length;
        switch (code)
        {
            case MessagePackCode.Str8:
                length = ReadPayloadByte(code, 1);
                headerSize = 2;
                break;
            case MessagePackCode.Str16:
                length = ReadPayloadUInt16(code, 1);
                headerSize = 3;
                break;
            case MessagePackCode.Str32:
                length = ReadPayloadUInt32(code, 1);
                headerSize = 5;
                break;
            default:
                throw Unexpected(code, "a string");
        }

        EnsureRemaining(length, code, headerSize);
        if (length > int.MaxValue)
        {
            long valueStart = Consumed - headerSize;
            throw new MessagePackSerializationException(
                $"The {MessagePackCode.ToFormatName(code)} at offset {valueStart} is {length} bytes long; a .NET string holds at most 2^31-1.", valueStart);
        }

        return (int)length;
    }

    private string ReadStringAcrossSegments(int length, byte code, int headerSize)
    {
        EnsureRemaining(length, code, headerSize);
        long valueStart = Consumed - headerSize;
        if (_position == _span.Length)
        {
            // The header ended a segment; the payload often lies wholly in the next one.
            TryMoveToNextSegment();
            if (_span.Length - _position >= length)
            {
                string value = DecodeUtf8(_span.Slice(_position, length), valueStart);
                _position += length;
                return value;
            }
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            Span<byte> payload = buffer.AsSpan(0, length);
            CopyAndAdvance(payload);
            return DecodeUtf8(payload, valueStart);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private DateTime ReadDateTimePayload(ExtensionHeader header, long valueStart)
    {
        if (header.TypeCode != MessagePackTimestamp.TypeCode)
        {
            throw new MessagePackSerializationException(
                $"Expected a timestamp (extension type -1) at offset {valueStart} but found extension type {header.TypeCode}.", valueStart);
        }

        long seconds;
        uint nanoseconds;
        switch (header.Length)
        {
            case 4:
                seconds = ReadPayloadUInt32(MessagePackCode.FixExt4, 0);
                nanoseconds = 0;
                break;
            case 8:
                ulong data64 = ReadPayloadUInt64(MessagePackCode.FixExt8, 0);
                nanoseconds = (uint)(data64 >> 34);
                seconds = (long)(data64 & 0x3_ffff_ffffUL);
                break;
            case 12:
                nanoseconds = ReadPayloadUInt32(MessagePackCode.Ext8, 0);
                seconds = unchecked((long)ReadPayloadUInt64(MessagePackCode.Ext8, 0));
                break;
            default:
                throw new MessagePackSerializationException(
                    $"The timestamp at offset {valueStart} has a {header.Length}-byte payload; only 4, 8 and 12 are defined.", valueStart);
        }

        if (nanoseconds >= MessagePackTimestamp.NanosecondsPerSecond)
        {
            throw new MessagePackSerializationException(
                $"The timestamp at offset {valueStart} has {nanoseconds} nanoseconds; at most 999999999 are allowed.", valueStart);
        }

        if (!MessagePackTimestamp.TryToDateTime(seconds, nanoseconds, out DateTime value))
        {
            throw new MessagePackSerializationException(
                $"The timestamp at offset {valueStart} ({seconds} s, {nanoseconds} ns after 1970-01-01) lies outside DateTime's range 0001-01-01..9999-12-31.", valueStart);
        }

        return value;
    }

    private static string DecodeUtf8(ReadOnlySpan<byte> utf8, long valueStart)
    {
        try
        {
            return StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException ex)
        {
            int index = 0;
            while (index < utf8.Length && System.Text.Rune.DecodeFromUtf8(utf8.Slice(index), out _, out int consumed) == OperationStatus.Done)
            {
                index += consumed;
            }

            throw new MessagePackSerializationException(
                $"The str at offset {valueStart} is not valid UTF-8: invalid byte 0x{(index < utf8.Length ? utf8[index] : 0):x2} at payload index {index}.",
                valueStart,
                ex);
        }
    }

    /// <summary>Slices <paramref name="length"/> bytes at the current position and moves past them.</summary>
    private ReadOnlySequence<byte> ReadSlice(long length, byte code, int headerSize)
    {
        if (_span.Length - _position >= length)
        {
            var slice = new ReadOnlySequence<byte>(_segment.Slice(_position, (int)length));
            _position += (int)length;
            return slice;
        }

        EnsureRemaining(length, code, headerSize);
        ReadOnlySequence<byte> spanning = _sequence.Slice(Consumed, length);
        AdvanceWithinInput(length);
        return spanning;
    }

    private void SkipBytes(long count, byte code, int headerSize)
    {
        if (_span.Length - _position >= count)
        {
            _position += (int)count;
            return;
        }

        EnsureRemaining(count, code, headerSize);
        AdvanceWithinInput(count);
    }

    /// <summary>Moves forward; the caller has checked that <paramref name="count"/> bytes remain.</summary>
    private void AdvanceWithinInput(long count)
    {
        while (true)
        {
            int available = _span.Length - _position;
            if (count <= available)
            {
                _position += (int)count;
                return;
            }

            count -= available;
            _position = _span.Length;
            TryMoveToNextSegment();
        }
    }

    /// <summary>Fills <paramref name="destination"/> from the input; the caller has checked that enough remains.</summary>
    private void CopyAndAdvance(Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            if (_position == _span.Length)
            {
                TryMoveToNextSegment();
            }

            int count = Math.Min(destination.Length, _span.Length - _position);
            _span.Slice(_position, count).CopyTo(destination);
            _position += count;
            destination = destination.Slice(count);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte PeekCode()
    {
        if ((uint)_position < (uint)_span.Length)
        {
            return _span[_position];
        }

        return PeekCodeAcrossSegments();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte ReadCode()
    {
        int position = _position;
        ReadOnlySpan<byte> span = _span;
        if ((uint)position < (uint)span.Length)
        {
            _position = position + 1;
            return span[position];
        }

        byte code = PeekCodeAcrossSegments();
        _position++;
        return code;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private byte PeekCodeAcrossSegments()
    {
        if (TryMoveToNextSegment())
        {
            return _span[_position];
        }

        throw EndOfData("a value");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte ReadPayloadByte(byte code, int headerSoFar)
    {
        if ((uint)_position < (uint)_span.Length)
        {
            return _span[_position++];
        }

        return (byte)ReadBigEndianAcrossSegments(1, code, headerSoFar);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ushort ReadPayloadUInt16(byte code, int headerSoFar)
    {
        if (_span.Length - _position >= 2)
        {
            ushort value = BinaryPrimitives.ReadUInt16BigEndian(_span.Slice(_position));
            _position += 2;
            return value;
        }

        return (ushort)ReadBigEndianAcrossSegments(2, code, headerSoFar);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint ReadPayloadUInt32(byte code, int headerSoFar)
    {
        if (_span.Length - _position >= 4)
        {
            uint value = BinaryPrimitives.ReadUInt32BigEndian(_span.Slice(_position));
            _position += 4;
            return value;
        }

        return (uint)ReadBigEndianAcrossSegments(4, code, headerSoFar);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong ReadPayloadUInt64(byte code, int headerSoFar)
    {
        if (_span.Length - _position >= 8)
        {
            ulong value = BinaryPrimitives.ReadUInt64BigEndian(_span.Slice(_position));
            _position += 8;
            return value;
        }

        return ReadBigEndianAcrossSegments(8, code, headerSoFar);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ulong ReadBigEndianAcrossSegments(int count, byte code, int headerSoFar)
    {
        EnsureRemaining(count, code, headerSoFar);
        ulong value = 0;
        for (int i = 0; i < count; i++)
        {
            if (_position == _span.Length)
            {
                TryMoveToNextSegment();
            }

            value = (value << 8) | _span[_position++];
        }

        return value;
    }

    private bool TryMoveToNextSegment()
    {
        if (!_multiSegment)
        {
            return false;
        }

        while (_sequence.TryGet(ref _nextSegment, out ReadOnlyMemory<byte> memory))
        {
            _segmentStart += _span.Length;
            _segment = memory;
            _span = memory.Span;
            _position = 0;
            if (!memory.IsEmpty)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Throws unless <paramref name="count"/> more bytes remain; <paramref name="headerSoFar"/> bytes of the value were read already.</summary>
    private readonly void EnsureRemaining(long count, byte code, int headerSoFar)
    {
        long remaining = Remaining;
        if (count > remaining)
        {
            long valueStart = Consumed - headerSoFar;
            throw new MessagePackSerializationException(
                $"MessagePack data ends inside the {MessagePackCode.ToFormatName(code)} value at offset {valueStart}: it needs {count} more bytes at offset {Consumed} but only {remaining} remain.",
                valueStart);
        }
    }

    private readonly void CheckChildCount(ulong minimumBytes, byte code, string what, uint count)
    {
        long remaining = Remaining;
        if (minimumBytes > (ulong)remaining || count > int.MaxValue)
        {
            long valueStart = Consumed - HeaderSize(code);
            throw new MessagePackSerializationException(
                $"The {MessagePackCode.ToFormatName(code)} at offset {valueStart} claims {count} {what}, more than the {remaining} bytes that remain could hold.",
                valueStart);
        }
    }

    private static int HeaderSize(byte code) => code switch
    {
        MessagePackCode.Array16 or MessagePackCode.Map16 => 3,
        MessagePackCode.Array32 or MessagePackCode.Map32 => 5,
        _ => 1,
    };

    private readonly MessagePackSerializationException Unexpected(byte code, string expected)
    {
        long offset = Consumed - 1;
        string found = code == MessagePackCode.NeverUsed
            ? "the never-used code 0xc1, which is not valid MessagePack"
            : MessagePackCode.ToFormatName(code);
        return new MessagePackSerializationException($"Expected {expected} at offset {offset} but found {found}.", offset);
    }

    private readonly MessagePackSerializationException OutOfRange(string target, byte code, string value)
    {
        int encodedLength = code switch
        {
            MessagePackCode.UInt8 or MessagePackCode.Int8 => 2,
            MessagePackCode.UInt16 or MessagePackCode.Int16 => 3,
            MessagePackCode.UInt32 or MessagePackCode.Int32 => 5,
            MessagePackCode.UInt64 or MessagePackCode.Int64 => 9,
            _ => 1,
        };
        long offset = Consumed - encodedLength;
        return new MessagePackSerializationException(
            $"The integer {value} ({MessagePackCode.ToFormatName(code)}) at offset {offset} does not fit {target}.", offset);
    }

    private readonly MessagePackSerializationException EndOfData(string expected) =>
        new($"MessagePack data ends at offset {Consumed}, where {expected} was expected.", Consumed);

    private readonly MessagePackSerializationException DepthExceeded(long offset) =>
        new($"MessagePack data nests arrays/maps deeper than the maximum depth of {_maximumDepth} at offset {offset}.", offset);
}
