using System.Buffers.Binary;
using System.Numerics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using Durably.Hashing;

namespace Durably.Benchmarks;

/// <summary>
/// Every x86 CRC-32C path side by side with the floor: a plain loop of
/// <see cref="BitOperations.Crc32C(uint, ulong)"/> over 8-byte words. Run with
/// <c>--filter *Crc32C*</c>; results are in benchmarks/results/crc32c.md.
/// </summary>
[Config(typeof(Config))]
public class Crc32CBenchmarks
{
    private byte[] _buffer = [];
    private int _aligned;

    /// <summary>Bytes checksummed per call.</summary>
    [Params(64, 4 * 1024, 64 * 1024, 1024 * 1024)]
    public int Size { get; set; }

    private ReadOnlySpan<byte> Data => _buffer.AsSpan(_aligned, Size);

    /// <summary>Fills a pinned buffer whose data starts on a 64-byte boundary.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _buffer = GC.AllocateArray<byte>(Size + 128, pinned: true);
        new Random(42).NextBytes(_buffer);
        unsafe
        {
            fixed (byte* start = _buffer)
            {
                _aligned = (int)((64 - ((nuint)start % 64)) % 64);
            }
        }

        if (Crc32C.Compute(Data) != PlainBitOperationsLoop())
        {
            throw new InvalidOperationException("The dispatched CRC-32C disagrees with the plain loop.");
        }
    }

    /// <summary>The floor: one <c>crc32</c> per 8-byte word through the BCL.</summary>
    [Benchmark(Baseline = true)]
    public uint PlainBitOperationsLoop()
    {
        ReadOnlySpan<byte> data = Data;
        uint crc = ~0u;
        int i = 0;
        for (; i + 8 <= data.Length; i += 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data[i..]));
        }

        for (; i < data.Length; i++)
        {
            crc = BitOperations.Crc32C(crc, data[i]);
        }

        return ~crc;
    }

    /// <summary>The public entry point (whichever path was selected).</summary>
    [Benchmark]
    public uint Dispatched() => Crc32C.Compute(Data);

    /// <summary>The public entry point on data one byte past a 64-byte boundary.</summary>
    [Benchmark]
    public uint DispatchedMisaligned() => Crc32C.Compute(_buffer.AsSpan(_aligned + 1, Size));

    /// <summary>VPCLMULQDQ folding and three crc32 chains side by side.</summary>
    [Benchmark]
    public uint Hybrid() => ~Crc32CHybrid.Update(~0u, Data);

    /// <summary>VPCLMULQDQ folding on 256-bit registers.</summary>
    [Benchmark]
    public uint FoldingVector256() => ~Crc32CFolding.UpdateVector256(~0u, Data);

    /// <summary>PCLMULQDQ folding on 128-bit registers.</summary>
    [Benchmark]
    public uint FoldingVector128() => ~Crc32CFolding.UpdateVector128(~0u, Data);

    /// <summary>Three interleaved crc32 chains merged by PCLMULQDQ.</summary>
    [Benchmark]
    public uint Interleaved() => ~Crc32CInterleaved.Update(~0u, Data);

    /// <summary>One chain of SSE4.2 crc32.</summary>
    [Benchmark]
    public uint Sse42() => ~Crc32CSse42.Update(~0u, Data);

    /// <summary>Slicing-by-8 tables.</summary>
    [Benchmark]
    public uint Table() => ~Crc32CTable.Update(~0u, Data);

    /// <summary>Adds the fastest iteration and GB/s columns; keeps rows in declared order.</summary>
    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddColumn(StatisticColumn.Min);
            AddColumn(new Crc32CThroughputColumn("mean", s => s.Mean));
            AddColumn(new Crc32CThroughputColumn("best", s => s.Min));
            WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));
        }
    }
}
