using Durably.Runtime;

namespace Durably.Store.Tests;

/// <summary>
/// A snapshot is serialized while applies wait. Sized from the previous snapshot, its body is
/// written into one buffer instead of growing through a chain of doubled buffers (each one
/// allocated, copied into and dropped), which for a large state costs the pause and about twice
/// the body in allocations.
/// </summary>
public sealed class SnapshotBufferTests
{
    [Fact]
    public void A_body_sized_from_the_previous_snapshot_is_the_same_bytes_written_into_one_buffer()
    {
        var state = new Lines([.. Enumerable.Range(0, 50_000).Select(i => "line " + i)]);
        ReadOnlyMemory<byte> first = SnapshotBody.Write(LinesCodec.Instance, state, nameof(Lines));

        long before = GC.GetAllocatedBytesForCurrentThread();
        ReadOnlyMemory<byte> second = SnapshotBody.Write(LinesCodec.Instance, state, nameof(Lines), first.Length + (first.Length / 8));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(first.ToArray(), second.ToArray());
        Assert.InRange(allocated, first.Length, (first.Length * 5 / 4) + 4096);
    }

    [Fact]
    public void A_body_that_outgrew_the_expected_size_is_still_written_whole()
    {
        var state = new Lines([.. Enumerable.Range(0, 20_000).Select(i => "line " + i)]);
        ReadOnlyMemory<byte> unsized = SnapshotBody.Write(LinesCodec.Instance, state, nameof(Lines));

        ReadOnlyMemory<byte> undersized = SnapshotBody.Write(LinesCodec.Instance, state, nameof(Lines), unsized.Length / 10);

        Assert.Equal(unsized.ToArray(), undersized.ToArray());
    }

    private sealed class Lines(string[] items)
    {
        public string[] Items { get; } = items;
    }

    private sealed class LinesCodec : IDurableStateCodec<Lines>
    {
        public static readonly LinesCodec Instance = new();

        public IOperationRecord<Lines> DecodeOperation(ref MessagePackReader reader) => throw new NotSupportedException();

        public void WriteSnapshot(ref MessagePackWriter writer, Lines state)
        {
            writer.WriteMapHeader(1);
            writer.Write("_items");
            writer.WriteArrayHeader(state.Items.Length);
            foreach (string item in state.Items)
            {
                writer.Write(item);
            }
        }

        public void ReadSnapshot(ref MessagePackReader reader, Lines state) => throw new NotSupportedException();
    }
}
