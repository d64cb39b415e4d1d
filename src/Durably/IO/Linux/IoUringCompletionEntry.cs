using System.Runtime.InteropServices;

namespace Durably.IO.Linux;

/// <summary><c>struct io_uring_cqe</c>: one 16-byte completion (IORING_SETUP_CQE32 is never requested).</summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
internal struct IoUringCompletionEntry
{
    /// <summary>Bytes per entry.</summary>
    public const int Size = 16;

    /// <summary><c>user_data</c>: the submission's value, unchanged.</summary>
    [FieldOffset(0)] public ulong UserData;

    /// <summary><c>res</c>: bytes transferred, 0, or a negated errno.</summary>
    [FieldOffset(8)] public int Result;

    /// <summary><c>flags</c> (<c>IORING_CQE_F_*</c>).</summary>
    [FieldOffset(12)] public uint Flags;
}
