using System.Buffers.Binary;
using Durably.Storage.Format;

namespace Durably.Storage.Tests.Format;

/// <summary>Reads the files a real log wrote and checks them against docs/format.md.</summary>
public sealed class OnDiskLayoutTests
{
    [Fact]
    public async Task Frames_are_aligned_bound_to_their_offset_and_chained_identically_in_both_copies()
    {
        using var dirs = new TemporaryLogDirectories();
        LogOptions options = dirs.Options();
        int alignment;
        await using (DurableLog log = await DurableLog.OpenAsync(options))
        {
            alignment = log.Status.Alignment;
            Assert.Equal(1, await log.AppendAsync(new byte[] { 1, 2, 3 }));
            Assert.Equal(2, await log.AppendAsync(new byte[300]));
            Assert.Equal(3, await log.AppendAsync(new byte[alignment])); // spans more than one block
        }

        byte[] primary = await File.ReadAllBytesAsync(Path.Combine(dirs.Primary, "wal-000000000001.seg"));
        byte[] secondary = await File.ReadAllBytesAsync(Path.Combine(dirs.Secondary, "wal-000000000001.seg"));
        Assert.Equal(options.SegmentSize, primary.Length);

        SegmentHeader p = SegmentHeader.TryRead(primary) ?? throw new Xunit.Sdk.XunitException("primary header");
        SegmentHeader s = SegmentHeader.TryRead(secondary) ?? throw new Xunit.Sdk.XunitException("secondary header");
        Assert.Equal((0, 1u, alignment), (p.Copy, p.SegmentNumber, p.Alignment));
        Assert.Equal((1, 1u), (s.Copy, s.SegmentNumber));
        Assert.Equal(p.LogId, s.LogId);
        Assert.All(primary[64..alignment], b => Assert.Equal(0, b));

        long offset = alignment;
        uint previous = 0;
        long sequence = 1;
        int[] payloadLengths = [2 + 3, 3 + 300, 3 + alignment];
        foreach (int payloadLength in payloadLengths)
        {
            Assert.True(offset % alignment == 0);
            FrameHeader header = FrameHeader.Read(primary.AsSpan((int)offset));
            Assert.True(FrameHeader.HasMagic(primary.AsSpan((int)offset)));
            Assert.Equal((uint)payloadLength, header.PayloadLength);
            Assert.Equal(1u, header.RecordCount);
            Assert.Equal(sequence, header.FirstSequence);
            Assert.Equal(offset, header.FileOffset);
            Assert.Equal(1u, header.SegmentNumber);
            Assert.Equal(p.LogId, header.LogId);
            Assert.Equal(previous, header.PreviousCrc);
            Assert.Equal(header.Crc, FrameHeader.ComputeCrc(primary.AsSpan((int)offset), payloadLength));

            int length = (int)((64 + payloadLength + alignment - 1) / alignment * alignment);
            Assert.Equal(primary.AsSpan((int)offset, length).ToArray(), secondary.AsSpan((int)offset, length).ToArray());
            Assert.All(primary.AsSpan((int)offset + 64 + payloadLength, length - 64 - payloadLength).ToArray(), b => Assert.Equal(0, b));

            previous = header.Crc;
            sequence++;
            offset += length;
        }

        Assert.All(primary[(int)offset..], b => Assert.Equal(0, b));
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(primary.AsSpan((int)offset)));
    }
}
