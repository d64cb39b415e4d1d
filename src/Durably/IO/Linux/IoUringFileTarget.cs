using System.Globalization;

namespace Durably.IO.Linux;

/// <summary>The file an operation targets: a plain descriptor, or a slot of the ring's registered file table.</summary>
internal readonly record struct IoUringFileTarget
{
    private IoUringFileTarget(int value, bool isRegisteredSlot)
    {
        Value = value;
        IsRegisteredSlot = isRegisteredSlot;
    }

    /// <summary>The descriptor or the slot index.</summary>
    public int Value { get; }

    /// <summary>Whether <see cref="Value"/> is a registered-file slot (IOSQE_FIXED_FILE).</summary>
    public bool IsRegisteredSlot { get; }

    /// <summary>A plain file descriptor.</summary>
    public static IoUringFileTarget Descriptor(int descriptor) => new(descriptor, isRegisteredSlot: false);

    /// <summary>Slot <paramref name="slot"/> of the registered file table.</summary>
    public static IoUringFileTarget RegisteredSlot(int slot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        return new(slot, isRegisteredSlot: true);
    }

    /// <inheritdoc />
    public override string ToString() => IsRegisteredSlot
        ? "registered file " + Value.ToString(CultureInfo.InvariantCulture)
        : "fd " + Value.ToString(CultureInfo.InvariantCulture);
}
