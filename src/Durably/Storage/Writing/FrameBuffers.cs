using Durably.IO;

namespace Durably.Storage.Writing;

/// <summary>
/// The log writer's aligned native buffers: one frame buffer, and with verify-after-write one
/// read-back buffer per copy. Allocated and registered with the engine while the log opens (so a
/// registration the kernel refuses can still choose another engine), freed only after the engine
/// that registered them is disposed and has nothing in flight.
/// </summary>
internal sealed class FrameBuffers : IDisposable
{
    internal FrameBuffers(int maxFrameSize, int alignment, int readBackCopies)
    {
        Frame = new AlignedBuffer(maxFrameSize, alignment);
        ReadBacks = new AlignedBuffer[readBackCopies];
        try
        {
            for (int c = 0; c < ReadBacks.Length; c++)
            {
                ReadBacks[c] = new AlignedBuffer(maxFrameSize, alignment);
            }
        }
        catch
        {
            Dispose();
            throw;
        }

        All = [Frame, .. ReadBacks];
    }

    /// <summary>The buffer frames are encoded into; buffer index 0.</summary>
    internal AlignedBuffer Frame { get; }

    /// <summary>Read-back buffers, one per copy (empty without verify-after-write); buffer indices 1..n.</summary>
    internal AlignedBuffer[] ReadBacks { get; }

    /// <summary>Every buffer in registration order.</summary>
    internal IReadOnlyList<AlignedBuffer> All { get; }

    /// <summary>Total bytes, as the kernel counts them when it pins them.</summary>
    internal long TotalBytes => (long)Frame.Length * (1 + ReadBacks.Length);

    /// <summary>Frees the memory.</summary>
    public void Dispose()
    {
        Frame.Dispose();
        foreach (AlignedBuffer? buffer in ReadBacks)
        {
            buffer?.Dispose();
        }
    }
}
