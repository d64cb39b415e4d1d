using System.Runtime.InteropServices;

namespace Durably.Benchmarks;

/// <summary>
/// The floor an engine is measured against: per copy, one aligned pwrite followed by one fdatasync from C#, the
/// copies one after the other, on preallocated zero-filled files opened like the log's segments (O_DIRECT|O_DSYNC).
/// </summary>
internal sealed unsafe partial class IoUringFloorWriter : IDisposable
{
    private const int OpenWriteOnly = 0x1;
    private const int OpenCreate = 0x40;
    private const int OpenDataSync = 0x1000;
    private const int OpenDirect = 0x4000;

    private readonly int[] _descriptors;
    private readonly byte* _block;
    private readonly int _blockSize;
    private readonly long _fileSize;
    private long _offset;

    internal IoUringFloorWriter(IReadOnlyList<string> paths, long fileSize, int blockSize)
    {
        _blockSize = blockSize;
        _fileSize = fileSize;
        _block = (byte*)NativeMemory.AlignedAlloc((nuint)blockSize, (nuint)blockSize);
        new Span<byte>(_block, blockSize).Fill((byte)'f');
        var zeros = new byte[1 << 20];
        _descriptors = new int[paths.Count];
        for (int i = 0; i < paths.Count; i++)
        {
            using (var stream = new FileStream(paths[i], FileMode.Create, FileAccess.Write))
            {
                for (long written = 0; written < fileSize; written += zeros.Length)
                {
                    stream.Write(zeros);
                }

                stream.Flush(flushToDisk: true);
            }

            _descriptors[i] = Open(paths[i], OpenWriteOnly | OpenCreate | OpenDataSync | OpenDirect, 0x180);
            if (_descriptors[i] < 0)
            {
                throw new IOException("open(O_DIRECT|O_DSYNC) failed with errno " + Marshal.GetLastPInvokeError() + ": " + paths[i]);
            }
        }
    }

    /// <summary>One commit: the block to every copy in turn, each followed by its fdatasync.</summary>
    internal void Commit()
    {
        if (_offset + _blockSize > _fileSize)
        {
            _offset = 0;
        }

        foreach (int descriptor in _descriptors)
        {
            if (PositionalWrite(descriptor, _block, (nuint)_blockSize, _offset) != _blockSize)
            {
                throw new IOException("pwrite failed with errno " + Marshal.GetLastPInvokeError());
            }

            if (DataSync(descriptor) != 0)
            {
                throw new IOException("fdatasync failed with errno " + Marshal.GetLastPInvokeError());
            }
        }

        _offset += _blockSize;
    }

    public void Dispose()
    {
        foreach (int descriptor in _descriptors)
        {
            _ = Close(descriptor);
        }

        NativeMemory.AlignedFree(_block);
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "pwrite", SetLastError = true)]
    private static partial nint PositionalWrite(int descriptor, byte* buffer, nuint count, long offset);

    [LibraryImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    private static partial int DataSync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int descriptor);
}
