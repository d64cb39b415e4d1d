using System.Runtime.InteropServices;

namespace Durably.IO.Linux;

/// <summary><c>struct io_uring_probe_op</c>: one opcode's entry in a probe result.</summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
internal struct IoUringProbeOperation
{
    /// <summary>Bytes per entry.</summary>
    public const int Size = 8;

    /// <summary><c>IO_URING_OP_SUPPORTED</c>.</summary>
    public const ushort Supported = 1 << 0;

    /// <summary><c>op</c>.</summary>
    [FieldOffset(0)] public byte Opcode;

    /// <summary><c>resv</c>.</summary>
    [FieldOffset(1)] public byte Reserved;

    /// <summary><c>flags</c> (<c>IO_URING_OP_*</c>).</summary>
    [FieldOffset(2)] public ushort Flags;

    /// <summary><c>resv2</c>.</summary>
    [FieldOffset(4)] public uint Reserved2;
}
