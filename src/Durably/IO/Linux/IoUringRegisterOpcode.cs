namespace Durably.IO.Linux;

/// <summary>The <c>io_uring_register</c> opcodes Durably uses.</summary>
internal enum IoUringRegisterOpcode : uint
{
    /// <summary><c>IORING_REGISTER_BUFFERS</c>: pin an iovec array of buffers for READ_FIXED/WRITE_FIXED.</summary>
    RegisterBuffers = 0,

    /// <summary><c>IORING_UNREGISTER_BUFFERS</c>.</summary>
    UnregisterBuffers = 1,

    /// <summary><c>IORING_REGISTER_FILES</c>: an int array of descriptors (-1 = empty slot).</summary>
    RegisterFiles = 2,

    /// <summary><c>IORING_UNREGISTER_FILES</c>.</summary>
    UnregisterFiles = 3,

    /// <summary><c>IORING_REGISTER_FILES_UPDATE</c>: replace slots from an <c>io_uring_rsrc_update</c> (5.5).</summary>
    RegisterFilesUpdate = 6,

    /// <summary><c>IORING_REGISTER_PROBE</c>: which opcodes this kernel supports (5.6).</summary>
    RegisterProbe = 8,

    /// <summary><c>IORING_REGISTER_ENABLE_RINGS</c>: start a ring created with IORING_SETUP_R_DISABLED (5.10).</summary>
    EnableRings = 12,
}
