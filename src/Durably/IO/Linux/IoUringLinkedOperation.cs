using System.Globalization;

namespace Durably.IO.Linux;

/// <summary>One operation of an <see cref="IoUringLinkedChain"/>: what to do, on which file, with which bytes.</summary>
internal readonly struct IoUringLinkedOperation
{
    private IoUringLinkedOperation(
        IoUringLinkedOperationKind kind, IoUringFileTarget file, nint address, uint length, ulong fileOffset, ushort bufferIndex)
    {
        Kind = kind;
        File = file;
        Address = address;
        Length = length;
        FileOffset = fileOffset;
        BufferIndex = bufferIndex;
    }

    /// <summary>What the operation does.</summary>
    public IoUringLinkedOperationKind Kind { get; }

    /// <summary>The file it targets (unused for NOP).</summary>
    public IoUringFileTarget File { get; }

    /// <summary>The first byte of the memory read or written.</summary>
    public nint Address { get; }

    /// <summary>Bytes to transfer; 0 for NOP and fdatasync.</summary>
    public uint Length { get; }

    /// <summary>The file offset of the transfer.</summary>
    public ulong FileOffset { get; }

    /// <summary>The registered buffer index for WRITE_FIXED/READ_FIXED.</summary>
    public ushort BufferIndex { get; }

    /// <summary>Whether success means "transferred exactly <see cref="Length"/> bytes" rather than "returned 0".</summary>
    public bool TransfersData => Kind is IoUringLinkedOperationKind.WriteFixed or IoUringLinkedOperationKind.ReadFixed
        or IoUringLinkedOperationKind.Write or IoUringLinkedOperationKind.Read;

    /// <summary>A NOP.</summary>
    public static IoUringLinkedOperation Nop() =>
        new(IoUringLinkedOperationKind.Nop, default, 0, 0, 0, 0);

    /// <summary>WRITE_FIXED of <paramref name="length"/> bytes from registered buffer <paramref name="bufferIndex"/>, starting <paramref name="start"/> bytes into it.</summary>
    public static IoUringLinkedOperation WriteFixed(
        IoUringFileTarget file, IoUringRegisteredBuffers buffers, int bufferIndex, int start, int length, long fileOffset) =>
        Fixed(IoUringLinkedOperationKind.WriteFixed, file, buffers, bufferIndex, start, length, fileOffset);

    /// <summary>READ_FIXED of <paramref name="length"/> bytes into registered buffer <paramref name="bufferIndex"/>, starting <paramref name="start"/> bytes into it.</summary>
    public static IoUringLinkedOperation ReadFixed(
        IoUringFileTarget file, IoUringRegisteredBuffers buffers, int bufferIndex, int start, int length, long fileOffset) =>
        Fixed(IoUringLinkedOperationKind.ReadFixed, file, buffers, bufferIndex, start, length, fileOffset);

    /// <summary>
    /// WRITE_FIXED of <paramref name="length"/> bytes at <paramref name="address"/>, which must lie inside
    /// registered buffer <paramref name="bufferIndex"/> (the kernel fails the operation with -EFAULT otherwise).
    /// For buffers registered from raw iovecs.
    /// </summary>
    public static IoUringLinkedOperation WriteFixed(IoUringFileTarget file, nint address, int length, long fileOffset, int bufferIndex) =>
        FixedAt(IoUringLinkedOperationKind.WriteFixed, file, address, length, fileOffset, bufferIndex);

    /// <summary>READ_FIXED into <paramref name="address"/> inside registered buffer <paramref name="bufferIndex"/>.</summary>
    public static IoUringLinkedOperation ReadFixed(IoUringFileTarget file, nint address, int length, long fileOffset, int bufferIndex) =>
        FixedAt(IoUringLinkedOperationKind.ReadFixed, file, address, length, fileOffset, bufferIndex);

    /// <summary>WRITE of <paramref name="length"/> bytes from <paramref name="address"/> (memory the caller keeps alive and pinned until completion).</summary>
    public static IoUringLinkedOperation Write(IoUringFileTarget file, nint address, int length, long fileOffset) =>
        Plain(IoUringLinkedOperationKind.Write, file, address, length, fileOffset);

    /// <summary>READ of <paramref name="length"/> bytes into <paramref name="address"/> (memory the caller keeps alive and pinned until completion).</summary>
    public static IoUringLinkedOperation Read(IoUringFileTarget file, nint address, int length, long fileOffset) =>
        Plain(IoUringLinkedOperationKind.Read, file, address, length, fileOffset);

    /// <summary>fdatasync of the whole file (FSYNC with IORING_FSYNC_DATASYNC).</summary>
    public static IoUringLinkedOperation DataSync(IoUringFileTarget file) =>
        new(IoUringLinkedOperationKind.DataSync, file, 0, 0, 0, 0);

    /// <summary>Fills <paramref name="entry"/> for this operation (the caller adds IOSQE_IO_LINK).</summary>
    public void Prepare(ref IoUringSubmissionEntry entry, ulong userData)
    {
        int descriptor = File.Value;
        switch (Kind)
        {
            case IoUringLinkedOperationKind.Nop:
                entry.PrepareNop(userData);
                return;
            case IoUringLinkedOperationKind.WriteFixed:
                entry.PrepareWriteFixed(descriptor, Address, Length, FileOffset, BufferIndex, userData);
                break;
            case IoUringLinkedOperationKind.ReadFixed:
                entry.PrepareReadFixed(descriptor, Address, Length, FileOffset, BufferIndex, userData);
                break;
            case IoUringLinkedOperationKind.Write:
                entry.PrepareWrite(descriptor, Address, Length, FileOffset, userData);
                break;
            case IoUringLinkedOperationKind.Read:
                entry.PrepareRead(descriptor, Address, Length, FileOffset, userData);
                break;
            case IoUringLinkedOperationKind.DataSync:
                entry.PrepareFsync(descriptor, IoUringFsyncOptions.DataSync, userData);
                break;
            default:
                throw new InvalidOperationException($"Unknown operation kind {Kind}.");
        }

        if (File.IsRegisteredSlot)
        {
            entry.UseRegisteredFile();
        }
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        IoUringLinkedOperationKind.Nop => "NOP",
        IoUringLinkedOperationKind.DataSync => "FSYNC(DATASYNC) of " + File,
        _ => string.Create(CultureInfo.InvariantCulture, $"{OpcodeName} of {Length} bytes at offset {FileOffset} of {File}"),
    };

    private string OpcodeName => Kind switch
    {
        IoUringLinkedOperationKind.WriteFixed => "WRITE_FIXED",
        IoUringLinkedOperationKind.ReadFixed => "READ_FIXED",
        IoUringLinkedOperationKind.Write => "WRITE",
        _ => "READ",
    };

    private static IoUringLinkedOperation Fixed(
        IoUringLinkedOperationKind kind, IoUringFileTarget file, IoUringRegisteredBuffers buffers, int bufferIndex, int start, int length, long fileOffset)
    {
        ArgumentNullException.ThrowIfNull(buffers);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(fileOffset);
        if ((long)start + length > buffers.BufferSize)
        {
            throw new ArgumentOutOfRangeException(
                nameof(length), $"{length} bytes from {start} overrun the {buffers.BufferSize}-byte registered buffer.");
        }

        nint address = buffers.AddressOf(bufferIndex, start);
        return new(kind, file, address, (uint)length, (ulong)fileOffset, checked((ushort)bufferIndex));
    }

    private static IoUringLinkedOperation FixedAt(
        IoUringLinkedOperationKind kind, IoUringFileTarget file, nint address, int length, long fileOffset, int bufferIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bufferIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(bufferIndex, IoUringRegisteredBuffers.MaxCount);
        IoUringLinkedOperation plain = Plain(kind, file, address, length, fileOffset);
        return new(kind, file, plain.Address, plain.Length, plain.FileOffset, (ushort)bufferIndex);
    }

    private static IoUringLinkedOperation Plain(IoUringLinkedOperationKind kind, IoUringFileTarget file, nint address, int length, long fileOffset)
    {
        ArgumentOutOfRangeException.ThrowIfZero(address);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(fileOffset);
        return new(kind, file, address, (uint)length, (ulong)fileOffset, 0);
    }
}
