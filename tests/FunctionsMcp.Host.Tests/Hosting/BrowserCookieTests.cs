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

    [Fact]
    public async Task APlainNamedBrowserCookie_IsIgnored_WhenThePublicUrlIsHttps()
    {
        await using var factory = new HostFactory(HostFactory.Settings(azurite.ConnectionString));
        using HttpClient client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using HttpResponseMessage registered = await client.PostAsync("/register",
            new StringContent("""{"redirect_uris":["https://app.example.org/callback"]}""", Encoding.UTF8, "application/json"), Cancel);
        string clientId = JsonNode.Parse(await registered.Content.ReadAsStringAsync(Cancel))!["client_id"]!.GetValue<string>();
        using var authorize = new HttpRequestMessage(HttpMethod.Get,
            $"/authorize?response_type=code&client_id={clientId}&redirect_uri=https%3A%2F%2Fapp.example.org%2Fcallback&code_challenge={new string('a', 43)}&code_challenge_method=S256");
        // A neighbouring site can plant a cookie without the __Host- prefix for our host; it must not bind this browser.
        authorize.Headers.Add("Cookie", "fmcp_browser=b_planted-by-a-neighbour");

        using HttpResponseMessage response = await client.SendAsync(authorize, Cancel);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        string cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("__Host-fmcp_browser=", cookie, StringComparison.Ordinal);
        Assert.DoesNotContain("planted", cookie, StringComparison.Ordinal);
    }
}
