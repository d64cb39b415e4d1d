using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Durably.Hashing.Tests;

/// <summary>The shift/merge arithmetic on its own, against plain GF(2) polynomial arithmetic.</summary>
public sealed class Crc32CShiftTests
{
    [Fact]
    public void Multiplication_modulo_p_matches_long_division()
    {
        var random = new Random(201);
        for (int trial = 0; trial < 2000; trial++)
        {
            uint a = (uint)random.NextInt64(1L << 32);
            uint b = (uint)random.NextInt64(1L << 32);
            uint expected = BitwiseCrc32C.MultiplyModP(BitwiseCrc32C.Reflect(a), BitwiseCrc32C.Reflect(b));
            Assert.Equal(expected, BitwiseCrc32C.Reflect(Crc32CShift.MultiplyModP(a, b)));
        }
    }

    [Fact]
    public void Powers_of_x_match_repeated_multiplication_by_x()
    {
        for (int exponent = 0; exponent < 2200; exponent += exponent < 100 ? 1 : 37)
        {
            Assert.Equal(BitwiseCrc32C.XPowerModP(exponent), BitwiseCrc32C.Reflect(Crc32CShift.XPowerModP(exponent)));
        }
    }

    [Fact]
    public void Negative_powers_of_x_are_inverses()
    {
        Assert.Equal(Crc32CShift.One, Crc32CShift.MultiplyModP(Crc32CShift.InverseOfX, Crc32CShift.XPowerModP(1)));
        for (int exponent = 1; exponent < 500; exponent += 7)
        {
            Assert.Equal(
                Crc32CShift.One,
                Crc32CShift.MultiplyModP(Crc32CShift.XPowerModP(-exponent), Crc32CShift.XPowerModP(exponent)));
        }
    }

    [Fact]
    public void Folding_constants_are_the_powers_of_x_they_claim()
    {
        (Vector128<ulong> constants, int bits)[] folds =
        [
            (Crc32CFolding.FoldBy16Bytes, 128),
            (Crc32CFolding.FoldBy32Bytes, 256),
            (Crc32CFolding.FoldBy64Bytes, 512),
            (Crc32CFolding.FoldBy128Bytes, 1024),
        ];
        foreach ((Vector128<ulong> constants, int bits) in folds)
        {
            Assert.Equal(BitwiseCrc32C.XPowerModP(bits + 31), BitwiseCrc32C.Reflect((uint)constants.GetElement(0)));
            Assert.Equal(BitwiseCrc32C.XPowerModP(bits - 33), BitwiseCrc32C.Reflect((uint)constants.GetElement(1)));
            Assert.Equal(0UL, (constants.GetElement(0) | constants.GetElement(1)) >> 32);
        }
    }

    [Crc32CShiftHardwareFact]
    public void Carryless_multiply_matches_shift_and_xor()
    {
        var random = new Random(202);
        for (int trial = 0; trial < 2000; trial++)
        {
            uint a = (uint)random.NextInt64(1L << 32);
            uint b = (uint)random.NextInt64(1L << 32);
            Assert.Equal(BitwiseCrc32C.CarrylessMultiply(a, b), Crc32CShift.CarrylessMultiply(a, b));
        }
    }

    [Crc32CShiftHardwareFact]
    public void Shifting_a_register_equals_feeding_it_zero_bytes()
    {
        var random = new Random(203);
        byte[] zeros = new byte[20_000];
        for (int trial = 0; trial < 300; trial++)
        {
            int byteCount = trial < 40 ? trial : random.Next(zeros.Length + 1);
            uint state = (uint)random.NextInt64(1L << 32);
            uint expected = BitwiseCrc32C.Update(state, zeros.AsSpan(0, byteCount));
            Assert.Equal(expected, Crc32CShift.Shift(state, Crc32CShift.ShiftConstant(byteCount)));
        }
    }

    [Crc32CShiftHardwareFact]
    public void Shifted_register_xor_second_part_from_zero_equals_the_whole()
    {
        var random = new Random(204);
        byte[] buffer = new byte[5_000];
        random.NextBytes(buffer);
        for (int trial = 0; trial < 200; trial++)
        {
            int split = random.Next(buffer.Length + 1);
            ReadOnlySpan<byte> first = buffer.AsSpan(0, split);
            ReadOnlySpan<byte> second = buffer.AsSpan(split);
            uint initial = (uint)random.NextInt64(1L << 32);

            uint merged = Crc32CShift.Shift(BitwiseCrc32C.Update(initial, first), Crc32CShift.ShiftConstant(second.Length))
                ^ BitwiseCrc32C.Update(0, second);
            Assert.Equal(BitwiseCrc32C.Update(initial, buffer), merged);
        }
    }

    [Crc32CShiftHardwareFact]
    public void A_product_xored_into_the_last_word_is_reduced_by_its_crc32()
    {
        // The interleaved path's merge: instead of reducing a shifted register separately, its
        // carry-less product rides along in the last 8-byte word of the data that follows.
        var random = new Random(205);
        byte[] buffer = new byte[4_000];
        random.NextBytes(buffer);
        for (int trial = 0; trial < 200; trial++)
        {
            int split = random.Next(buffer.Length - 8);
            int wordsAfter = random.Next(1, ((buffer.Length - split) / 8) + 1);
            ReadOnlySpan<byte> first = buffer.AsSpan(0, split);
            ReadOnlySpan<byte> second = buffer.AsSpan(split, 8 * wordsAfter);
            uint initial = (uint)random.NextInt64(1L << 32);

            uint beforeLastWord = BitwiseCrc32C.Update(0, second[..^8]);
            ulong lastWord = BitConverter.ToUInt64(second[^8..]);
            ulong product = Crc32CShift.CarrylessMultiply(
                BitwiseCrc32C.Update(initial, first), Crc32CShift.ShiftConstant(second.Length));
            uint merged = (uint)Sse42.X64.Crc32(beforeLastWord, lastWord ^ product);
            Assert.Equal(BitwiseCrc32C.Update(initial, buffer.AsSpan(0, split + second.Length)), merged);
        }
    }
}
