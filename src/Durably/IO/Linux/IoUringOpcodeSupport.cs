namespace Durably.IO.Linux;

/// <summary>Which opcodes the running kernel supports, from IORING_REGISTER_PROBE.</summary>
internal sealed class IoUringOpcodeSupport
{
    private readonly bool[] _supported;

    /// <summary>Wraps a probe result.</summary>
    /// <param name="lastOpcode">The highest opcode the kernel knows.</param>
    /// <param name="supported">Indexed by opcode: whether IO_URING_OP_SUPPORTED was set.</param>
    public IoUringOpcodeSupport(byte lastOpcode, bool[] supported)
    {
        ArgumentNullException.ThrowIfNull(supported);
        LastOpcode = lastOpcode;
        _supported = supported;
    }

    /// <summary>The opcodes the log's engine cannot work without.</summary>
    public static IReadOnlyList<IoUringOpcode> RequiredByLog { get; } =
        [IoUringOpcode.Nop, IoUringOpcode.WriteFixed, IoUringOpcode.ReadFixed, IoUringOpcode.Fsync];

    /// <summary>The highest opcode the kernel knows (not necessarily supported).</summary>
    public byte LastOpcode { get; }

    /// <summary>Whether the kernel supports <paramref name="opcode"/>.</summary>
    public bool Supports(IoUringOpcode opcode) => (int)opcode < _supported.Length && _supported[(int)opcode];

    /// <summary>The opcodes of <paramref name="required"/> the kernel lacks (empty when all are there).</summary>
    public IReadOnlyList<IoUringOpcode> Missing(IReadOnlyList<IoUringOpcode> required)
    {
        ArgumentNullException.ThrowIfNull(required);
        return required.Where(opcode => !Supports(opcode)).ToArray();
    }
}
