using System.Diagnostics.CodeAnalysis;

namespace Durably.Runtime;

/// <summary>
/// The first byte of every MessagePack value (its format code), as named by the MessagePack
/// specification. Fix formats carry their value or length in the code's low bits.
/// </summary>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The names are the MessagePack specification's format names (uint 8, float 32, ...), as MessagePack-CSharp users know them.")]
internal static class MessagePackCode
{
    /// <summary>Smallest positive fixint (0).</summary>
    public const byte MinFixInt = 0x00;

    /// <summary>Largest positive fixint (127).</summary>
    public const byte MaxFixInt = 0x7f;

    /// <summary>fixmap with 0 entries; the low 4 bits hold the entry count.</summary>
    public const byte MinFixMap = 0x80;

    /// <summary>fixmap with 15 entries.</summary>
    public const byte MaxFixMap = 0x8f;

    /// <summary>fixarray with 0 elements; the low 4 bits hold the element count.</summary>
    public const byte MinFixArray = 0x90;

    /// <summary>fixarray with 15 elements.</summary>
    public const byte MaxFixArray = 0x9f;

    /// <summary>fixstr of 0 bytes; the low 5 bits hold the UTF-8 byte count.</summary>
    public const byte MinFixStr = 0xa0;

    /// <summary>fixstr of 31 bytes.</summary>
    public const byte MaxFixStr = 0xbf;

    /// <summary>nil.</summary>
    public const byte Nil = 0xc0;

    /// <summary>The one code the specification never assigns; always invalid.</summary>
    public const byte NeverUsed = 0xc1;

    /// <summary>false.</summary>
    public const byte False = 0xc2;

    /// <summary>true.</summary>
    public const byte True = 0xc3;

    /// <summary>bin 8: byte array with a 1-byte length.</summary>
    public const byte Bin8 = 0xc4;

    /// <summary>bin 16: byte array with a 2-byte big-endian length.</summary>
    public const byte Bin16 = 0xc5;

    /// <summary>bin 32: byte array with a 4-byte big-endian length.</summary>
    public const byte Bin32 = 0xc6;

    /// <summary>ext 8: extension with a 1-byte length, then the type byte.</summary>
    public const byte Ext8 = 0xc7;

    /// <summary>ext 16: extension with a 2-byte big-endian length, then the type byte.</summary>
    public const byte Ext16 = 0xc8;

    /// <summary>ext 32: extension with a 4-byte big-endian length, then the type byte.</summary>
    public const byte Ext32 = 0xc9;

    /// <summary>float 32: IEEE 754 single precision, big-endian.</summary>
    public const byte Float32 = 0xca;

    /// <summary>float 64: IEEE 754 double precision, big-endian.</summary>
    public const byte Float64 = 0xcb;

    /// <summary>uint 8.</summary>
    public const byte UInt8 = 0xcc;

    /// <summary>uint 16, big-endian.</summary>
    public const byte UInt16 = 0xcd;

    /// <summary>uint 32, big-endian.</summary>
    public const byte UInt32 = 0xce;

    /// <summary>uint 64, big-endian.</summary>
    public const byte UInt64 = 0xcf;

    /// <summary>int 8.</summary>
    public const byte Int8 = 0xd0;

    /// <summary>int 16, big-endian.</summary>
    public const byte Int16 = 0xd1;

    /// <summary>int 32, big-endian.</summary>
    public const byte Int32 = 0xd2;

    /// <summary>int 64, big-endian.</summary>
    public const byte Int64 = 0xd3;

    /// <summary>fixext 1: type byte and 1 data byte.</summary>
    public const byte FixExt1 = 0xd4;

    /// <summary>fixext 2: type byte and 2 data bytes.</summary>
    public const byte FixExt2 = 0xd5;

    /// <summary>fixext 4: type byte and 4 data bytes.</summary>
    public const byte FixExt4 = 0xd6;

    /// <summary>fixext 8: type byte and 8 data bytes.</summary>
    public const byte FixExt8 = 0xd7;

    /// <summary>fixext 16: type byte and 16 data bytes.</summary>
    public const byte FixExt16 = 0xd8;

    /// <summary>str 8: UTF-8 string with a 1-byte length.</summary>
    public const byte Str8 = 0xd9;

    /// <summary>str 16: UTF-8 string with a 2-byte big-endian length.</summary>
    public const byte Str16 = 0xda;

