using System.Runtime.InteropServices;

namespace Durably.IO.Linux;

/// <summary>
/// <c>struct io_uring_probe</c> without its trailing flexible array: the kernel writes this header followed
/// by <see cref="OperationCount"/> <see cref="IoUringProbeOperation"/> entries.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
internal struct IoUringProbeHeader
{
    /// <summary>Bytes before <c>ops[0]</c>.</summary>
    public const int Size = 16;

    /// <summary><c>last_op</c>: the highest opcode this kernel knows.</summary>
    [FieldOffset(0)] public byte LastOpcode;

    /// <summary><c>ops_len</c>: entries written to <c>ops[]</c>.</summary>
    [FieldOffset(1)] public byte OperationCount;

    /// <summary><c>resv</c>.</summary>
    [FieldOffset(2)] public ushort Reserved;

    /// <summary><c>resv2[0]</c>.</summary>
    [FieldOffset(4)] public uint Reserved2A;

    /// <summary><c>resv2[1]</c>.</summary>
    [FieldOffset(8)] public uint Reserved2B;

    /// <summary><c>resv2[2]</c>.</summary>
    [FieldOffset(12)] public uint Reserved2C;
}
