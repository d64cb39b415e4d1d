using System.Collections.Concurrent;

namespace Durably.Storage.Tests.Campaign;

/// <summary>Runs a range of campaign seeds on all cores and sums their reports.</summary>
internal static class CampaignRunner
{
    /// <summary>
    /// Runs seeds [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>).
    /// Throws the first <see cref="CampaignFailure"/> (naming its seed) after all seeds ran.
    /// </summary>
    internal static CampaignReport Run(int start, int count, Action<CampaignReport>? progress = null)
    {
        var total = new CampaignReport();
        var failures = new ConcurrentBag<CampaignFailure>();
        object gate = new();
        int done = 0;
        Parallel.For(
            start,
            start + count,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            seed =>
            {
                try
                {
                    CampaignReport report = FaultCampaign.Run(seed);
                    lock (gate)
                    {
                        total.Add(report);
                        if (++done % 10_000 == 0)
                        {
                            progress?.Invoke(total);
                        }
                    }
                }
                catch (CampaignFailure failure)
                {
                    failures.Add(failure);
                }
            });

        if (!failures.IsEmpty)
        {
            throw failures.OrderBy(f => f.Message, StringComparer.Ordinal).First();
        }

        return total;
    }
}