    /// <summary>str 32: UTF-8 string with a 4-byte big-endian length.</summary>
    public const byte Str32 = 0xdb;

    /// <summary>array 16: array with a 2-byte big-endian element count.</summary>
    public const byte Array16 = 0xdc;

    /// <summary>array 32: array with a 4-byte big-endian element count.</summary>
    public const byte Array32 = 0xdd;

    /// <summary>map 16: map with a 2-byte big-endian entry count.</summary>
    public const byte Map16 = 0xde;

    /// <summary>map 32: map with a 4-byte big-endian entry count.</summary>
    public const byte Map32 = 0xdf;

    /// <summary>Negative fixint −32.</summary>
    public const byte MinNegativeFixInt = 0xe0;

    /// <summary>Negative fixint −1.</summary>
    public const byte MaxNegativeFixInt = 0xff;

    /// <summary>The largest count a fixmap or fixarray can carry.</summary>
    internal const int MaxFixCollectionCount = 15;

    /// <summary>The largest byte count a fixstr can carry.</summary>
    internal const int MaxFixStrLength = 31;

    /// <summary>Returns the value family a code starts.</summary>
    /// <param name="code">A format code.</param>
    /// <returns>The family; <see cref="MessagePackType.Unknown"/> for <see cref="NeverUsed"/>.</returns>
    public static MessagePackType ToMessagePackType(byte code) => (MessagePackType)TypeTable[code];

    /// <summary>Returns the specification's name of the format a code starts, for error messages.</summary>
    /// <param name="code">A format code.</param>
    /// <returns>For example <c>"str 8 (0xd9)"</c> or <c>"positive fixint (0x05)"</c>.</returns>
    public static string ToFormatName(byte code)
    {
        string name = code switch
        {
            <= MaxFixInt => "positive fixint",
            <= MaxFixMap => "fixmap",
            <= MaxFixArray => "fixarray",
            <= MaxFixStr => "fixstr",
            Nil => "nil",
            NeverUsed => "never-used code",
            False => "false",
            True => "true",
            Bin8 => "bin 8",
            Bin16 => "bin 16",
            Bin32 => "bin 32",
            Ext8 => "ext 8",
            Ext16 => "ext 16",
            Ext32 => "ext 32",
            Float32 => "float 32",
            Float64 => "float 64",
            UInt8 => "uint 8",
            UInt16 => "uint 16",
            UInt32 => "uint 32",
            UInt64 => "uint 64",
            Int8 => "int 8",
            Int16 => "int 16",
            Int32 => "int 32",
            Int64 => "int 64",
            FixExt1 => "fixext 1",
            FixExt2 => "fixext 2",
            FixExt4 => "fixext 4",
            FixExt8 => "fixext 8",
            FixExt16 => "fixext 16",
            Str8 => "str 8",
            Str16 => "str 16",
            Str32 => "str 32",
            Array16 => "array 16",
            Array32 => "array 32",
            Map16 => "map 16",
            Map32 => "map 32",
            _ => "negative fixint",
        };
        return $"{name} (0x{code:x2})";
    }

    // One entry per code, the MessagePackType value; a table keeps NextMessagePackType branch-free.
    private static readonly byte[] TypeTable = CreateTypeTable();

    private static byte[] CreateTypeTable()
    {
        var table = new byte[256];
        for (int code = 0; code < 256; code++)
        {
            table[code] = (byte)((byte)code switch
            {
                <= MaxFixInt => MessagePackType.Integer,
                <= MaxFixMap => MessagePackType.Map,
                <= MaxFixArray => MessagePackType.Array,
                <= MaxFixStr => MessagePackType.String,
                Nil => MessagePackType.Nil,
                NeverUsed => MessagePackType.Unknown,
                False or True => MessagePackType.Boolean,
                Bin8 or Bin16 or Bin32 => MessagePackType.Binary,
                Ext8 or Ext16 or Ext32 => MessagePackType.Extension,
                Float32 or Float64 => MessagePackType.Float,
                >= UInt8 and <= Int64 => MessagePackType.Integer,
                >= FixExt1 and <= FixExt16 => MessagePackType.Extension,
                Str8 or Str16 or Str32 => MessagePackType.String,
                Array16 or Array32 => MessagePackType.Array,
                Map16 or Map32 => MessagePackType.Map,
                _ => MessagePackType.Integer,
            });
        }

        return table;
    }
}
