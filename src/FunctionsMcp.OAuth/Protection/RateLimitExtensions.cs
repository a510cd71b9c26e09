using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.OAuth.Protection;

/// <summary>Registers the request limits; the shared counter (<see cref="IRateLimitCounter"/>) comes from the storage project.</summary>
public static class RateLimitExtensions
{
    /// <summary>Adds the <c>RateLimits</c> settings (validated at start-up), the limiter, and the hand-back of unused blocks when the app stops.</summary>
    public static IServiceCollection AddRateLimits(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>());
        services.TryAddSingleton<RateLimiter>();
        services.AddHostedService<RateLimitHandBack>();
        return services;
    }
}
