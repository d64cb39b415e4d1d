using System.Runtime.InteropServices;

namespace Durably.IO.Linux;

/// <summary>
/// The raw system calls behind the ring: <c>io_uring_setup/enter/register</c> through libc's
/// <c>syscall(2)</c> (glibc has no wrappers and Durably ships no native shim), plus <c>mmap</c>,
/// <c>munmap</c> and <c>close</c>. Every wrapper returns what the kernel returned, with failures as a
/// negated errno, so callers never consult thread-local error state themselves.
/// </summary>
internal static unsafe partial class IoUringSystemCalls
{
    /// <summary><c>__NR_io_uring_setup</c> on x86_64 and arm64 (and every asm-generic architecture).</summary>
    public const long SetupNumber = 425;

    /// <summary><c>__NR_io_uring_enter</c>.</summary>
    public const long EnterNumber = 426;

    /// <summary><c>__NR_io_uring_register</c>.</summary>
    public const long RegisterNumber = 427;

    /// <summary><c>IORING_OFF_SQ_RING</c>: mmap offset of the SQ ring (and of both rings with IORING_FEAT_SINGLE_MMAP).</summary>
    public const long SubmissionRingMapOffset = 0;

    /// <summary><c>IORING_OFF_CQ_RING</c>: mmap offset of the CQ ring.</summary>
    public const long CompletionRingMapOffset = 0x8000000;

    /// <summary><c>IORING_OFF_SQES</c>: mmap offset of the SQE array.</summary>
    public const long SubmissionEntriesMapOffset = 0x10000000;

    // Identical on x86_64 and arm64.
    private const int ProtectionRead = 0x1;
    private const int ProtectionWrite = 0x2;
    private const int MapShared = 0x01;
    private const int MapPrivate = 0x02;
    private const int MapAnonymousFlag = 0x20;
    private const int MapPopulate = 0x8000;
    private const nint MapFailed = -1;

    /// <summary>Whether these syscall numbers and mmap flags are right for the running process.</summary>
    public static bool IsSupportedPlatform =>
        OperatingSystem.IsLinux()
        && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    /// <summary><c>io_uring_setup(entries, params)</c>: the ring descriptor, or a negated errno.</summary>
    public static int Setup(uint entries, IoUringParams* parameters) =>
        Invoke(SetupNumber, entries, (long)parameters, 0, 0);

    /// <summary>
    /// <c>io_uring_enter(fd, to_submit, min_complete, flags, NULL, 0)</c>: the number of entries submitted,
    /// or a negated errno (EINTR included; the caller decides whether to retry).
    /// </summary>
    public static int Enter(int ringDescriptor, uint toSubmit, uint minComplete, IoUringEnterOptions options) =>
        Invoke(EnterNumber, ringDescriptor, toSubmit, minComplete, (long)options);

    /// <summary><c>io_uring_register(fd, opcode, arg, nr_args)</c>: the kernel's result, or a negated errno.</summary>
    public static int Register(int ringDescriptor, IoUringRegisterOpcode opcode, void* argument, uint count) =>
        Invoke(RegisterNumber, ringDescriptor, (long)opcode, (long)argument, count);

    /// <summary>Maps part of a ring (shared, read-write, populated). Returns the address, or 0 with <paramref name="errno"/> set.</summary>
    public static nint MapRing(int ringDescriptor, nuint length, long offset, out int errno) =>
        Map(length, MapShared | MapPopulate, ringDescriptor, offset, out errno);

    /// <summary>Maps zeroed, page-aligned private anonymous memory. Returns the address, or 0 with <paramref name="errno"/> set.</summary>
    public static nint MapAnonymous(nuint length, out int errno) =>
        Map(length, MapPrivate | MapAnonymousFlag, -1, 0, out errno);

    /// <summary><c>munmap</c>: 0, or a negated errno.</summary>
    public static int Unmap(nint address, nuint length) =>
        MemoryUnmap(address, length) == 0 ? 0 : -Marshal.GetLastPInvokeError();

    /// <summary><c>close</c>: 0, or a negated errno.</summary>
    public static int Close(int descriptor) =>
        CloseDescriptor(descriptor) == 0 ? 0 : -Marshal.GetLastPInvokeError();

    private static int Invoke(long number, long first, long second, long third, long fourth)
    {
        long result = SystemCall(number, first, second, third, fourth, 0, 0);
        return result < 0 ? -Marshal.GetLastPInvokeError() : checked((int)result);
    }

    private static nint Map(nuint length, int flags, int descriptor, long offset, out int errno)
    {
        nint address = MemoryMap(0, length, ProtectionRead | ProtectionWrite, flags, descriptor, offset);
        if (address == MapFailed)
        {
            errno = Marshal.GetLastPInvokeError();
            return 0;
        }

        errno = 0;
        return address;
    }

    // syscall(2) is variadic; on the SysV x86_64 and AAPCS64 Linux ABIs integer variadic arguments travel in
    // the same registers as fixed ones, so a fixed six-argument declaration with 64-bit values is exact.
    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long SystemCall(long number, long first, long second, long third, long fourth, long fifth, long sixth);

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static partial nint MemoryMap(nint address, nuint length, int protection, int flags, int descriptor, long offset);

    [LibraryImport("libc", EntryPoint = "munmap", SetLastError = true)]
    private static partial int MemoryUnmap(nint address, nuint length);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int CloseDescriptor(int descriptor);
}
