using System.Net;
using System.Text.RegularExpressions;
using FunctionsMcp.Mcp.Tests.Authorization;
using FunctionsMcp.OAuth.Settings;
using FunctionsMcp.Tests.Common;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsMcp.Mcp.Tests.Settings;

/// <summary>
/// The session cookie when the public URL is https: behind the Functions proxy the request arrives over http, so the
/// cookie follows the public URL. Cookies are handled by hand here (a client cookie jar keeps Secure cookies off http).
/// </summary>
public sealed partial class SettingsCookieTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private McpTestServer _server = null!;
    private HttpClient _http = null!;
    private TestTenant _tenant = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = SignInServer.StartServer(azurite, new ManualTimeProvider(DateTimeOffset.UtcNow), new Dictionary<string, string?> { ["Server:BaseUrl"] = "https://localhost" }, null);
        _tenant = await _server.CreateTenantAsync();
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(_server.BaseUrl) };
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string cookies, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (cookies.Length > 0)
            request.Headers.Add("Cookie", cookies);
        return await _http.SendAsync(request, Cancel);
    }

    private static string Pair(string setCookie) => setCookie.Split(';')[0];

    /// <summary>Signs in to the settings pages; returns the session's Set-Cookie and the browser-binding cookie sent with it.</summary>
    private async Task<(string SessionCookie, string Browser)> SignInAsync()
    {
        using HttpResponseMessage start = await SendAsync(HttpMethod.Get, "/settings/mcp", string.Empty);
        string browser = Pair(start.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-fmcp_browser=", StringComparison.Ordinal)));
        string signIn = start.Headers.Location!.OriginalString;
        using HttpResponseMessage page = await SendAsync(HttpMethod.Get, signIn, browser);
        (string action, List<KeyValuePair<string, string>> fields) = OAuthBrowser.ReadForm(await page.Content.ReadAsStringAsync(Cancel));
        fields.RemoveAll(f => f.Key == "user");
        fields.Add(new("user", $"{_tenant.OrganizationId}/{TestTenant.Coordinator}"));
        using HttpResponseMessage signedIn = await SendAsync(HttpMethod.Post, action, browser, new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return (signedIn.Headers.GetValues("Set-Cookie").Single(), browser);
    }

    [Fact]
    public async Task TheSessionCookie_IsHostPrefixedSecureHttpOnlyLax_AndEndsWithTheBrowser()
    {
        (string cookie, _) = await SignInAsync();

        Assert.Matches("^__Host-fmcp_settings=fmss_[A-Za-z0-9_-]{43}; ", cookie);
        string[] attributes = [.. cookie.Split(';').Skip(1).Select(a => a.Trim().ToLowerInvariant())];
        Assert.Equal(["httponly", "path=/", "samesite=lax", "secure"], attributes.Order());
    }

    [Fact]
    public async Task OnHttps_OnlyTheHostPrefixedCookieIsASession()
    {
        (string cookie, _) = await SignInAsync();
        string secret = Pair(cookie)["__Host-fmcp_settings=".Length..];

        using HttpResponseMessage hostPrefixed = await SendAsync(HttpMethod.Get, "/settings/mcp", $"__Host-fmcp_settings={secret}");
        using HttpResponseMessage plain = await SendAsync(HttpMethod.Get, "/settings/mcp", $"fmcp_settings={secret}");

        Assert.Equal(HttpStatusCode.OK, hostPrefixed.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, plain.StatusCode);
    }

    [Fact]
    public async Task TheCookieHoldsARandomSecret_StorageOnlyItsHash()
    {
        (string cookie, _) = await SignInAsync();
        string secret = Pair(cookie)["__Host-fmcp_settings=".Length..];
        ISettingsSessionStore store = _server.Services.GetRequiredService<ISettingsSessionStore>();

        Assert.Null(await store.GetAsync(secret, Cancel));
        SettingsSession? session = await store.GetAsync(OAuth.Tokens.OpaqueSecret.Hash(secret), Cancel);
        Assert.Equal((_tenant.OrganizationId, TestTenant.Coordinator), (session?.OrganizationId, session?.UserId));
    }

    [Fact]
    public async Task SigningOut_TellsTheBrowserToDropTheCookie()
    {
        (string cookie, _) = await SignInAsync();
        string session = Pair(cookie);
        using HttpResponseMessage page = await SendAsync(HttpMethod.Get, "/settings/mcp", session);
        string csrf = SettingsBrowser.Csrf(await page.Content.ReadAsStringAsync(Cancel));

        using HttpResponseMessage signedOut = await SendAsync(HttpMethod.Post, "/settings/signout", session, new FormUrlEncodedContent([new("csrf", csrf)]));

        string dropped = signedOut.Headers.GetValues("Set-Cookie").Single();
        Assert.StartsWith("__Host-fmcp_settings=;", dropped, StringComparison.Ordinal);
        Assert.Matches(ExpiredInThePast(), dropped);
    }

    [GeneratedRegex("expires=Thu, 01 Jan 1970", RegexOptions.IgnoreCase)]
    private static partial Regex ExpiredInThePast();
}
