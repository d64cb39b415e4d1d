using System.Globalization;

namespace Durably.Hashing.Tests;

/// <summary>The checks every CRC-32C path must pass; each path's test class runs them.</summary>
internal static class Crc32CPathChecks
{
    private const int MaximumRandomLength = 10_000;
    private const int MaximumOffset = 63;

    /// <summary>What a path needs from the CPU, for skip messages.</summary>
    internal static string Requirements(Crc32CImplementation implementation) => implementation switch
    {
        Crc32CImplementation.Hybrid => "VPCLMULQDQ on 256-bit registers, PCLMULQDQ and 64-bit SSE4.2",
        Crc32CImplementation.FoldingVector256 => "VPCLMULQDQ on 256-bit registers, PCLMULQDQ and 64-bit SSE4.2",
        Crc32CImplementation.FoldingVector128 => "PCLMULQDQ and 64-bit SSE4.2",
        Crc32CImplementation.Interleaved => "PCLMULQDQ and 64-bit SSE4.2",
        Crc32CImplementation.Sse42 => "SSE4.2",
        Crc32CImplementation.Arm64 => "the 64-bit Arm CRC32 extension",
        _ => "nothing",
    };

    /// <summary>The finished checksum through one path.</summary>
    internal static uint Compute(Crc32CImplementation implementation, ReadOnlySpan<byte> data) =>
        ~Crc32C.Update(implementation, ~0u, data);

    /// <summary>"123456789", the empty input and the RFC 3720 B.4 vectors.</summary>
    internal static void MatchesCheckVectors(Crc32CImplementation implementation)
    {
        byte[] ascending = new byte[32];
        byte[] descending = new byte[32];
        for (int i = 0; i < 32; i++)
        {
            ascending[i] = (byte)i;
            descending[i] = (byte)(31 - i);
        }

        Assert.Equal(0xE3069283u, Compute(implementation, "123456789"u8));
        Assert.Equal(0u, Compute(implementation, []));
        Assert.Equal(0x8A9136AAu, Compute(implementation, new byte[32]));
        Assert.Equal(0x62A8AB43u, Compute(implementation, Enumerable.Repeat((byte)0xFF, 32).ToArray()));
        Assert.Equal(0x46DD794Eu, Compute(implementation, ascending));
        Assert.Equal(0x113FDB5Cu, Compute(implementation, descending));
    }

    /// <summary>
    /// Every length 0..700, then random lengths up to 10,000 and a few long ones, each at a
    /// random slice offset 0..63 and from a random register, against the table path.
    /// </summary>
    internal static void MatchesTableOnRandomLengthsAndOffsets(Crc32CImplementation implementation, int seed)
    {
        var random = new Random(seed);
        byte[] buffer = new byte[40_000 + MaximumOffset];
        random.NextBytes(buffer);

        var lengths = new List<int>();
        lengths.AddRange(Enumerable.Range(0, 701));
        for (int i = 0; i < 300; i++)
        {
            lengths.Add(random.Next(MaximumRandomLength + 1));
        }

        // Around the wide paths' internal boundaries, and several of their blocks.
        const int interleavedStep = 3 * Crc32CInterleaved.LongStreamLength;
        const int hybridBlock = Crc32CHybrid.BytesPerStep * Crc32CHybrid.MaximumStepsPerBlock;
        int[] boundaries =
        [
            Crc32CInterleaved.MinimumLength, interleavedStep, interleavedStep + Crc32CInterleaved.MinimumLength,
            Crc32CHybrid.BytesPerStep, 2 * Crc32CHybrid.BytesPerStep, hybridBlock, hybridBlock + Crc32CHybrid.BytesPerStep,
        ];
        foreach (int boundary in boundaries)
        {
            lengths.AddRange([boundary - 1, boundary, boundary + 1, boundary + 127, boundary + 255]);
        }

        lengths.AddRange([2 * interleavedStep + 1_000, 2 * hybridBlock + 500, 40_000]);

        var failures = new List<string>();
        foreach (int length in lengths)
        {
            int offset = random.Next(MaximumOffset + 1);
            uint state = random.Next(4) == 0 ? ~0u : (uint)random.NextInt64(1L << 32);
            ReadOnlySpan<byte> slice = buffer.AsSpan(offset, length);
            uint expected = Crc32CTable.Update(state, slice);
            uint actual = Crc32C.Update(implementation, state, slice);
            if (actual != expected)
            {
                failures.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"length {length} offset {offset} register 0x{state:X8}: expected 0x{expected:X8}, got 0x{actual:X8}"));
            }
        }

        Assert.Empty(failures);
    }

    /// <summary>Feeding a message in random chunks (empty ones included) equals one shot.</summary>
    internal static void StreamingEqualsOneShot(Crc32CImplementation implementation, int seed)
    {
        var random = new Random(seed);
        byte[] buffer = new byte[MaximumRandomLength + MaximumOffset];
        random.NextBytes(buffer);

        var failures = new List<string>();
        for (int trial = 0; trial < 200; trial++)
        {
            int length = random.Next(MaximumRandomLength + 1);
            int offset = random.Next(MaximumOffset + 1);
            ReadOnlySpan<byte> message = buffer.AsSpan(offset, length);
            uint oneShot = ~Crc32C.Update(implementation, ~0u, message);

            uint state = ~0u;
            int position = 0;
            int chunks = 0;
            while (position < length)
            {
                int remaining = length - position;
                int chunk = random.Next(3) switch
                {
                    0 => random.Next(17),
                    1 => random.Next(600),
                    _ => random.Next(remaining + 1),
                };
                chunk = Math.Min(chunk, remaining);
                state = Crc32C.Update(implementation, state, message.Slice(position, chunk));
                position += chunk;
                chunks++;
            }

            if (~state != oneShot)
            {
                failures.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"trial {trial}: length {length} offset {offset} in {chunks} chunks gave 0x{~state:X8}, one shot 0x{oneShot:X8}"));
            }
        }

        Assert.Empty(failures);
    }
}
