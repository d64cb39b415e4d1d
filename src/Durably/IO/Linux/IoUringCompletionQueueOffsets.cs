using System.Runtime.InteropServices;

namespace Durably.IO.Linux;

/// <summary><c>struct io_cqring_offsets</c>: where each CQ ring field lives inside the CQ ring mapping.</summary>
[StructLayout(LayoutKind.Explicit, Size = 40)]
internal struct IoUringCompletionQueueOffsets
{
    /// <summary><c>head</c>: advanced by the application as it consumes completions.</summary>
    [FieldOffset(0)] public uint Head;

    /// <summary><c>tail</c>: advanced by the kernel as it posts completions.</summary>
    [FieldOffset(4)] public uint Tail;

    /// <summary><c>ring_mask</c>.</summary>
    [FieldOffset(8)] public uint RingMask;

    /// <summary><c>ring_entries</c>.</summary>
    [FieldOffset(12)] public uint RingEntries;

    /// <summary><c>overflow</c>: completions the kernel had to drop (not merely defer).</summary>
    [FieldOffset(16)] public uint Overflow;

    /// <summary><c>cqes</c>: the completion array.</summary>
    [FieldOffset(20)] public uint Cqes;

    /// <summary><c>flags</c> (<c>IORING_CQ_*</c>).</summary>
    [FieldOffset(24)] public uint Flags;

    /// <summary><c>resv1</c>.</summary>
    [FieldOffset(28)] public uint Reserved1;

    /// <summary><c>user_addr</c> (formerly <c>resv2</c>).</summary>
    [FieldOffset(32)] public ulong UserAddress;
}
