using System.Runtime.InteropServices;

namespace Durably.IO.Linux;

/// <summary>
/// Owns one <c>mmap</c>ed region (a ring, the SQE array, or registered buffer memory) and unmaps it on
/// release, so a ring that is never disposed still gives its memory back when finalized.
/// </summary>
internal sealed class IoUringMapping : SafeHandle
{
    private IoUringMapping(nint address, nuint length)
        : base(invalidHandleValue: 0, ownsHandle: true)
    {
        SetHandle(address);
        Length = length;
    }

    /// <inheritdoc />
    public override bool IsInvalid => handle == 0;

    /// <summary>The first byte of the region.</summary>
    public nint Address => handle;

    /// <summary>The region's length in bytes.</summary>
    public nuint Length { get; }

    /// <summary>Maps <paramref name="length"/> bytes of the ring at <paramref name="offset"/> (an IORING_OFF_* value).</summary>
    public static IoUringMapping MapRing(IoUringRingHandle ring, nuint length, long offset)
    {
        nint address = IoUringSystemCalls.MapRing(ring.Descriptor, length, offset, out int errno);
        return address != 0
            ? new IoUringMapping(address, length)
            : throw new IoUringException(
                $"mmap of {length} bytes at ring offset 0x{offset:x} failed: {Errno.Name(errno)}", errno);
    }

    /// <summary>Maps <paramref name="length"/> bytes of zeroed, page-aligned anonymous memory.</summary>
    public static IoUringMapping MapAnonymous(nuint length)
    {
        nint address = IoUringSystemCalls.MapAnonymous(length, out int errno);
        return address != 0
            ? new IoUringMapping(address, length)
            : throw new IoUringException($"mmap of {length} anonymous bytes failed: {Errno.Name(errno)}", errno);
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle() => IoUringSystemCalls.Unmap(handle, Length) == 0;
}
