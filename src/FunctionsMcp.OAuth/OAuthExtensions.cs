using FunctionsMcp.OAuth.AccessKeys;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.OAuth.Protection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.OAuth;

/// <summary>Registers credentials: access keys now, OAuth tokens later. Stores come from the storage project.</summary>
public static class OAuthExtensions
{
    public static IServiceCollection AddCredentials(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AccessKeyService>();
        services.AddSingleton<ICredentialAuthenticator>(sp => sp.GetRequiredService<AccessKeyService>());
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>());
        services.TryAddSingleton<RateLimiter>();
        return services;
    }
}
