namespace Durably.Testing;

/// <summary>
/// A file's contents on a simulated disk: what survives a crash (<see cref="Durable"/>), what
/// the running system sees (<see cref="Visible"/>), and the writes in between that no sync has
/// made durable yet.
/// </summary>
internal sealed class SimulatedInode
{
    private byte[] _durable = [];
    private byte[] _visible = [];

    internal SimulatedInode(long id) => Id = id;

    internal long Id { get; }

    /// <summary>Open handles (an unlinked file keeps its space while open).</summary>
    internal int OpenHandles { get; set; }

    /// <summary>Length as the running system sees it.</summary>
    internal long Length { get; private set; }

    /// <summary>Length that survives a crash.</summary>
    internal long DurableLength { get; private set; }

    /// <summary>Bytes reserved (fallocate or written), counted against the disk's capacity.</summary>
    internal long Allocated { get; private set; }

    /// <summary>Sector indexes whose reads fail until rewritten.</summary>
    internal HashSet<long> LatentErrors { get; } = [];

    /// <summary>Writes not yet made durable, in order.</summary>
    internal List<(long Offset, byte[] Data)> Unsynced { get; } = [];

    internal ReadOnlySpan<byte> Visible => _visible.AsSpan(0, (int)Length);

    internal ReadOnlySpan<byte> Durable => _durable.AsSpan(0, (int)DurableLength);

    internal void Reserve(long length) => Allocated = Math.Max(Allocated, length);

    /// <summary>Applies a write to what the system sees and remembers it as not yet durable.</summary>
    internal void Write(long offset, ReadOnlySpan<byte> data, int sectorSize)
    {
        EnsureVisible(offset + data.Length);
        data.CopyTo(_visible.AsSpan((int)offset));
        Length = Math.Max(Length, offset + data.Length);
        Reserve(Align(Length, sectorSize));
        Unsynced.Add((offset, data.ToArray()));
        foreach (long sector in SectorsOf(offset, data.Length, sectorSize))
        {
            LatentErrors.Remove(sector);
        }
    }

    /// <summary>fdatasync/fsync: every unsynced write becomes durable.</summary>
    internal void Sync()
    {
        foreach ((long offset, byte[] data) in Unsynced)
        {
            ApplyDurable(offset, data);
        }

        Unsynced.Clear();
        DurableLength = Length;
        EnsureDurable(DurableLength);
    }

    /// <summary>
    /// Power loss or a failed flush: each unsynced write is lost, kept, or torn (some of its
    /// sectors kept), and what the system sees becomes what is durable.
    /// </summary>
    internal void ResolveUnsynced(Random random, int sectorSize, bool truncateToDurableLength)
    {
        foreach ((long offset, byte[] data) in Unsynced)
        {
            switch (random.Next(3))
            {
                case 0:
                    break;
                case 1:
                    ApplyDurable(offset, data);
                    break;
                default:
                    for (int at = 0; at < data.Length; at += sectorSize)
                    {
                        if (random.Next(2) == 0)
                        {
                            ApplyDurable(offset + at, data.AsSpan(at, Math.Min(sectorSize, data.Length - at)));
                        }
                    }

                    break;
            }
        }

        Unsynced.Clear();
        if (truncateToDurableLength)
        {
            Length = DurableLength;
        }
        else
        {
            DurableLength = Math.Max(DurableLength, Length);
            EnsureDurable(DurableLength);
        }

        EnsureVisible(Length);
        _visible.AsSpan().Clear();
        _durable.AsSpan(0, (int)Math.Min(DurableLength, Length)).CopyTo(_visible);
    }

    /// <summary>Flips a bit where it rests: in what is durable and in what is seen.</summary>
    internal void FlipBit(long offset, int bit)
    {
        if (offset < DurableLength)
        {
            _durable[offset] ^= (byte)(1 << bit);
        }

        if (offset < Length)
        {
            _visible[offset] ^= (byte)(1 << bit);
        }
    }

    internal static IEnumerable<long> SectorsOf(long offset, long length, int sectorSize)
    {
        for (long sector = offset / sectorSize; sector * sectorSize < offset + length; sector++)
        {
            yield return sector;
        }
    }

    internal static long Align(long value, int sectorSize) => (value + sectorSize - 1) / sectorSize * sectorSize;

    /// <summary>Cuts the file to <paramref name="length"/> bytes where it rests (what is durable and what is seen).</summary>
    internal void Truncate(long length)
    {
        if (length < DurableLength)
        {
            _durable.AsSpan((int)length, (int)(DurableLength - length)).Clear();
            DurableLength = length;
        }

        if (length < Length)
        {
            _visible.AsSpan((int)length, (int)(Length - length)).Clear();
            Length = length;
        }
    }

    private void ApplyDurable(long offset, ReadOnlySpan<byte> data)
    {
        EnsureDurable(offset + data.Length);
        data.CopyTo(_durable.AsSpan((int)offset));
        DurableLength = Math.Max(DurableLength, offset + data.Length);
    }

    private void EnsureVisible(long length)
    {
        if (_visible.Length < length)
        {
            Array.Resize(ref _visible, (int)Math.Max(length, _visible.Length * 2L));
        }
    }

    private void EnsureDurable(long length)
    {
        if (_durable.Length < length)
        {
            Array.Resize(ref _durable, (int)Math.Max(length, _durable.Length * 2L));
        }
    }
}
