using FunctionsMcp.OAuth.AccessKeys;
using FunctionsMcp.OAuth.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FunctionsMcp.OAuth;

/// <summary>Registers credentials: access keys now, OAuth tokens later. Stores come from the storage project.</summary>
public static class OAuthExtensions
{
    public static IServiceCollection AddCredentials(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AccessKeyService>();
        services.AddSingleton<ICredentialAuthenticator>(sp => sp.GetRequiredService<AccessKeyService>());
        return services;
    }
}
