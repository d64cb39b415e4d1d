namespace Durably.IO;

/// <summary>
/// One operation of a commit submission: one io_uring submission queue entry. Operations whose
/// <see cref="LinkNext"/> is set form a chain with the operation after them (IOSQE_IO_LINK): the
/// next one starts only after this one completed with its full length (0 for a sync); otherwise
/// the rest of the chain completes with <c>-ECANCELED</c>. Operations not linked to each other are
/// independent and may run concurrently.
/// </summary>
/// <param name="Opcode">What to do.</param>
/// <param name="FileSlot">A slot returned by <see cref="IoEngine.RegisterFile"/>.</param>
/// <param name="BufferIndex">An index into the buffers given to <see cref="IoEngine.RegisterBuffers"/> (unused for a sync).</param>
/// <param name="BufferOffset">Byte offset into that buffer (aligned for O_DIRECT files).</param>
/// <param name="Length">Bytes to transfer (0 for a sync).</param>
/// <param name="FileOffset">File offset (aligned for O_DIRECT files; 0 for a sync).</param>
/// <param name="LinkNext">Chain the next operation after this one.</param>
internal readonly record struct IoOperation(
    IoOpcode Opcode,
    int FileSlot,
    int BufferIndex,
    int BufferOffset,
    int Length,
    long FileOffset,
    bool LinkNext)
{
    /// <summary>A write of a registered buffer range.</summary>
    internal static IoOperation Write(int fileSlot, int bufferIndex, int length, long fileOffset, bool linkNext) =>
        new(IoOpcode.Write, fileSlot, bufferIndex, 0, length, fileOffset, linkNext);

    /// <summary>An fdatasync of the file.</summary>
    internal static IoOperation SyncData(int fileSlot, bool linkNext) =>
        new(IoOpcode.SyncData, fileSlot, 0, 0, 0, 0, linkNext);

    /// <summary>A read into a registered buffer.</summary>
    internal static IoOperation Read(int fileSlot, int bufferIndex, int length, long fileOffset, bool linkNext) =>
        new(IoOpcode.Read, fileSlot, bufferIndex, 0, length, fileOffset, linkNext);

    /// <summary>The result a successful completion carries: the length for a transfer, 0 for a sync.</summary>
    internal int ExpectedResult => Opcode == IoOpcode.SyncData ? 0 : Length;
}
