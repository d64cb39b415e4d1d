using Durably.IO;

namespace Durably.Storage.Segments;

/// <summary>One segment's open files, one per copy, and their engine slots while it is being written.</summary>
internal sealed class SegmentFiles : IDisposable
{
    internal SegmentFiles(uint number, long size, StorageFile[] files)
    {
        Number = number;
        Size = size;
        Files = files;
        Slots = new int[files.Length];
        Array.Fill(Slots, -1);
    }

    /// <summary>Segment number.</summary>
    internal uint Number { get; }

    /// <summary>Segment size.</summary>
    internal long Size { get; }

    /// <summary>The open file of each copy, by copy index.</summary>
    internal StorageFile[] Files { get; }

    /// <summary>The engine slot of each copy's file, or -1 while not registered.</summary>
    internal int[] Slots { get; }

    /// <summary>Registers the files with the engine (the log thread does this when the segment becomes active).</summary>
    internal void Register(IoEngine engine)
    {
        for (int c = 0; c < Files.Length; c++)
        {
            Slots[c] = engine.RegisterFile(Files[c]);
        }
    }

    /// <summary>Releases the engine slots.</summary>
    internal void Unregister(IoEngine engine)
    {
        for (int c = 0; c < Files.Length; c++)
        {
            if (Slots[c] >= 0)
            {
                engine.UnregisterFile(Slots[c]);
                Slots[c] = -1;
            }
        }
    }

    public void Dispose()
    {
        foreach (StorageFile file in Files)
        {
            file.Dispose();
        }
    }
}
