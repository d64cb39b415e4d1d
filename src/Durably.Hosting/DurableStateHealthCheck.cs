using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Durably.Hosting;

/// <summary>
/// Reports a <c>[DurableState]</c>'s log: Unhealthy when it is not open or has faulted (operations
/// fail until the process reopens it), Degraded when it is full (operations are refused, reads
/// work: the state is read-only until space is freed), Healthy otherwise.
/// </summary>
/// <typeparam name="T">The <c>[DurableState]</c> class.</typeparam>
public sealed class DurableStateHealthCheck<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods | DynamicallyAccessedMemberTypes.PublicProperties)] T> : IHealthCheck
    where T : class, IAsyncDisposable
{
    private readonly DurableStateHost<T> _host;

    /// <summary>Creates the check of one state.</summary>
    /// <param name="host">The state's host.</param>
    public DurableStateHealthCheck(DurableStateHost<T> host)
    {
        ArgumentNullException.ThrowIfNull(host);
        _host = host;
    }

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (_host.Status is not { } status)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"{typeof(T).Name} is not open."));
        }

        var data = new Dictionary<string, object>
        {
            ["lastAppliedSequence"] = status.LastAppliedSequence,
            ["logId"] = status.Log.LogId,
            ["engine"] = status.Log.EngineName,
            ["segments"] = status.Log.SegmentCount,
        };
        if (status.IsFaulted || status.Log.IsFaulted)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(
                $"{typeof(T).Name}'s log faulted and accepts no operations until the process reopens it: {status.Log.FaultReason ?? status.Fault?.Message}",
                data: data));
        }

        if (status.Log.IsFull)
        {
            return Task.FromResult(HealthCheckResult.Degraded(
                $"{typeof(T).Name}'s log is full: operations are refused (reads work) until space is freed: {status.Log.FullReason}",
                data: data));
        }

        return Task.FromResult(HealthCheckResult.Healthy(
            string.Create(CultureInfo.InvariantCulture, $"{typeof(T).Name}: last applied sequence {status.LastAppliedSequence}."),
            data));
    }
}
