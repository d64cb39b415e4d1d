using System.Runtime.InteropServices;

namespace Durably.IO.Linux;

/// <summary>
/// <c>struct io_uring_sqe</c>: one 64-byte submission queue entry, laid out exactly as linux/io_uring.h
/// declares it (unions collapsed to the member Durably uses; every offset is asserted by a unit test).
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
internal struct IoUringSubmissionEntry
{
    /// <summary>Bytes per entry without IORING_SETUP_SQE128 (which Durably never requests).</summary>
    public const int Size = 64;

    /// <summary><c>opcode</c>.</summary>
    [FieldOffset(0)] public IoUringOpcode Opcode;

    /// <summary><c>flags</c> (<c>IOSQE_*</c>).</summary>
    [FieldOffset(1)] public IoUringSubmissionOptions Flags;

    /// <summary><c>ioprio</c>.</summary>
    [FieldOffset(2)] public ushort IoPriority;

    /// <summary><c>fd</c>: a descriptor, or a registered-file slot with <see cref="IoUringSubmissionOptions.FixedFile"/>.</summary>
    [FieldOffset(4)] public int FileDescriptor;

    /// <summary><c>off</c> (union with <c>addr2</c>): the file offset.</summary>
    [FieldOffset(8)] public ulong Offset;

    /// <summary><c>addr</c> (union with <c>splice_off_in</c>): the buffer address.</summary>
    [FieldOffset(16)] public ulong Address;

    /// <summary><c>len</c>: the buffer length in bytes (0 for fsync: the whole file).</summary>
    [FieldOffset(24)] public uint Length;

    /// <summary>The per-opcode flags union: <c>rw_flags</c> for reads and writes, <c>fsync_flags</c> for fsync.</summary>
    [FieldOffset(28)] public uint OperationFlags;

    /// <summary><c>user_data</c>: copied unchanged into the completion.</summary>
    [FieldOffset(32)] public ulong UserData;

    /// <summary><c>buf_index</c> (packed union with <c>buf_group</c>): the registered buffer's index.</summary>
    [FieldOffset(40)] public ushort BufferIndex;

    /// <summary><c>personality</c>.</summary>
    [FieldOffset(42)] public ushort Personality;

    /// <summary><c>splice_fd_in</c> / <c>file_index</c> union.</summary>
    [FieldOffset(44)] public int FileIndex;

    /// <summary><c>addr3</c>.</summary>
    [FieldOffset(48)] public ulong Address3;

    /// <summary><c>__pad2[0]</c>.</summary>
    [FieldOffset(56)] public ulong Padding;

    /// <summary>A no-op that completes with 0.</summary>
    public void PrepareNop(ulong userData)
    {
        this = default;
        Opcode = IoUringOpcode.Nop;
        UserData = userData;
    }

    /// <summary>Writes <paramref name="length"/> bytes of registered buffer <paramref name="bufferIndex"/> starting at <paramref name="address"/>.</summary>
    public void PrepareWriteFixed(int fileDescriptor, nint address, uint length, ulong fileOffset, ushort bufferIndex, ulong userData)
    {
        PrepareTransfer(IoUringOpcode.WriteFixed, fileDescriptor, address, length, fileOffset, userData);
        BufferIndex = bufferIndex;
    }

    /// <summary>Reads <paramref name="length"/> bytes into registered buffer <paramref name="bufferIndex"/> at <paramref name="address"/>.</summary>
    public void PrepareReadFixed(int fileDescriptor, nint address, uint length, ulong fileOffset, ushort bufferIndex, ulong userData)
    {
        PrepareTransfer(IoUringOpcode.ReadFixed, fileDescriptor, address, length, fileOffset, userData);
        BufferIndex = bufferIndex;
    }

    /// <summary>Writes from memory that need not be registered.</summary>
    public void PrepareWrite(int fileDescriptor, nint address, uint length, ulong fileOffset, ulong userData) =>
        PrepareTransfer(IoUringOpcode.Write, fileDescriptor, address, length, fileOffset, userData);

    /// <summary>Reads into memory that need not be registered.</summary>
    public void PrepareRead(int fileDescriptor, nint address, uint length, ulong fileOffset, ulong userData) =>
        PrepareTransfer(IoUringOpcode.Read, fileDescriptor, address, length, fileOffset, userData);

    /// <summary>fsync, or fdatasync with <see cref="IoUringFsyncOptions.DataSync"/>, over the whole file.</summary>
    public void PrepareFsync(int fileDescriptor, IoUringFsyncOptions options, ulong userData)
    {
        this = default;
        Opcode = IoUringOpcode.Fsync;
        FileDescriptor = fileDescriptor;
        OperationFlags = (uint)options;
        UserData = userData;
    }

    /// <summary>Marks <see cref="FileDescriptor"/> as a registered-file slot.</summary>
    public void UseRegisteredFile() => Flags |= IoUringSubmissionOptions.FixedFile;

    /// <summary>Makes the next entry in the queue wait for this one and be cancelled if this one fails or is short.</summary>
    public void LinkNext() => Flags |= IoUringSubmissionOptions.IoLink;

    private void PrepareTransfer(IoUringOpcode opcode, int fileDescriptor, nint address, uint length, ulong fileOffset, ulong userData)
    {
        this = default;
        Opcode = opcode;
        FileDescriptor = fileDescriptor;
        Address = (ulong)address;
        Length = length;
        Offset = fileOffset;
        UserData = userData;
    }
}
