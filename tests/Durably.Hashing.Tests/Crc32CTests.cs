namespace Durably.Hashing.Tests;

/// <summary>The public API, through whichever path this process selected.</summary>
public sealed class Crc32CTests
{
    [Fact]
    public void Computes_the_check_value_of_123456789() =>
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));

    [Fact]
    public void The_checksum_of_nothing_is_zero() => Assert.Equal(0u, Crc32C.Compute([]));

    [Fact]
    public void Matches_the_rfc_3720_vectors()
    {
        byte[] ascending = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        byte[] descending = ascending.Reverse().ToArray();

        Assert.Equal(0x8A9136AAu, Crc32C.Compute(new byte[32]));
        Assert.Equal(0x62A8AB43u, Crc32C.Compute(Enumerable.Repeat((byte)0xFF, 32).ToArray()));
        Assert.Equal(0x46DD794Eu, Crc32C.Compute(ascending));
        Assert.Equal(0x113FDB5Cu, Crc32C.Compute(descending));
    }

    [Fact]
    public void Appending_equals_computing_the_concatenation()
    {
        var random = new Random(101);
        byte[] buffer = new byte[20_000];
        random.NextBytes(buffer);

        for (int trial = 0; trial < 200; trial++)
        {
            int total = random.Next(buffer.Length + 1);
            int split = random.Next(total + 1);
            ReadOnlySpan<byte> whole = buffer.AsSpan(0, total);
            Assert.Equal(Crc32C.Compute(whole), Crc32C.Append(Crc32C.Compute(whole[..split]), whole[split..]));
        }
    }

    [Fact]
    public void Matches_the_bitwise_definition_on_random_inputs()
    {
        var random = new Random(102);
        byte[] buffer = new byte[10_000 + 63];
        random.NextBytes(buffer);

        for (int trial = 0; trial < 100; trial++)
        {
            ReadOnlySpan<byte> slice = buffer.AsSpan(random.Next(64), random.Next(10_001));
            Assert.Equal(BitwiseCrc32C.Compute(slice), Crc32C.Compute(slice));
        }
    }

    [Fact]
    public void Selects_the_fastest_supported_path_and_names_it()
    {
        Crc32CImplementation[] fastestFirst =
        [
            Crc32CImplementation.Hybrid,
            Crc32CImplementation.FoldingVector256,
            Crc32CImplementation.Interleaved,
            Crc32CImplementation.FoldingVector128,
            Crc32CImplementation.Sse42,
            Crc32CImplementation.Arm64,
            Crc32CImplementation.Table,
        ];

        Assert.Equal(fastestFirst.First(Crc32C.IsSupported), Crc32C.Implementation);
        Assert.Equal(Crc32C.Describe(Crc32C.Implementation), Crc32C.ImplementationName);
        Assert.Equal(
            fastestFirst.Length,
            fastestFirst.Select(Crc32C.Describe).Distinct(StringComparer.Ordinal).Count());
    }
}
