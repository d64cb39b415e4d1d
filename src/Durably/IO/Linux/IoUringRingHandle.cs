using System.Runtime.InteropServices;

namespace Durably.IO.Linux;

/// <summary>Owns the ring's file descriptor; closing it tears the ring down in the kernel once the mappings are gone.</summary>
internal sealed class IoUringRingHandle : SafeHandle
{
    /// <summary>Wraps a descriptor returned by <c>io_uring_setup</c>.</summary>
    public IoUringRingHandle(int descriptor)
        : base(invalidHandleValue: -1, ownsHandle: true) => SetHandle(descriptor);

    /// <inheritdoc />
    public override bool IsInvalid => handle == -1;

    /// <summary>The descriptor, for system calls made while a reference is held.</summary>
    public int Descriptor => (int)handle;

    /// <inheritdoc />
    protected override bool ReleaseHandle() => IoUringSystemCalls.Close((int)handle) == 0;
}
