using Microsoft.Identity.Client;

namespace FunctionsMcp.OAuth.Authorization.Entra;

/// <summary>
/// The one HTTP client that reaches Entra, handed to MSAL (<see cref="IMsalHttpClientFactory"/>) and to Microsoft.Identity.Web's
/// issuer validator (<see cref="IHttpClientFactory"/>). Ours because neither library offers a single seam for both: tests
/// replace this one instance to point every Entra call at a local provider with its own certificate.
/// </summary>
public sealed class EntraHttp(HttpClient client) : IMsalHttpClientFactory, IHttpClientFactory
{
    /// <summary>The name the issuer validator asks the factory for (<c>AadIssuerValidatorOptions.HttpClientName</c>).</summary>
    public const string Name = "Entra";

    public HttpClient Client { get; } = client;

    public HttpClient GetHttpClient() => Client;

    public HttpClient CreateClient(string name) => Client;
}
