using Durably.IO;
using Durably.Storage.Format;

namespace Durably.Storage.Writing;

/// <summary>
/// One of the log writer's frame slots: the buffers a frame is encoded into and read back into,
/// and, while the frame is on its way to disk, its appends, its engine group and the results
/// reaped for it. A slot is reused only after its frame was acknowledged (or the log faulted).
/// </summary>
internal sealed class InFlightFrame
{
    internal InFlightFrame(int frameBufferIndex, AlignedBuffer frame, AlignedBuffer[] readBacks, int maxOperations)
    {
        FrameBufferIndex = frameBufferIndex;
        Frame = frame;
        ReadBacks = readBacks;
        Operations = new IoOperation[maxOperations];
        OperationCopy = new int[maxOperations];
        Results = new int[maxOperations];
    }

    /// <summary>The registered index of <see cref="Frame"/>; the read-back buffers follow it.</summary>
    internal int FrameBufferIndex { get; }

    /// <summary>The buffer the frame is encoded into.</summary>
    internal AlignedBuffer Frame { get; }

    /// <summary>Read-back buffers, one per copy (empty without verify-after-write).</summary>
    internal AlignedBuffer[] ReadBacks { get; }

    /// <summary>The operations submitted for the frame.</summary>
    internal IoOperation[] Operations { get; }

    /// <summary>The copy each operation works on.</summary>
    internal int[] OperationCopy { get; }

    /// <summary>Each operation's result, once the group was reaped.</summary>
    internal int[] Results { get; }

    /// <summary>The appends the frame holds, in sequence order.</summary>
    internal List<PendingAppend> Batch { get; } = [];

    /// <summary>How many of <see cref="Operations"/> were submitted.</summary>
    internal int OperationCount { get; set; }

    /// <summary>The engine group's tag.</summary>
    internal long Tag { get; set; }

    /// <summary>True once the engine reported the whole group.</summary>
    internal bool Reaped { get; set; }

    /// <summary>The frame's header (with its CRC).</summary>
    internal FrameHeader Header { get; set; }

    /// <summary>The frame's aligned length.</summary>
    internal int Length { get; set; }

    /// <summary>When the frame was submitted (<see cref="System.Diagnostics.Stopwatch"/> ticks).</summary>
    internal long Started { get; set; }

    /// <summary>Stages the operations built for the frame, pointing their buffer indices at this slot's buffers.</summary>
    internal void Stage(ReadOnlySpan<IoOperation> operations, ReadOnlySpan<int> copies)
    {
        for (int i = 0; i < operations.Length; i++)
        {
            IoOperation op = operations[i];
            Operations[i] = op.Opcode == IoOpcode.SyncData ? op : op with { BufferIndex = FrameBufferIndex + op.BufferIndex };
            OperationCopy[i] = copies[i];
        }

        OperationCount = operations.Length;
        Reaped = false;
    }
}
