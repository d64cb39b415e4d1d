using System.Runtime.CompilerServices;

namespace Durably.Runtime;

/// <summary>
/// An enum as its underlying integer (MessagePack-CSharp's default). Values outside the declared
/// members are kept, as .NET allows them. No constraint on <typeparamref name="T"/>, so it is
/// created without reflection; the switch on the underlying type folds away per instantiation.
/// </summary>
/// <typeparam name="T">An enum type.</typeparam>
internal sealed class EnumFormatter<T> : IMessagePackFormatter<T>
{
    private static readonly TypeCode Underlying = Type.GetTypeCode(Enum.GetUnderlyingType(typeof(T)));

    public void Serialize(ref MessagePackWriter writer, T value)
    {
        switch (Underlying)
        {
            case TypeCode.SByte:
                writer.Write(Unsafe.As<T, sbyte>(ref value));
                break;
            case TypeCode.Byte:
            case TypeCode.Boolean:
                writer.Write(Unsafe.As<T, byte>(ref value));
                break;
            case TypeCode.Int16:
                writer.Write(Unsafe.As<T, short>(ref value));
                break;
            case TypeCode.UInt16:
            case TypeCode.Char:
                writer.Write(Unsafe.As<T, ushort>(ref value));
                break;
            case TypeCode.Int32:
                writer.Write(Unsafe.As<T, int>(ref value));
                break;
            case TypeCode.UInt32:
                writer.Write(Unsafe.As<T, uint>(ref value));
                break;
            case TypeCode.Int64:
                writer.Write(Unsafe.As<T, long>(ref value));
                break;
            default:
                writer.Write(Unsafe.As<T, ulong>(ref value));
                break;
        }
    }

    public T Deserialize(ref MessagePackReader reader)
    {
        switch (Underlying)
        {
            case TypeCode.SByte:
                sbyte int8 = reader.ReadSByte();
                return Unsafe.As<sbyte, T>(ref int8);
            case TypeCode.Byte:
            case TypeCode.Boolean:
                byte uint8 = reader.ReadByte();
                return Unsafe.As<byte, T>(ref uint8);
            case TypeCode.Int16:
                short int16 = reader.ReadInt16();
                return Unsafe.As<short, T>(ref int16);
            case TypeCode.UInt16:
            case TypeCode.Char:
                ushort uint16 = reader.ReadUInt16();
                return Unsafe.As<ushort, T>(ref uint16);
            case TypeCode.Int32:
                int int32 = reader.ReadInt32();
                return Unsafe.As<int, T>(ref int32);
            case TypeCode.UInt32:
                uint uint32 = reader.ReadUInt32();
                return Unsafe.As<uint, T>(ref uint32);
            case TypeCode.Int64:
                long int64 = reader.ReadInt64();
                return Unsafe.As<long, T>(ref int64);
            default:
                ulong uint64 = reader.ReadUInt64();
                return Unsafe.As<ulong, T>(ref uint64);
        }
    }
}
