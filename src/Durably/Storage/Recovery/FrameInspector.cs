using System.Globalization;
using Durably.IO;
using Durably.Storage.Format;

namespace Durably.Storage.Recovery;

/// <summary>
/// Decides whether a copy holds a valid frame at a position. A frame is valid only if its
/// magic, version, flags, length, CRC, log id, segment number, own offset, record list,
/// first sequence and chain all hold; an intact frame that fails only the binding checks is
/// <see cref="FrameState.Stale"/> (a misdirected, old or foreign write).
/// </summary>
internal static class FrameInspector
{
    internal static FrameInspection Inspect(SegmentReader reader, in FrameExpectation expect, int alignment)
    {
        if (expect.Offset + LogFormat.FrameHeaderSize > expect.SegmentSize)
        {
            return new FrameInspection(FrameState.Missing, default, 0, null);
        }

        if (!reader.TryGet(expect.Offset, LogFormat.FrameHeaderSize, out ReadOnlySpan<byte> head))
        {
            return new FrameInspection(FrameState.Unreadable, default, 0, "read error");
        }

        if (!FrameHeader.HasMagic(head))
        {
            return head.ContainsAnyExcept((byte)0)
                ? new FrameInspection(FrameState.Corrupt, default, 0, "no frame magic")
                : new FrameInspection(FrameState.Missing, default, 0, null);
        }

        if (FrameHeader.ReadVersion(head) != LogFormat.Version || (FrameHeader.ReadFlags(head) & ~FrameHeader.FramesAheadMask) != 0 || FrameHeader.ReadReserved(head) != 0)
        {
            return new FrameInspection(FrameState.Corrupt, default, 0, string.Create(
                CultureInfo.InvariantCulture, $"unknown version {FrameHeader.ReadVersion(head)} or flags"));
        }

        FrameHeader header = FrameHeader.Read(head);
        long unpadded = header.UnpaddedLength;
        if (unpadded > expect.SegmentSize - expect.Offset)
        {
            return new FrameInspection(FrameState.Corrupt, header, 0, string.Create(
                CultureInfo.InvariantCulture, $"payload length {header.PayloadLength} runs past the segment end"));
        }

        int alignedLength = (int)BitOperationsFacts.AlignUp(unpadded, alignment);
        if (!reader.TryGet(expect.Offset, (int)unpadded, out ReadOnlySpan<byte> frame))
        {
            return new FrameInspection(FrameState.Unreadable, header, alignedLength, "read error in the payload");
        }

        if (FrameHeader.ComputeCrc(frame, (int)header.PayloadLength) != header.Crc)
        {
            return new FrameInspection(FrameState.Corrupt, header, alignedLength, "CRC mismatch (torn or damaged)");
        }

        if (header.LogId != expect.LogId)
        {
            return new FrameInspection(FrameState.Stale, header, alignedLength, "frame of another log " + header.LogId.ToString());
        }

        if (header.SegmentNumber != expect.SegmentNumber || header.FileOffset != expect.Offset)
        {
            return new FrameInspection(FrameState.Stale, header, alignedLength, string.Create(
                CultureInfo.InvariantCulture,
                $"frame written for segment {header.SegmentNumber} offset {header.FileOffset} (misdirected)"));
        }

        if (header.RecordCount == 0 || !RecordListCodec.IsWellFormed(frame[LogFormat.FrameHeaderSize..], header.RecordCount))
        {
            return new FrameInspection(FrameState.Corrupt, header, alignedLength, "record list does not match its count");
        }

        if (expect.CheckContinuity && header.FirstSequence != expect.Sequence)
        {
            return new FrameInspection(FrameState.Stale, header, alignedLength, string.Create(
                CultureInfo.InvariantCulture, $"sequence {header.FirstSequence}, expected {expect.Sequence}"));
        }

        if (expect.CheckContinuity && header.PreviousCrc != expect.PreviousCrc)
        {
            return new FrameInspection(FrameState.Stale, header, alignedLength, string.Create(
                CultureInfo.InvariantCulture, $"chain {header.PreviousCrc:x8}, expected {expect.PreviousCrc:x8}"));
        }

        return new FrameInspection(FrameState.Valid, header, alignedLength, null);
    }
}
