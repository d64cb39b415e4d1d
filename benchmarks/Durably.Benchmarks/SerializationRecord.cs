namespace Durably.Benchmarks;

/// <summary>An operation record as the generator will emit it: the arguments of one operation call.</summary>
public sealed class SerializationRecord
{
    public string Account { get; set; } = string.Empty;

    public decimal Amount { get; set; }

    public Guid OperationId { get; set; }

    public int Sequence { get; set; }

    public DateTime At { get; set; }

    public static SerializationRecord Sample(int index) => new()
    {
        Account = "account-" + index.ToString("D4", System.Globalization.CultureInfo.InvariantCulture),
        Amount = 1234.56m + index,
        OperationId = new Guid(index, 0x5f3a, 0x4e1b, 0x9c, 0x7d, 0x2a, 0x8f, 0x4e, 0x6b, 0x1c, 0x3d),
        Sequence = 1_000_000 + index,
        At = new DateTime(2026, 11, 22, 2, 18, 24, DateTimeKind.Utc).AddTicks(1_234_567 + index),
    };
}
