using System.Diagnostics.CodeAnalysis;
using Durably;
using Durably.Hosting;
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
    /// <c>durably:TypeName</c> reports a faulted (Unhealthy) or full (Degraded) log (named
    /// <c>durably:Namespace.TypeName</c> when another registered state has the same simple name).
    /// </summary>
    /// <remarks>
    /// One registration per type: a second call for the same <typeparamref name="T"/> throws
    /// <see cref="InvalidOperationException"/>, since one log has one owner and two sets of options for
    /// it would leave one of them silently ignored. A second log needs a second <c>[DurableState]</c> type.
    /// So does a <typeparamref name="T"/> already registered some other way: the container would hand
    /// that out instead of the instance the host opens.
    /// </remarks>
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
    /// <remarks>A second call for the same <typeparamref name="T"/> (through either overload) throws <see cref="InvalidOperationException"/>.</remarks>
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
        if (services.Any(d => d.ServiceType == typeof(DurableStateHost<T>)))
        {
            throw new InvalidOperationException(
                $"AddDurableState<{typeof(T).Name}>() was called twice for {typeof(T).FullName}. A [DurableState] type is registered once: "
                + "its log has one owner, and a second set of options would be ignored. Remove the second call "
                + "(configure everything in one), or declare a second [DurableState] type for a second log.");
        }

        if (services.Any(d => d.ServiceType == typeof(T)))
        {
            // The container would hand out that registration, not the instance the host opened and closes.
            throw new InvalidOperationException(
                $"{typeof(T).FullName} is already registered in the container; AddDurableState<{typeof(T).Name}>() registers it as the instance "
                + "the host opens and closes. Remove the other registration.");
        }

        // Two states of the same simple name in different namespaces get distinct check names
        // (two checks of one name make every health check run fail).
        bool nameTaken = services.Any(d => d.ServiceType.IsGenericType
            && d.ServiceType.GetGenericTypeDefinition() == typeof(DurableStateHost<>)
            && d.ServiceType.GetGenericArguments()[0].Name == typeof(T).Name);
        string checkName = "durably:" + (nameTaken ? typeof(T).FullName : typeof(T).Name);

        services.AddSingleton(provider =>
        {
            var options = new DurableOptions();
            configure(provider, options);
            return new DurableStateHost<T>(options, provider.GetService<ILogger<DurableStateHost<T>>>() ?? NullLogger<DurableStateHost<T>>.Instance);
        });
        services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<DurableStateHost<T>>());
        services.AddSingleton(provider => provider.GetRequiredService<DurableStateHost<T>>().Instance);
        services.AddHealthChecks().AddCheck<DurableStateHealthCheck<T>>(checkName);
        return services;
    }
}
