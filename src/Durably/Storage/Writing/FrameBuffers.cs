using Durably.IO;

namespace Durably.Storage.Writing;

/// <summary>
/// The log writer's aligned native buffers, per frame in flight: one frame buffer, and with
/// verify-after-write one read-back buffer per copy. Allocated and registered with the engine while
/// the log opens (so a registration the kernel refuses can still choose another engine), freed only
/// after the engine that registered them is disposed and has nothing in flight.
/// </summary>
internal sealed class FrameBuffers : IDisposable
{
    private readonly AlignedBuffer?[] _all;

    /// <param name="maxFrameSize">The size of every buffer.</param>
    /// <param name="alignment">Their alignment.</param>
    /// <param name="readBackCopies">Read-back buffers per frame (the copies, with verify-after-write; else 0).</param>
    /// <param name="framesInFlight">How many frames may be in flight at once (each needs its own set).</param>
    internal FrameBuffers(int maxFrameSize, int alignment, int readBackCopies, int framesInFlight = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(framesInFlight);
        FramesInFlight = framesInFlight;
        ReadBackCopies = readBackCopies;
        _all = new AlignedBuffer?[framesInFlight * (1 + readBackCopies)];
        try
        {
            for (int i = 0; i < _all.Length; i++)
            {
                _all[i] = new AlignedBuffer(maxFrameSize, alignment);
            }
        }
        catch
        {
            Dispose();
            throw;
        }

        All = [.. _all.Select(b => b!)];
    }

    /// <summary>How many frames may be in flight: sets of a frame buffer and its read-back buffers.</summary>
    internal int FramesInFlight { get; }

    /// <summary>Read-back buffers per frame (one per copy, or none without verify-after-write).</summary>
    internal int ReadBackCopies { get; }

    /// <summary>Every buffer in registration order: per frame slot, its frame buffer then its read-backs.</summary>
    internal IReadOnlyList<AlignedBuffer> All { get; }

    /// <summary>Total bytes, as the kernel counts them when it pins them.</summary>
    internal long TotalBytes => (long)All[0].Length * All.Count;

    /// <summary>The registered index of frame slot <paramref name="slot"/>'s frame buffer; its read-backs follow it.</summary>
    internal int FrameIndex(int slot) => slot * (1 + ReadBackCopies);

    /// <summary>Frees the memory.</summary>
    public void Dispose()
    {
        foreach (AlignedBuffer? buffer in _all)
        {
            buffer?.Dispose();
        }
    }
}
