using System.Globalization;

namespace LedgerSample;

/// <summary>The first line of <c>check</c>'s output, parsed.</summary>
internal sealed record CheckReport(int Accounts, decimal Total, int Transfers, long Sequence)
{
    public static CheckReport Parse(string line)
    {
        Dictionary<string, string> fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
        return new CheckReport(
            int.Parse(fields["accounts"], CultureInfo.InvariantCulture),
            decimal.Parse(fields["total"], CultureInfo.InvariantCulture),
            int.Parse(fields["transfers"], CultureInfo.InvariantCulture),
            long.Parse(fields["sequence"], CultureInfo.InvariantCulture));
    }
}
