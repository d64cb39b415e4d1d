using System.IO.Hashing;

namespace Durably.Hashing.Tests;

/// <summary>
/// System.IO.Hashing's CRC-32C (the Castagnoli parameter set) as an independent oracle: every path
/// this CPU can run, and the path the log selects, must give its answer on random inputs of every
/// length and alignment, and when the input is split into pieces at every position.
/// </summary>
public sealed class SystemIoHashingOracleTests
{
    private static readonly Crc32CImplementation[] Paths = Enum.GetValues<Crc32CImplementation>();

    private static uint Oracle(ReadOnlySpan<byte> data)
    {
        var crc = new Crc32(Crc32ParameterSet.Crc32C);
        crc.Append(data);
        return crc.GetCurrentHashAsUInt32();
    }

    [Fact]
    public void The_oracle_is_crc32c()
    {
        Assert.Equal(0xE3069283u, Oracle("123456789"u8));
        Assert.Equal(0x8A9136AAu, Oracle(new byte[32]));
    }

    [Fact]
    public void Every_runnable_path_matches_the_oracle_on_every_length_to_2048_and_random_lengths_to_1_MiB()
    {
        var random = new Random(20261207);
        byte[] buffer = new byte[(1 << 20) + 64];
        random.NextBytes(buffer);

        var lengths = new List<int>(Enumerable.Range(0, 2049));
        for (int i = 0; i < 200; i++)
        {
            lengths.Add(random.Next(2049, 70_000));
        }

        lengths.AddRange([4096, 4096 + 64, 65536, 1 << 20]);

        var failures = new List<string>();
        int checkedPaths = 0;
        foreach (Crc32CImplementation path in Paths.Where(Crc32C.IsSupported))
        {
            checkedPaths++;
            foreach (int length in lengths)
            {
                int offset = random.Next(64);
                ReadOnlySpan<byte> data = buffer.AsSpan(offset, length);
                uint expected = Oracle(data);
                uint actual = Crc32CPathChecks.Compute(path, data);
                if (actual != expected)
                {
                    failures.Add($"{path} length {length} offset {offset}: {actual:X8}, oracle {expected:X8}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(20)));
        Assert.True(checkedPaths >= 2, "the table path and at least one hardware path must be checked");
    }

    [Fact]
    public void Appending_in_pieces_split_at_every_position_matches_the_oracle_over_the_whole()
    {
        var random = new Random(7);
        var failures = new List<string>();
        foreach (int length in new[] { 0, 1, 7, 8, 9, 63, 64, 65, 255, 256, 257, 700, 1500 })
        {
            byte[] data = new byte[length];
            random.NextBytes(data);
            uint expected = Oracle(data);
            for (int split = 0; split <= length; split++)
            {
                uint whole = Crc32C.Append(Crc32C.Compute(data.AsSpan(0, split)), data.AsSpan(split));
                if (whole != expected)
                {
                    failures.Add($"length {length} split at {split}: {whole:X8}, oracle {expected:X8}");
                }
            }

            // Three pieces at random positions, through the selected path.
            for (int trial = 0; trial < 20 && length > 1; trial++)
            {
                int first = random.Next(length);
                int second = random.Next(first, length + 1);
                uint crc = Crc32C.Compute(data.AsSpan(0, first));
                crc = Crc32C.Append(crc, data.AsSpan(first, second - first));
                crc = Crc32C.Append(crc, data.AsSpan(second));
                if (crc != expected)
                {
                    failures.Add($"length {length} pieces at {first},{second}: {crc:X8}, oracle {expected:X8}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(20)));
    }

    [Fact]
    public void The_oracle_appended_in_pieces_agrees_with_our_selected_path_on_random_frames()
    {
        var random = new Random(11);
        for (int i = 0; i < 500; i++)
        {
            byte[] frame = new byte[random.Next(64, 20_000)];
            random.NextBytes(frame);
            var oracle = new Crc32(Crc32ParameterSet.Crc32C);
            int position = 0;
            while (position < frame.Length)
            {
                int piece = Math.Min(frame.Length - position, random.Next(1, 4097));
                oracle.Append(frame.AsSpan(position, piece));
                position += piece;
            }

            Assert.Equal(oracle.GetCurrentHashAsUInt32(), Crc32C.Compute(frame));
        }
    }
}
