using Durably.IO;

namespace Durably.Storage.Recovery;

/// <summary>
/// Reads one copy of one segment through an aligned window, so a frame-by-frame scan costs one
/// large read per window rather than one per frame. Bytes past the end of the file (or of a
/// missing file) read as zero. A read error is narrowed to the aligned blocks that fail, which
/// are then reported as unreadable rather than failing the whole scan: the other copy may hold
/// those frames, and rewriting the blocks clears a latent sector error.
/// </summary>
internal sealed class SegmentReader : IDisposable
{
    private const int MaximumWindow = 1 << 20;
    private const int InitialWindow = 64 << 10;

    private readonly int _alignment;
    private readonly List<long> _unreadableBlocks = [];
    private AlignedBuffer _window;
    private StorageFile? _file;
    private long _fileLength;
    private long _windowStart;
    private int _windowLength;

    internal SegmentReader(int alignment)
    {
        _alignment = alignment;
        _window = new AlignedBuffer(Math.Max(InitialWindow, alignment), alignment);
    }

    /// <summary>True if a file is attached (false: the copy has no such segment).</summary>
    internal bool HasFile => _file is not null;

    /// <summary>The attached file's length (0 without a file).</summary>
    internal long FileLength => _fileLength;

    /// <summary>Offsets of aligned blocks that could not be read.</summary>
    internal IReadOnlyList<long> UnreadableBlocks => _unreadableBlocks;

    /// <summary>Reads from <paramref name="file"/> from now on (null: everything reads as zero).</summary>
    internal void Attach(StorageFile? file)
    {
        _file = file;
        _fileLength = file?.Length ?? 0;
        _windowStart = 0;
        _windowLength = 0;
        _unreadableBlocks.Clear();
    }

    /// <summary>
    /// Returns <paramref name="length"/> bytes at <paramref name="offset"/> (an aligned offset),
    /// or false if any of them lies in an unreadable block.
    /// </summary>
    internal bool TryGet(long offset, int length, out ReadOnlySpan<byte> bytes)
    {
        if (offset < _windowStart || offset + length > _windowStart + _windowLength)
        {
            Fill(offset, length);
        }

        bytes = _window.Span.Slice((int)(offset - _windowStart), length);
        return !IntersectsUnreadable(offset, length);
    }

    public void Dispose() => _window.Dispose();

    private void Fill(long offset, int length)
    {
        long start = BitOperationsFacts.AlignDown(offset, _alignment);
        int needed = (int)(BitOperationsFacts.AlignUp(offset + length, _alignment) - start);
        long wanted = Math.Max(needed, Math.Min(MaximumWindow, BitOperationsFacts.AlignUp(_fileLength - start, _alignment)));
        if (wanted > _window.Length)
        {
            // Grow to what the file can fill (at most the maximum window, or one large frame).
            _window.Dispose();
            _window = new AlignedBuffer((int)wanted, _alignment);
        }

        _windowStart = start;
        _windowLength = _window.Length;
        Span<byte> window = _window.Span;
        int toRead = _file is null || start >= _fileLength
            ? 0
            : (int)Math.Min(_window.Length, BitOperationsFacts.AlignUp(_fileLength - start, _alignment));
        window[toRead..].Clear();
        if (toRead == 0 || _file is not { } file)
        {
            return;
        }

        try
        {
            int read = file.Read(start, window[..toRead]);
            window[read..toRead].Clear();
        }
        catch (StorageException)
        {
            // Narrow the failure down to the blocks that fail; the rest of the window is usable.
            for (int block = 0; block < toRead; block += _alignment)
            {
                try
                {
                    _ = file.Read(start + block, window.Slice(block, _alignment));
                }
                catch (StorageException)
                {
                    window.Slice(block, _alignment).Clear();
                    if (!_unreadableBlocks.Contains(start + block))
                    {
                        _unreadableBlocks.Add(start + block);
                    }
                }
            }
        }
    }

    private bool IntersectsUnreadable(long offset, int length)
    {
        foreach (long block in _unreadableBlocks)
        {
            if (block < offset + length && block + _alignment > offset)
            {
                return true;
            }
        }

        return false;
    }
}
