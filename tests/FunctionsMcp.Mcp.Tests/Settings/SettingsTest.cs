using System.Net;
using System.Text.RegularExpressions;
using FunctionsMcp.Mcp.Tests.Authorization;
using FunctionsMcp.OAuth.AccessKeys;
using FunctionsMcp.OAuth.Grants;
using FunctionsMcp.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using static FunctionsMcp.Mcp.Tests.McpRequests;

namespace FunctionsMcp.Mcp.Tests.Settings;

/// <summary>
/// What a settings test starts from: the app with the development sign-in on a clock the test moves, against Azurite, a
/// tenant with a user of each role, and a browser; plus the steps the tests share (sign in, create a key on the page, call /mcp).
/// </summary>
public abstract partial class SettingsTest(AzuriteFixture azurite) : IAsyncLifetime
{
    private SignInServer _flow = null!;
    private readonly List<SettingsBrowser> _browsers = [];

    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    protected AzuriteFixture Azurite => azurite;

    protected McpTestServer Server => _flow.Server;

    protected TestTenant Tenant => _flow.Tenant;

    protected ManualTimeProvider Time => _flow.Time;

    /// <summary>The first browser (each test may open more).</summary>
    protected SettingsBrowser Browser { get; private set; } = null!;

    protected string Coordinator => $"{Tenant.OrganizationId}/{TestTenant.Coordinator}";

    protected string Worker => $"{Tenant.OrganizationId}/{TestTenant.Worker}";

    protected string Admin => $"{Tenant.OrganizationId}/{TestTenant.Admin}";

    protected AccessKeyService Keys => Server.Services.GetRequiredService<AccessKeyService>();

    protected GrantService Grants => Server.Services.GetRequiredService<GrantService>();

    public async ValueTask InitializeAsync()
    {
        _flow = await SignInServer.StartAsync(azurite);
        Browser = NewBrowser();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (SettingsBrowser browser in _browsers)
            browser.Dispose();
        await _flow.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected SettingsBrowser NewBrowser()
    {
        var browser = new SettingsBrowser(Server.BaseUrl);
        _browsers.Add(browser);
        return browser;
    }

    /// <summary>A browser signed in to Settings → AI &amp; MCP as <paramref name="user"/>, and the page it shows.</summary>
    protected async Task<(SettingsBrowser Browser, string Page)> SignedInAsync(string user)
    {
        SettingsBrowser browser = NewBrowser();
        return (browser, await browser.OpenAsync("/settings/mcp", user));
    }

    /// <summary>The status /mcp answers <c>tools/list</c> with <paramref name="bearer"/> (none when null).</summary>
    protected async Task<HttpStatusCode> McpStatusAsync(string? bearer)
    {
        using HttpResponseMessage response = await Server.Http.SendAsync(LegacyCall(bearer, "tools/list"), Cancel);
        return response.StatusCode;
    }

    /// <summary>Creates a key with the page's form (its default choices, overridden by <paramref name="overrides"/>); returns the answer.</summary>
    protected static async Task<(HttpResponseMessage Response, string Html)> CreateKeyAsync(SettingsBrowser browser, string page, string name, Dictionary<string, string[]>? overrides = null)
    {
        var fields = new Dictionary<string, string[]>(overrides ?? new Dictionary<string, string[]>()) { ["name"] = [name] };
        HttpResponseMessage response = await browser.SubmitAsync(page, "/settings/mcp/keys/create", overrides: fields);
        return (response, await response.Content.ReadAsStringAsync(Cancel));
    }

    /// <summary>The key shown on the page that answered its creation.</summary>
    protected static string ShownKey(string html) => KeyPattern().Match(html).Value is { Length: > 0 } key ? key : throw new InvalidOperationException("No key on the page.");

    /// <summary>Connects a test app through the whole OAuth flow in <paramref name="browser"/> as <paramref name="user"/>; returns the grant and its access token.</summary>
    protected async Task<(Grant Grant, string AccessToken, string RefreshToken, string ClientId)> ConnectAppAsync(SettingsBrowser browser, string user, string name = "Test client")
    {
        string clientId = await browser.OAuth.RegisterAsync(name: name);
        (string verifier, string challenge) = OAuthBrowser.Pkce();
        Uri callback = await browser.OAuth.WalkAsync(OAuthBrowser.AuthorizeUrl(clientId, challenge, "participants:read"), user);
        string code = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(callback.Query)["code"].ToString();
        System.Text.Json.Nodes.JsonNode tokens = await browser.OAuth.TokenAsync(new()
        {
            ["grant_type"] = "authorization_code", ["client_id"] = clientId, ["code"] = code, ["code_verifier"] = verifier,
            ["redirect_uri"] = OAuthBrowser.Callback, ["resource"] = Server.McpUrl,
        });
        string[] parts = user.Split('/');
        Grant grant = (await Grants.ListAsync(parts[0], parts[1], Cancel)).First(g => g.ClientId == clientId);
        return (grant, tokens["access_token"]!.GetValue<string>(), tokens["refresh_token"]!.GetValue<string>(), clientId);
    }

    [GeneratedRegex("fmcp_[a-z2-7]{20}_[A-Za-z0-9_-]{43}")]
    protected static partial Regex KeyPattern();
}
