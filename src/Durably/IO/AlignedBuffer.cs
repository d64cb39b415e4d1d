using System.Runtime.InteropServices;

namespace Durably.IO;

/// <summary>
/// Native memory aligned for O_DIRECT (address, and therefore every aligned offset into it, is a
/// multiple of the alignment). Engines may register it with the kernel, so it never moves.
/// </summary>
internal sealed unsafe class AlignedBuffer : IDisposable
{
    private byte* _pointer;

    internal AlignedBuffer(int length, int alignment)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        if (!BitOperationsFacts.IsPowerOfTwo(alignment))
        {
            throw new ArgumentOutOfRangeException(nameof(alignment), alignment, "Alignment must be a power of two.");
        }

        Length = length;
        Alignment = alignment;
        _pointer = (byte*)NativeMemory.AlignedAlloc((nuint)length, (nuint)alignment);
        NativeMemory.Clear(_pointer, (nuint)length);
    }

    /// <summary>Length in bytes.</summary>
    internal int Length { get; }

    /// <summary>The alignment the address honours.</summary>
    internal int Alignment { get; }

    /// <summary>The start address; valid until <see cref="Dispose"/>.</summary>
    internal byte* Pointer
    {
        get
        {
            ObjectDisposedException.ThrowIf(_pointer == null, this);
            return _pointer;
        }
    }

    /// <summary>The whole buffer as a span.</summary>
    internal Span<byte> Span => new(Pointer, Length);

    /// <summary>Frees the memory. Engines must have unregistered it first.</summary>
    public void Dispose()
    {
        if (_pointer != null)
        {
            NativeMemory.AlignedFree(_pointer);
            _pointer = null;
        }
    }
}
