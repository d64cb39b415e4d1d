using System.Runtime.InteropServices;

namespace Durably.IO.Linux;

/// <summary><c>struct io_sqring_offsets</c>: where each SQ ring field lives inside the SQ ring mapping.</summary>
[StructLayout(LayoutKind.Explicit, Size = 40)]
internal struct IoUringSubmissionQueueOffsets
{
    /// <summary><c>head</c>: advanced by the kernel as it consumes entries.</summary>
    [FieldOffset(0)] public uint Head;

    /// <summary><c>tail</c>: advanced by the application to publish entries.</summary>
    [FieldOffset(4)] public uint Tail;

    /// <summary><c>ring_mask</c>.</summary>
    [FieldOffset(8)] public uint RingMask;

    /// <summary><c>ring_entries</c>.</summary>
    [FieldOffset(12)] public uint RingEntries;

    /// <summary><c>flags</c> (<c>IORING_SQ_*</c>).</summary>
    [FieldOffset(16)] public uint Flags;

    /// <summary><c>dropped</c>: entries the kernel skipped as invalid.</summary>
    [FieldOffset(20)] public uint Dropped;

    /// <summary><c>array</c>: the index array mapping ring positions to SQE slots.</summary>
    [FieldOffset(24)] public uint Array;

    /// <summary><c>resv1</c>.</summary>
    [FieldOffset(28)] public uint Reserved1;

    /// <summary><c>user_addr</c> (formerly <c>resv2</c>).</summary>
    [FieldOffset(32)] public ulong UserAddress;
}
