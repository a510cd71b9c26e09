using Microsoft.Identity.Client;

namespace FunctionsMcp.OAuth.Authorization.Entra;

/// <summary>The HTTP client MSAL and the OpenID metadata reader use to reach Entra (tests point it at a local provider).</summary>
public sealed class EntraHttp(HttpClient client) : IMsalHttpClientFactory
{
    public HttpClient Client { get; } = client;

    public HttpClient GetHttpClient() => Client;
}
