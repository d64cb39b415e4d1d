namespace Durably.IO.Linux;

/// <summary>
/// A set of equally sized, page-aligned buffers in anonymous memory, meant to be pinned once with
/// IORING_REGISTER_BUFFERS and then used by READ_FIXED/WRITE_FIXED without per-operation page pinning.
/// Page alignment satisfies every O_DIRECT alignment up to the page size.
/// </summary>
/// <remarks>Dispose the ring (or unregister) before disposing the buffers: the kernel keeps the pages pinned.</remarks>
internal sealed class IoUringRegisteredBuffers : IDisposable
{
    /// <summary>IORING_MAX_REG_BUFFERS.</summary>
    public const int MaxCount = 1 << 14;

    private const long MaxBufferSize = 1L << 30; // the kernel refuses registered buffers over 1 GiB

    private readonly IoUringMapping _memory;

    /// <summary>Maps <paramref name="count"/> zeroed buffers of <paramref name="bufferSize"/> bytes each.</summary>
    /// <param name="count">How many buffers (the buffer indices are 0..count-1).</param>
    /// <param name="bufferSize">Bytes per buffer; a multiple of the page size so every buffer starts page-aligned.</param>
    public IoUringRegisteredBuffers(int count, int bufferSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bufferSize, MaxBufferSize);
        if (bufferSize % Environment.SystemPageSize != 0)
        {
            throw new ArgumentException(
                $"Buffer size {bufferSize} is not a multiple of the page size {Environment.SystemPageSize}.", nameof(bufferSize));
        }

        Count = count;
        BufferSize = bufferSize;
        _memory = IoUringMapping.MapAnonymous((nuint)count * (nuint)bufferSize);
    }

    /// <summary>How many buffers.</summary>
    public int Count { get; }

    /// <summary>Bytes per buffer.</summary>
    public int BufferSize { get; }

    /// <summary>The address of byte <paramref name="start"/> of buffer <paramref name="index"/>.</summary>
    public nint AddressOf(int index, int start = 0)
    {
        ObjectDisposedException.ThrowIf(_memory.IsClosed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start, BufferSize);
        return _memory.Address + (nint)((long)index * BufferSize) + start;
    }

    /// <summary>Buffer <paramref name="index"/> as a span (valid until disposal).</summary>
    public unsafe Span<byte> GetSpan(int index) => new((void*)AddressOf(index), BufferSize);

    /// <summary>Writes the iovec array IORING_REGISTER_BUFFERS takes.</summary>
    public void DescribeTo(Span<IoUringIoVector> vectors)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(vectors.Length, Count, nameof(vectors));
        for (int i = 0; i < Count; i++)
        {
            vectors[i] = new IoUringIoVector { Base = AddressOf(i), Length = (nuint)BufferSize };
        }
    }

    /// <inheritdoc />
    public void Dispose() => _memory.Dispose();
}
