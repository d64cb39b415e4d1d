using System.Diagnostics.CodeAnalysis;
using Durably;
using Durably.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <c>[DurableState]</c> classes with a host.</summary>
public static class DurableStateServiceCollectionExtensions
{
    /// <summary>
    /// Registers <typeparamref name="T"/> as a singleton that is opened (its log recovered) when the
    /// host starts — startup fails with the reason if recovery refuses — and disposed when it stops;
    /// its log reports through the container's <see cref="ILogger"/>; a health check named
    /// <c>durably:TypeName</c> reports a faulted (Unhealthy) or full (Degraded) log.
    /// </summary>
    /// <typeparam name="T">The <c>[DurableState]</c> class.</typeparam>
    /// <param name="services">The container.</param>
    /// <param name="configure">Sets the log's directories and options.</param>
    /// <returns>The container.</returns>
    public static IServiceCollection AddDurableState<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods | DynamicallyAccessedMemberTypes.PublicProperties)] T>(
        this IServiceCollection services,
        Action<DurableOptions> configure)
        where T : class, IAsyncDisposable
    {
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddDurableState<T>((_, options) => configure(options));
    }

    /// <summary>As <see cref="AddDurableState{T}(IServiceCollection, Action{DurableOptions})"/>, with the container at hand (configuration, environment).</summary>
    /// <typeparam name="T">The <c>[DurableState]</c> class.</typeparam>
    /// <param name="services">The container.</param>
    /// <param name="configure">Sets the log's directories and options.</param>
    /// <returns>The container.</returns>
    public static IServiceCollection AddDurableState<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods | DynamicallyAccessedMemberTypes.PublicProperties)] T>(
        this IServiceCollection services,
        Action<IServiceProvider, DurableOptions> configure)
        where T : class, IAsyncDisposable
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        DurableStateAccessors<T>.EnsureDurableState();

        services.TryAddSingleton(provider =>
        {
            var options = new DurableOptions();
            configure(provider, options);
            return new DurableStateHost<T>(options, provider.GetService<ILogger<DurableStateHost<T>>>() ?? NullLogger<DurableStateHost<T>>.Instance);
        });
        services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<DurableStateHost<T>>());
        services.TryAddSingleton(provider => provider.GetRequiredService<DurableStateHost<T>>().Instance);
        services.AddHealthChecks().AddCheck<DurableStateHealthCheck<T>>("durably:" + typeof(T).Name);
        return services;
    }
}
