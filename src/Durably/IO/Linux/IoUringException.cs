namespace Durably.IO.Linux;

/// <summary>A ring system call failed; <see cref="Errno"/> says how.</summary>
internal class IoUringException : IOException
{
    /// <summary>Creates the exception for a failed call.</summary>
    /// <param name="message">What failed, naming the errno.</param>
    /// <param name="errno">The positive errno the kernel returned (0 when none applies).</param>
    public IoUringException(string message, int errno)
        : base(message) => Errno = errno;

    /// <summary>The positive errno, or 0.</summary>
    public int Errno { get; }
}
