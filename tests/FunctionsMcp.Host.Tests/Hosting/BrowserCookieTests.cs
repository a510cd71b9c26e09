using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Host.Tests.Hosting;

/// <summary>Behind the Functions proxy requests arrive over http; the sign-in cookie follows the public https URL, not the request.</summary>
public sealed class BrowserCookieTests(AzuriteFixture azurite)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheBrowserCookie_IsHostPrefixedSecureAndHttpOnly_WhenThePublicUrlIsHttps()
    {
        await using var factory = new HostFactory(HostFactory.Settings(azurite.ConnectionString));
        using HttpClient client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using HttpResponseMessage registered = await client.PostAsync("/register",
            new StringContent("""{"redirect_uris":["https://app.example.org/callback"]}""", Encoding.UTF8, "application/json"), Cancel);
        string clientId = JsonNode.Parse(await registered.Content.ReadAsStringAsync(Cancel))!["client_id"]!.GetValue<string>();

        using HttpResponseMessage authorize = await client.GetAsync(
            $"/authorize?response_type=code&client_id={clientId}&redirect_uri=https%3A%2F%2Fapp.example.org%2Fcallback&code_challenge={new string('a', 43)}&code_challenge_method=S256", Cancel);

        Assert.Equal(HttpStatusCode.Redirect, authorize.StatusCode);
        string cookie = Assert.Single(authorize.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("__Host-fmcp_browser=", cookie, StringComparison.Ordinal);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
    }
}
