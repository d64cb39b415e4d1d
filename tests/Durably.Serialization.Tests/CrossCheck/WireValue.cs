using System.Buffers;
using System.Globalization;
using System.Text;
using Durably.Runtime;

namespace Durably.Serialization.Tests.CrossCheck;

/// <summary>
/// A MessagePack value as a tree, written with <see cref="MessagePackWriter"/> and described in
/// the type-tagged canonical text the JavaScript side computes (see msgpack-crosscheck.cjs).
/// </summary>
internal abstract record WireValue
{
    public abstract void Write(ref MessagePackWriter writer);

    public abstract string Canonical();

    public static string Float64Bits(double value) => BitConverter.DoubleToInt64Bits(value).ToString("X16", CultureInfo.InvariantCulture);

    /// <summary>Reads any value generically, the way a schema-less reader sees it.</summary>
    public static WireValue Read(ref MessagePackReader reader)
    {
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Nil:
                reader.ReadNil();
                return new Nil();
            case MessagePackType.Boolean:
                return new Bool(reader.ReadBoolean());
            case MessagePackType.Integer:
                byte code = reader.NextCode;
                return code switch
                {
                    MessagePackCode.UInt64 => new Int64Family(reader.ReadUInt64().ToString(CultureInfo.InvariantCulture), Unsigned: true),
                    MessagePackCode.Int64 => new Int64Family(reader.ReadInt64().ToString(CultureInfo.InvariantCulture), Unsigned: false),
                    _ => new Int(reader.ReadInt64()),
                };
            case MessagePackType.Float:
                return reader.NextCode == MessagePackCode.Float32 ? new Float32(reader.ReadSingle()) : new Float64(reader.ReadDouble());
            case MessagePackType.String:
                return new Str(reader.ReadString()!);
            case MessagePackType.Binary:
                return new Bin(reader.ReadBytes()!.Value.ToArray());
            case MessagePackType.Array:
                var items = new WireValue[reader.ReadArrayHeader()];
                for (int i = 0; i < items.Length; i++)
                {
                    items[i] = Read(ref reader);
                }

                return new Arr(items);
            case MessagePackType.Map:
                var entries = new (WireValue, WireValue)[reader.ReadMapHeader()];
                for (int i = 0; i < entries.Length; i++)
                {
                    WireValue key = Read(ref reader);
                    entries[i] = (key, Read(ref reader));
                }

                return new Map(entries);
            case MessagePackType.Extension:
                MessagePackReader peek = reader;
                if (peek.ReadExtensionFormatHeader().TypeCode == -1)
                {
                    return new Timestamp(reader.ReadDateTime());
                }

                ExtensionResult ext = reader.ReadExtensionFormat();
                return new Ext(ext.TypeCode, ext.Data.ToArray());
            default:
                throw new InvalidOperationException("not MessagePack");
        }
    }

    public sealed record Nil : WireValue
    {
        public override void Write(ref MessagePackWriter writer) => writer.WriteNil();

        public override string Canonical() => "nil";
    }

    public sealed record Bool(bool Value) : WireValue
    {
        public override void Write(ref MessagePackWriter writer) => writer.Write(Value);

        public override string Canonical() => Value ? "true" : "false";
    }

    /// <summary>An integer our writer puts in a family below 64 bits, which JavaScript reads as a Number.</summary>
    public sealed record Int(long Value) : WireValue
    {
        public override void Write(ref MessagePackWriter writer) => writer.Write(Value);

        public override string Canonical() => Value is < int.MinValue or > uint.MaxValue
            ? "i:" + Value.ToString(CultureInfo.InvariantCulture)
            : "n:" + Float64Bits(Value);
    }

    public sealed record UInt(ulong Value) : WireValue
    {
        public override void Write(ref MessagePackWriter writer) => writer.Write(Value);

        public override string Canonical() => Value > uint.MaxValue
            ? "i:" + Value.ToString(CultureInfo.InvariantCulture)
            : "n:" + Float64Bits(Value);
    }

    /// <summary>An int 64 / uint 64 value kept in that width, as decimal text (JavaScript reads it as a BigInt).</summary>
    public sealed record Int64Family(string Decimal, bool Unsigned) : WireValue
    {
        public override void Write(ref MessagePackWriter writer)
        {
            if (Unsigned)
            {
                writer.WriteUInt64(ulong.Parse(Decimal, CultureInfo.InvariantCulture));
            }
            else
            {
                writer.WriteInt64(long.Parse(Decimal, CultureInfo.InvariantCulture));
            }
        }

        public override string Canonical() => "i:" + Decimal;
    }

    public sealed record Float32(float Value) : WireValue
    {
        public override void Write(ref MessagePackWriter writer) => writer.Write(Value);

        public override string Canonical() => "n:" + Float64Bits(Value);
    }

    public sealed record Float64(double Value) : WireValue
    {
        public override void Write(ref MessagePackWriter writer) => writer.Write(Value);

        public override string Canonical() => "n:" + Float64Bits(Value);
    }

    public sealed record Str(string Value) : WireValue
    {
        public override void Write(ref MessagePackWriter writer) => writer.Write(Value);

        public override string Canonical() => "s:" + Convert.ToHexString(Encoding.UTF8.GetBytes(Value));
    }

    public sealed record Bin(byte[] Value) : WireValue
    {
        public override void Write(ref MessagePackWriter writer) => writer.Write(Value.AsSpan());

        public override string Canonical() => "b:" + Convert.ToHexString(Value);
    }

    public sealed record Arr(WireValue[] Items) : WireValue
    {
        public override void Write(ref MessagePackWriter writer)
        {
            writer.WriteArrayHeader(Items.Length);
            foreach (WireValue item in Items)
            {
                item.Write(ref writer);
            }
        }

        public override string Canonical() => "[" + string.Join(",", Items.Select(i => i.Canonical())) + "]";
    }

    public sealed record Map((WireValue Key, WireValue Value)[] Entries) : WireValue
    {
        public override void Write(ref MessagePackWriter writer)
        {
            writer.WriteMapHeader(Entries.Length);
            foreach ((WireValue key, WireValue value) in Entries)
            {
                key.Write(ref writer);
                value.Write(ref writer);
            }
        }

        public override string Canonical() => "{" + string.Join(",", Entries.Select(e => e.Key.Canonical() + "=" + e.Value.Canonical())) + "}";
    }

    public sealed record Ext(sbyte Type, byte[] Data) : WireValue
    {
        public override void Write(ref MessagePackWriter writer) => writer.WriteExtensionFormat(new ExtensionResult(Type, Data));

        public override string Canonical() => "x:" + Type.ToString(CultureInfo.InvariantCulture) + ":" + Convert.ToHexString(Data);
    }

    public sealed record Timestamp(DateTime Utc) : WireValue
    {
        public override void Write(ref MessagePackWriter writer) => writer.Write(Utc);

        public override string Canonical()
        {
            // Seconds rounded toward negative infinity, nanoseconds non-negative, as the spec defines.
            long sinceEpoch = Utc.Ticks - DateTime.UnixEpoch.Ticks;
            long seconds = sinceEpoch / TimeSpan.TicksPerSecond;
            long remainder = sinceEpoch % TimeSpan.TicksPerSecond;
            if (remainder < 0)
            {
                seconds--;
                remainder += TimeSpan.TicksPerSecond;
            }

            return "t:" + seconds.ToString(CultureInfo.InvariantCulture) + ":" + (remainder * 100).ToString(CultureInfo.InvariantCulture);
        }
    }
}
