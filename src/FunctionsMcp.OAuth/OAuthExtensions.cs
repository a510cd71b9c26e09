using Azure.Core;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using FunctionsMcp.OAuth.AccessKeys;
using FunctionsMcp.OAuth.Authorization;
using FunctionsMcp.OAuth.Authorization.Entra;
using FunctionsMcp.OAuth.Clients;
using FunctionsMcp.OAuth.Grants;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.OAuth.Protection;
using FunctionsMcp.OAuth.Settings;
using FunctionsMcp.OAuth.Telemetry;
using FunctionsMcp.OAuth.Tokens;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Identity.Web;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.OAuth;

/// <summary>Registers credentials: access keys and our OAuth access tokens, with their signing keys. Stores come from the storage project.</summary>
public static class OAuthExtensions
{
    public static IServiceCollection AddCredentials(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddFunctionsMcpMetrics();
        services.AddOptions<IdentityCacheOptions>().BindConfiguration(IdentityCacheOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IdentityCacheOptions>, IdentityCacheOptionsValidator>());
        services.TryAddSingleton<IdentityCache>();
        services.TryAddSingleton<AccessKeyService>();
        services.AddSingleton<ICredentialAuthenticator>(sp => sp.GetRequiredService<AccessKeyService>());
        services.AddRateLimits();

        services.AddOptions<OAuthOptions>().BindConfiguration(OAuthOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OAuthOptions>, OAuthOptionsValidator>());
        services.AddOptions<KeyVaultOptions>().BindConfiguration(KeyVaultOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KeyVaultOptions>, KeyVaultOptionsValidator>());
        services.TryAddSingleton(SigningKeyStore);
        services.TryAddSingleton<SigningKeys>();
        services.TryAddSingleton<AccessTokenService>();
        services.AddSingleton<ICredentialAuthenticator>(sp => sp.GetRequiredService<AccessTokenService>());

        services.AddOptions<OAuthClientOptions>().BindConfiguration(OAuthClientOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OAuthClientOptions>, OAuthClientOptionsValidator>());
        services.TryAddSingleton<RedirectUriPolicy>();
        services.TryAddSingleton(sp => new PublicDocumentFetcher(
            new HttpClient(PublicDocumentFetcher.Handler(AddressRules.IsPublic)) { Timeout = TimeSpan.FromSeconds(10), MaxResponseContentBufferSize = PublicDocumentFetcher.MaxBytes },
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ClientMetadataDocuments>();
        services.TryAddSingleton<ClientKeys>();
        services.TryAddSingleton<GrantService>();
        services.TryAddSingleton<ClientRegistry>();
        services.TryAddSingleton<StatePruning>();
        return services;
    }

    /// <summary>Adds what the authorization server's pages need beyond <see cref="AddCredentials"/>: sign-in, the flow and the settings pages (web host only).</summary>
    public static IServiceCollection AddAuthorizationServer(this IServiceCollection services)
    {
        services.AddCredentials();
        services.AddOptions<SignInOptions>().BindConfiguration(SignInOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SignInOptions>, SignInOptionsValidator>());
        services.TryAddSingleton<AuthorizationFlow>();
        services.TryAddSingleton<SettingsSessions>();
        services.TryAddSingleton<ClientAssertions>();
        services.AddOptions<EntraOptions>().BindConfiguration(EntraOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EntraOptions>, EntraOptionsValidator>());
        services.TryAddSingleton(_ => new EntraHttp(new HttpClient { Timeout = TimeSpan.FromSeconds(30) }));
        services.TryAddSingleton(EntraClientAssertion);
        services.TryAddSingleton<EntraIdTokenValidator>();
        services.TryAddSingleton<EntraSignIn>();
        services.AddHealthChecks()
            .AddCheck<SigningKeysHealthCheck>("signing-keys")
            .AddCheck<SignInHealthCheck>("sign-in");
        return services;
    }

    /// <summary>
    /// The app's federated credential towards Entra: a token of its user-assigned managed identity (<c>Entra:ManagedIdentityClientId</c>)
    /// for the token exchange audience that infra's federated identity credential trusts. No secret exists. Only asked for when that
    /// setting is present; otherwise the app proves itself with <c>Entra:ClientSecret</c>.
    /// </summary>
    private static ClientAssertionProviderBase EntraClientAssertion(IServiceProvider services) => new ManagedIdentityClientAssertion(
        services.GetRequiredService<IOptions<EntraOptions>>().Value.ManagedIdentityClientId,
        EntraOptions.TokenExchangeAudience,
        services.GetRequiredService<ILogger<ManagedIdentityClientAssertion>>());

    /// <summary>Key Vault when <c>KeyVault:Uri</c> is set (Azure), otherwise the local key file (relative to the content root, or to the working directory for the CLI).</summary>
    private static ISigningKeyStore SigningKeyStore(IServiceProvider services)
    {
        KeyVaultOptions vault = services.GetRequiredService<IOptions<KeyVaultOptions>>().Value;
        OAuthOptions oauth = services.GetRequiredService<IOptions<OAuthOptions>>().Value;
        if (string.IsNullOrWhiteSpace(vault.Uri))
            return new FileSigningKeyStore(Path.Combine(services.GetService<IHostEnvironment>()?.ContentRootPath ?? Directory.GetCurrentDirectory(), oauth.SigningKeyFile));

        TokenCredential credential = string.IsNullOrWhiteSpace(vault.ManagedIdentityClientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(vault.ManagedIdentityClientId));
        return new KeyVaultSigningKeyStore(new SecretClient(new Uri(vault.Uri), credential), oauth.SigningKeySecretName);
    }
}
