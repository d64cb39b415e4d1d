using System.Runtime.InteropServices;

namespace Durably.IO.Linux;

/// <summary>
/// <c>struct io_uring_rsrc_update</c> (same layout as the older <c>io_uring_files_update</c>): the argument of
/// IORING_REGISTER_FILES_UPDATE.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
internal struct IoUringResourceUpdate
{
    /// <summary><c>offset</c>: the first slot to replace.</summary>
    [FieldOffset(0)] public uint Offset;

    /// <summary><c>resv</c>.</summary>
    [FieldOffset(4)] public uint Reserved;

    /// <summary><c>data</c>: address of an <c>int</c> array of descriptors (-1 clears a slot).</summary>
    [FieldOffset(8)] public ulong Data;
}
