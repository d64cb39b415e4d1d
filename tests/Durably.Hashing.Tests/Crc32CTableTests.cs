using System.Globalization;

namespace Durably.Hashing.Tests;

public sealed class Crc32CTableTests
{
    private const Crc32CImplementation Path = Crc32CImplementation.Table;

    [Fact]
    public void Matches_the_check_vectors() => Crc32CPathChecks.MatchesCheckVectors(Path);

    [Fact]
    public void Matches_the_bitwise_definition_on_random_lengths_at_odd_offsets()
    {
        var random = new Random(801);
        byte[] buffer = new byte[10_000 + 63];
        random.NextBytes(buffer);

        var failures = new List<string>();
        for (int trial = 0; trial < 400; trial++)
        {
            int length = trial < 100 ? trial : random.Next(10_001);
            int offset = random.Next(64);
            uint state = (uint)random.NextInt64(1L << 32);
            ReadOnlySpan<byte> slice = buffer.AsSpan(offset, length);
            uint expected = BitwiseCrc32C.Update(state, slice);
            uint actual = Crc32CTable.Update(state, slice);
            if (actual != expected)
            {
                failures.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"length {length} offset {offset}: expected 0x{expected:X8}, got 0x{actual:X8}"));
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public void Streaming_in_random_chunks_equals_one_shot() =>
        Crc32CPathChecks.StreamingEqualsOneShot(Path, seed: 802);
}
