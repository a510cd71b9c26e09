using Microsoft.Identity.Client;

namespace FunctionsMcp.OAuth.Authorization.Entra;

/// <summary>The HTTP client MSAL and the OpenID metadata reader use to reach Entra (tests point it at a local provider).</summary>
public sealed class EntraHttp(HttpClient client) : IMsalHttpClientFactory
{
    public HttpClient Client { get; } = client;

    public HttpClient GetHttpClient() => Client;
}

/// <summary>
/// The app's federated credential towards Entra: a token of its user-assigned managed identity for the token exchange
/// audience (<c>api://AzureADTokenExchange</c>). Used when <c>Entra:ManagedIdentityClientId</c> is set; no secret exists.
/// </summary>
public class EntraClientAssertion(Microsoft.Extensions.Options.IOptions<EntraOptions> options)
{
    public virtual async Task<string> GetAsync(CancellationToken cancellationToken)
    {
        var identity = new Azure.Identity.ManagedIdentityCredential(Azure.Identity.ManagedIdentityId.FromUserAssignedClientId(options.Value.ManagedIdentityClientId));
        return (await identity.GetTokenAsync(new Azure.Core.TokenRequestContext(["api://AzureADTokenExchange/.default"]), cancellationToken)).Token;
    }
}
