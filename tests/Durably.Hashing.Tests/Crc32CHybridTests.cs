namespace Durably.Hashing.Tests;

public sealed class Crc32CHybridTests
{
    private const Crc32CImplementation Path = Crc32CImplementation.Hybrid;

    [Crc32CPathFact(Path)]
    public void Matches_the_check_vectors() => Crc32CPathChecks.MatchesCheckVectors(Path);

    [Crc32CPathFact(Path)]
    public void Matches_the_table_on_random_lengths_at_odd_offsets() =>
        Crc32CPathChecks.MatchesTableOnRandomLengthsAndOffsets(Path, seed: 9901);

    [Crc32CPathFact(Path)]
    public void Streaming_in_random_chunks_equals_one_shot() =>
        Crc32CPathChecks.StreamingEqualsOneShot(Path, seed: 9902);
}
