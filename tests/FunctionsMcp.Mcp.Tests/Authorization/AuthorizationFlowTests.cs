using System.Net;
using System.Text.Json.Nodes;
using FunctionsMcp.OAuth.Clients;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.Tests.Common;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using static FunctionsMcp.Mcp.Tests.McpRequests;

namespace FunctionsMcp.Mcp.Tests.Authorization;

/// <summary>The authorization code flow with the development sign-in, walked through real HTTP as a browser and a client would.</summary>
public sealed class AuthorizationFlowTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly ManualTimeProvider _time = new(DateTimeOffset.UtcNow);
    private McpTestServer _server = null!;
    private TestTenant _tenant = null!;
    private OAuthBrowser _browser = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private string User => $"{_tenant.OrganizationId}/{TestTenant.Coordinator}";

    public async ValueTask InitializeAsync()
    {
        _server = McpTestServer.Start(azurite, new Dictionary<string, string?> { ["SignIn:Mode"] = "Development" },
            services: s => s.AddSingleton<TimeProvider>(_time), environment: "Development");
        _tenant = await _server.CreateTenantAsync();
        _browser = new OAuthBrowser(_server.BaseUrl);
    }

    public async ValueTask DisposeAsync()
    {
        _browser.Dispose();
        await _server.DisposeAsync();
    }

    private async Task<(string ClientId, string Verifier, Uri Callback)> AuthorizeAsync(string? scope = "participants:read participants:write", Dictionary<string, string[]>? consent = null)
    {
        string clientId = await _browser.RegisterAsync();
        (string verifier, string challenge) = OAuthBrowser.Pkce();
        Uri callback = await _browser.WalkAsync(OAuthBrowser.AuthorizeUrl(clientId, challenge, scope), User, consent);
        return (clientId, verifier, callback);
    }

    private static Dictionary<string, string?> Query(Uri uri) => QueryHelpers.ParseQuery(uri.Query).ToDictionary(p => p.Key, p => (string?)p.Value.ToString());

    private Task<JsonNode> ExchangeAsync(string clientId, string code, string verifier, HttpStatusCode expected = HttpStatusCode.OK) =>
        _browser.TokenAsync(new()
        {
            ["grant_type"] = "authorization_code", ["client_id"] = clientId, ["code"] = code, ["code_verifier"] = verifier,
            ["redirect_uri"] = OAuthBrowser.Callback, ["resource"] = _server.McpUrl,
        }, expected);

    private Task<JsonNode> RefreshAsync(string clientId, string refreshToken, HttpStatusCode expected = HttpStatusCode.OK) =>
        _browser.TokenAsync(new() { ["grant_type"] = "refresh_token", ["client_id"] = clientId, ["refresh_token"] = refreshToken, ["resource"] = _server.McpUrl }, expected);

    private async Task<HttpStatusCode> McpStatusAsync(string accessToken)
    {
        using HttpResponseMessage response = await _server.Http.SendAsync(LegacyCall(accessToken, "tools/list"), Cancel);
        return response.StatusCode;
    }

    [Fact]
    public async Task TheWholeFlow_GivesTokensForWhatThePersonAllowed_AndTheyWorkAtMcp()
    {
        (string clientId, string verifier, Uri callback) = await AuthorizeAsync(consent: new() { ["decision"] = ["allow"], ["scope"] = ["participants:read"] });
        Dictionary<string, string?> result = Query(callback);

        JsonNode tokens = await ExchangeAsync(clientId, result["code"]!, verifier);
        using HttpResponseMessage tools = await _server.Http.SendAsync(LegacyCall(tokens["access_token"]!.GetValue<string>(), "tools/list"), Cancel);
        List<string> names = (await tools.JsonAsync())["result"]!["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToList();

        Assert.Equal(OAuthBrowser.Callback, callback.GetLeftPart(UriPartial.Path));
        Assert.Equal(("xyz", _server.BaseUrl), (result["state"], result["iss"]));
        Assert.Equal(("Bearer", "participants:read", 3600), (tokens["token_type"]!.GetValue<string>(), tokens["scope"]!.GetValue<string>(), tokens["expires_in"]!.GetValue<int>()));
        Assert.StartsWith("fmrt_", tokens["refresh_token"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("list_participants", names);
        Assert.DoesNotContain("create_participant", names);
    }

    [Fact]
    public async Task ASecondAuthorization_WithinWhatWasAllowed_SkipsTheConsentPage()
    {
        (string clientId, _, _) = await AuthorizeAsync();
        (_, string challenge) = OAuthBrowser.Pkce();

        using HttpResponseMessage start = await _browser.GetAsync(OAuthBrowser.AuthorizeUrl(clientId, challenge, "participants:read"));
        using HttpResponseMessage consent = await _browser.GetAsync(await _browser.SignInAsync(start.Headers.Location!.ToString(), User));

        Assert.Equal(HttpStatusCode.Redirect, consent.StatusCode);
        Assert.StartsWith(OAuthBrowser.Callback + "?code=", consent.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing", "code_challenge is required")]
    [InlineData("plain", "code_challenge_method must be S256 (plain is not accepted)")]
    public async Task WithoutPkceS256_TheClientGetsInvalidRequest(string how, string description)
    {
        string clientId = await _browser.RegisterAsync();
        (_, string challenge) = OAuthBrowser.Pkce();
        string url = how == "missing"
            ? OAuthBrowser.AuthorizeUrl(clientId, challenge).Replace("code_challenge=" + challenge, "code_challenge=", StringComparison.Ordinal)
            : OAuthBrowser.AuthorizeUrl(clientId, challenge, method: "plain");

        using HttpResponseMessage response = await _browser.GetAsync(url);
        Dictionary<string, string?> result = Query(response.Headers.Location!);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(("invalid_request", "xyz", _server.BaseUrl), (result["error"], result["state"], result["iss"]));
        Assert.Contains(description, result["error_description"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongCodeVerifier_IsInvalidGrant()
    {
        (string clientId, _, Uri callback) = await AuthorizeAsync();

        JsonNode error = await ExchangeAsync(clientId, Query(callback)["code"]!, OAuthBrowser.Pkce().Verifier, HttpStatusCode.BadRequest);

        Assert.Equal("invalid_grant", error["error"]!.GetValue<string>());
        Assert.Contains("PKCE", error["error_description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example.org/callback")]
    [InlineData("http://127.0.0.1:53682/callback/../steal")]
    [InlineData("http://127.0.0.1:53682/callback.evil.example.org")]
    [InlineData("http://127.0.0.1:53682/callbackx")]
    [InlineData("http://127.0.0.1@evil.example.org/callback")]
    public async Task ARedirectUriThatIsNotRegistered_IsShownOnAPage_NeverRedirectedTo(string redirect)
    {
        string clientId = await _browser.RegisterAsync();
        (_, string challenge) = OAuthBrowser.Pkce();

        using HttpResponseMessage response = await _browser.GetAsync(OAuthBrowser.AuthorizeUrl(clientId, challenge, redirectUri: redirect));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("has not registered", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Theory]
    [InlineData("cursor://anysphere.cursor-retrieval/oauth/callback", "cursor")]
    [InlineData("com.example.app:/oauth2redirect", "com.example.app")]
    public async Task ADesktopAppsPrivateUseRedirect_IsShownAsAnAppOnThisDevice_AndGetsTheCodeThere(string redirect, string scheme)
    {
        string clientId = await _browser.RegisterAsync(redirect, "Desktop app");
        (string verifier, string challenge) = OAuthBrowser.Pkce();
        using HttpResponseMessage start = await _browser.GetAsync(OAuthBrowser.AuthorizeUrl(clientId, challenge, redirectUri: redirect));
        using HttpResponseMessage consent = await _browser.GetAsync(await _browser.SignInAsync(start.Headers.Location!.ToString(), User));
        string page = await consent.Content.ReadAsStringAsync(Cancel);
        (string action, List<KeyValuePair<string, string>> fields) = OAuthBrowser.ReadForm(page);

        using HttpResponseMessage allowed = await _browser.Http.PostAsync(action, new FormUrlEncodedContent([.. fields, new("decision", "allow")]), Cancel);
        string location = allowed.Headers.Location!.OriginalString;
        JsonNode tokens = await _browser.TokenAsync(new()
        {
            ["grant_type"] = "authorization_code", ["client_id"] = clientId, ["code"] = Query(allowed.Headers.Location!)["code"]!,
            ["code_verifier"] = verifier, ["redirect_uri"] = redirect,
        });

        Assert.Contains($"you go back to <strong>an app on this device</strong> (the one that opens {scheme}: links)", page, StringComparison.Ordinal);
        Assert.Contains("<p class=\"warn\">You have not allowed this app to send you there before", page, StringComparison.Ordinal);
        Assert.StartsWith(redirect + "?code=", location, StringComparison.Ordinal);
        Assert.Equal(("xyz", _server.BaseUrl), (Query(allowed.Headers.Location!)["state"], Query(allowed.Headers.Location!)["iss"]));
        Assert.Equal(HttpStatusCode.OK, await McpStatusAsync(tokens["access_token"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AnUnknownClient_IsShownOnAPage()
    {
        using HttpResponseMessage response = await _browser.GetAsync(OAuthBrowser.AuthorizeUrl("dyn_nobody", OAuthBrowser.Pkce().Challenge));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("is not registered here", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReplayedCode_IsRefused_AndRevokesTheTokensIssuedFromIt()
    {
        (string clientId, string verifier, Uri callback) = await AuthorizeAsync();
        string code = Query(callback)["code"]!;
        JsonNode first = await ExchangeAsync(clientId, code, verifier);

        JsonNode replay = await ExchangeAsync(clientId, code, verifier, HttpStatusCode.BadRequest);

        Assert.Equal("invalid_grant", replay["error"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, await McpStatusAsync(first["access_token"]!.GetValue<string>()));
        Assert.Equal("invalid_grant", (await RefreshAsync(clientId, first["refresh_token"]!.GetValue<string>(), HttpStatusCode.BadRequest))["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task ACodeIssuedToOneClient_CannotBeRedeemedByAnother()
    {
        (_, string verifier, Uri callback) = await AuthorizeAsync();
        string other = await _browser.RegisterAsync(name: "Another client");

        JsonNode error = await ExchangeAsync(other, Query(callback)["code"]!, verifier, HttpStatusCode.BadRequest);

        Assert.Equal(("invalid_grant", "the authorization code was issued to another client"), (error["error"]!.GetValue<string>(), error["error_description"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Refresh_Rotates_ThePreviousTokenWorksBrieflyThenItsReuseRevokesTheGrant()
    {
        (string clientId, string verifier, Uri callback) = await AuthorizeAsync();
        JsonNode issued = await ExchangeAsync(clientId, Query(callback)["code"]!, verifier);
        string original = issued["refresh_token"]!.GetValue<string>();

        JsonNode rotated = await RefreshAsync(clientId, original);
        JsonNode retried = await RefreshAsync(clientId, original);
        _time.Advance(TimeSpan.FromMinutes(2));
        JsonNode reused = await RefreshAsync(clientId, original, HttpStatusCode.BadRequest);

        Assert.NotEqual(original, rotated["refresh_token"]!.GetValue<string>());
        Assert.NotEqual(original, retried["refresh_token"]!.GetValue<string>());
        Assert.Equal("invalid_grant", reused["error"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, await McpStatusAsync(rotated["access_token"]!.GetValue<string>()));
        Assert.Equal("invalid_grant", (await RefreshAsync(clientId, rotated["refresh_token"]!.GetValue<string>(), HttpStatusCode.BadRequest))["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task AConsentPostedWithoutTheCsrfToken_OrFromAnotherBrowser_IsRefused()
    {
        string clientId = await _browser.RegisterAsync();
        (_, string challenge) = OAuthBrowser.Pkce();
        using HttpResponseMessage start = await _browser.GetAsync(OAuthBrowser.AuthorizeUrl(clientId, challenge));
        string consentUrl = await _browser.SignInAsync(start.Headers.Location!.ToString(), User);
        (string consentAction, List<KeyValuePair<string, string>> consentFields) = OAuthBrowser.ReadForm(await (await _browser.GetAsync(consentUrl)).Content.ReadAsStringAsync(Cancel));

        List<KeyValuePair<string, string>> forged = [.. consentFields.Where(f => f.Key != "csrf"), new("csrf", "forged"), new("decision", "allow")];
        using HttpResponseMessage withoutToken = await _browser.Http.PostAsync(consentAction, new FormUrlEncodedContent(forged), Cancel);
        using var otherBrowser = new OAuthBrowser(_server.BaseUrl);
        using HttpResponseMessage elsewhere = await otherBrowser.Http.PostAsync(consentAction, new FormUrlEncodedContent([.. consentFields, new("decision", "allow")]), Cancel);
        using HttpResponseMessage stillFine = await _browser.Http.PostAsync(consentAction, new FormUrlEncodedContent([.. consentFields, new("decision", "allow")]), Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, withoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, elsewhere.StatusCode);
        Assert.Contains("started in another browser", await elsewhere.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.StartsWith(OAuthBrowser.Callback + "?code=", stillFine.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAuthorizationLeftForMoreThanTenMinutes_HasExpired()
    {
        string clientId = await _browser.RegisterAsync();
        using HttpResponseMessage start = await _browser.GetAsync(OAuthBrowser.AuthorizeUrl(clientId, OAuthBrowser.Pkce().Challenge));

        _time.Advance(TimeSpan.FromMinutes(11));
        using HttpResponseMessage signIn = await _browser.GetAsync(start.Headers.Location!.ToString());

        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
        Assert.Contains("expired or was already used", await signIn.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deny_SendsAccessDeniedBackWithStateAndIssuer()
    {
        (_, _, Uri callback) = await AuthorizeAsync(consent: new() { ["decision"] = ["deny"] });

        Dictionary<string, string?> result = Query(callback);

        Assert.Equal(("access_denied", "xyz", _server.BaseUrl), (result["error"], result["state"], result["iss"]));
        Assert.False(result.ContainsKey("code"));
    }

    [Theory]
    [InlineData("/mcp")]
    [InlineData("/mcp/")]
    [InlineData("")]
    [InlineData("/")]
    public async Task TheResourceFormsClientsSend_AreAccepted(string path)
    {
        string clientId = await _browser.RegisterAsync();
        (string verifier, string challenge) = OAuthBrowser.Pkce();

        Uri callback = await _browser.WalkAsync(OAuthBrowser.AuthorizeUrl(clientId, challenge, resource: _server.BaseUrl + path), User);

        Assert.NotNull((await ExchangeAsync(clientId, Query(callback)["code"]!, verifier))["access_token"]);
    }

    [Fact]
    public async Task AnotherResource_IsInvalidTarget()
    {
        string clientId = await _browser.RegisterAsync();

        using HttpResponseMessage response = await _browser.GetAsync(OAuthBrowser.AuthorizeUrl(clientId, OAuthBrowser.Pkce().Challenge, resource: "https://graph.microsoft.com/"));

        Assert.Equal("invalid_target", Query(response.Headers.Location!)["error"]);
    }

    [Fact]
    public async Task UnknownScopes_AreIgnored_AndNoScopeMeansEverythingTheRoleAllows()
    {
        (string clientId, string verifier, Uri callback) = await AuthorizeAsync(scope: null);
        JsonNode all = await ExchangeAsync(clientId, Query(callback)["code"]!, verifier);
        (string clientId2, string verifier2, Uri callback2) = await AuthorizeAsync(scope: "openid email profile participants:read offline_access");
        JsonNode some = await ExchangeAsync(clientId2, Query(callback2)["code"]!, verifier2);

        Assert.Equal(Scopes.Format(Scopes.All), all["scope"]!.GetValue<string>());
        Assert.Equal("participants:read offline_access", some["scope"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnUnknownClientAtTheTokenEndpoint_Is401InvalidClient_SoItRegistersAgain()
    {
        JsonNode error = await _browser.TokenAsync(new() { ["grant_type"] = "authorization_code", ["client_id"] = "dyn_gone", ["code"] = "x", ["code_verifier"] = "y" }, HttpStatusCode.Unauthorized);

        Assert.Equal("invalid_client", error["error"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("basic")]
    [InlineData("post")]
    public async Task AConfidentialClient_RedeemsItsCodeOnlyWithItsSecret(string method)
    {
        ClientRegistry registry = _server.Services.GetRequiredService<ClientRegistry>();
        (OAuthClient? client, string? secret, _) = await registry.CreateConfidentialAsync(_tenant.OrganizationId, "ChatGPT (our workspace)", [OAuthBrowser.Callback], Cancel);
        (string verifier, string challenge) = OAuthBrowser.Pkce();
        string code = Query(await _browser.WalkAsync(OAuthBrowser.AuthorizeUrl(client!.Id, challenge), User))["code"]!;
        var form = new Dictionary<string, string> { ["grant_type"] = "authorization_code", ["code"] = code, ["code_verifier"] = verifier, ["redirect_uri"] = OAuthBrowser.Callback };

        JsonNode withoutSecret = await _browser.TokenAsync(new(form) { ["client_id"] = client.Id }, HttpStatusCode.Unauthorized);
        JsonNode wrongSecret = await _browser.TokenAsync(new(form) { ["client_id"] = client.Id, ["client_secret"] = secret + "x" }, HttpStatusCode.Unauthorized);
        JsonNode tokens;
        if (method == "post")
        {
            tokens = await _browser.TokenAsync(new(form) { ["client_id"] = client.Id, ["client_secret"] = secret! });
        }
        else
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/token") { Content = new FormUrlEncodedContent(form) };
            request.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(client.Id)}:{Uri.EscapeDataString(secret!)}")));
            using HttpResponseMessage response = await _browser.Http.SendAsync(request, Cancel);
            tokens = JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancel))!;
        }

        Assert.Equal(("invalid_client", "invalid_client"), (withoutSecret["error"]!.GetValue<string>(), wrongSecret["error"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, await McpStatusAsync(tokens["access_token"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AnotherOrganizationsConfidentialClient_CannotBeAllowedByThisUser()
    {
        TestTenant other = await _server.CreateTenantAsync();
        (OAuthClient? theirs, _, _) = await _server.Services.GetRequiredService<ClientRegistry>().CreateConfidentialAsync(other.OrganizationId, "Their app", [OAuthBrowser.Callback], Cancel);
        using HttpResponseMessage start = await _browser.GetAsync(OAuthBrowser.AuthorizeUrl(theirs!.Id, OAuthBrowser.Pkce().Challenge));

        using HttpResponseMessage consent = await _browser.GetAsync(await _browser.SignInAsync(start.Headers.Location!.ToString(), User));

        Assert.Equal(HttpStatusCode.Forbidden, consent.StatusCode);
        Assert.Contains("set up by another organization", await consent.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokingARefreshToken_StopsTheWholeConnection()
    {
        (string clientId, string verifier, Uri callback) = await AuthorizeAsync();
        JsonNode tokens = await ExchangeAsync(clientId, Query(callback)["code"]!, verifier);
        Assert.Equal(HttpStatusCode.OK, await McpStatusAsync(tokens["access_token"]!.GetValue<string>()));

        using HttpResponseMessage revoked = await _browser.Http.PostAsync("/revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = clientId, ["token"] = tokens["refresh_token"]!.GetValue<string>(), ["token_type_hint"] = "refresh_token",
        }), Cancel);

        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await McpStatusAsync(tokens["access_token"]!.GetValue<string>()));
    }
}
