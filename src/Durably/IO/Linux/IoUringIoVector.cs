using System.Runtime.InteropServices;

namespace Durably.IO.Linux;

/// <summary><c>struct iovec</c> on a 64-bit Linux: one buffer of an IORING_REGISTER_BUFFERS array.</summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
internal struct IoUringIoVector
{
    /// <summary><c>iov_base</c>.</summary>
    [FieldOffset(0)] public nint Base;

    /// <summary><c>iov_len</c>.</summary>
    [FieldOffset(8)] public nuint Length;
}
