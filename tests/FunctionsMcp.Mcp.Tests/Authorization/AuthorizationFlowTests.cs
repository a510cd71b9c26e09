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
    private SignInServer _flow = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private McpTestServer Server => _flow.Server;

    private TestTenant Tenant => _flow.Tenant;

    private OAuthBrowser Browser => _flow.Browser;

    private ManualTimeProvider Time => _flow.Time;

    private string User => _flow.Coordinator;

    public async ValueTask InitializeAsync() => _flow = await SignInServer.StartAsync(azurite);

    public async ValueTask DisposeAsync() => await _flow.DisposeAsync();

    private async Task<(string ClientId, string Verifier, Uri Callback)> AuthorizeAsync(string? scope = "participants:read participants:write", Dictionary<string, string[]>? consent = null)
    {
        string clientId = await Browser.RegisterAsync();
        (string verifier, string challenge) = OAuthBrowser.Pkce();
        Uri callback = await Browser.WalkAsync(OAuthBrowser.AuthorizeUrl(clientId, challenge, scope), User, consent);
        return (clientId, verifier, callback);
    }

    private static Dictionary<string, string?> Query(Uri uri) => QueryHelpers.ParseQuery(uri.Query).ToDictionary(p => p.Key, p => (string?)p.Value.ToString());

    private Task<JsonNode> ExchangeAsync(string clientId, string code, string verifier, HttpStatusCode expected = HttpStatusCode.OK) =>
        Browser.TokenAsync(new()
        {
            ["grant_type"] = "authorization_code", ["client_id"] = clientId, ["code"] = code, ["code_verifier"] = verifier,
            ["redirect_uri"] = OAuthBrowser.Callback, ["resource"] = Server.McpUrl,
        }, expected);

    private Task<JsonNode> RefreshAsync(string clientId, string refreshToken, HttpStatusCode expected = HttpStatusCode.OK) =>
        Browser.TokenAsync(new() { ["grant_type"] = "refresh_token", ["client_id"] = clientId, ["refresh_token"] = refreshToken, ["resource"] = Server.McpUrl }, expected);

    private async Task<HttpStatusCode> McpStatusAsync(string accessToken)
    {
        using HttpResponseMessage response = await Server.Http.SendAsync(LegacyCall(accessToken, "tools/list"), Cancel);
        return response.StatusCode;
    }

    [Fact]
    public async Task TheWholeFlow_GivesTokensForWhatThePersonAllowed_AndTheyWorkAtMcp()
    {
        (string clientId, string verifier, Uri callback) = await AuthorizeAsync(consent: new() { ["decision"] = ["allow"], ["scope"] = ["participants:read"] });
        Dictionary<string, string?> result = Query(callback);

        JsonNode tokens = await ExchangeAsync(clientId, result["code"]!, verifier);
        using HttpResponseMessage tools = await Server.Http.SendAsync(LegacyCall(tokens["access_token"]!.GetValue<string>(), "tools/list"), Cancel);
        List<string> names = (await tools.JsonAsync())["result"]!["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToList();

        Assert.Equal(OAuthBrowser.Callback, callback.GetLeftPart(UriPartial.Path));
        Assert.Equal(("xyz", Server.BaseUrl), (result["state"], result["iss"]));
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

        using HttpResponseMessage start = await Browser.GetAsync(OAuthBrowser.AuthorizeUrl(clientId, challenge, "participants:read"));
        using HttpResponseMessage consent = await Browser.GetAsync(await Browser.SignInAsync(start.Headers.Location!.ToString(), User));

        Assert.Equal(HttpStatusCode.Redirect, consent.StatusCode);
        Assert.StartsWith(OAuthBrowser.Callback + "?code=", consent.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing", "code_challenge is required")]
    [InlineData("plain", "code_challenge_method must be S256 (plain is not accepted)")]
    public async Task WithoutPkceS256_TheClientGetsInvalidRequest(string how, string description)
    {
        string clientId = await Browser.RegisterAsync();
        (_, string challenge) = OAuthBrowser.Pkce();
        string url = how == "missing"
            ? OAuthBrowser.AuthorizeUrl(clientId, challenge).Replace("code_challenge=" + challenge, "code_challenge=", StringComparison.Ordinal)
            : OAuthBrowser.AuthorizeUrl(clientId, challenge, method: "plain");

        using HttpResponseMessage response = await Browser.GetAsync(url);
        Dictionary<string, string?> result = Query(response.Headers.Location!);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(("invalid_request", "xyz", Server.BaseUrl), (result["error"], result["state"], result["iss"]));
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
        string clientId = await Browser.RegisterAsync();
        (_, string challenge) = OAuthBrowser.Pkce();

        using HttpResponseMessage response = await Browser.GetAsync(OAuthBrowser.AuthorizeUrl(clientId, challenge, redirectUri: redirect));

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
        string clientId = await Browser.RegisterAsync(redirect, "Desktop app");
        (string verifier, string challenge) = OAuthBrowser.Pkce();
        using HttpResponseMessage start = await Browser.GetAsync(OAuthBrowser.AuthorizeUrl(clientId, challenge, redirectUri: redirect));
        using HttpResponseMessage consent = await Browser.GetAsync(await Browser.SignInAsync(start.Headers.Location!.ToString(), User));
        string page = await consent.Content.ReadAsStringAsync(Cancel);
        (string action, List<KeyValuePair<string, string>> fields) = OAuthBrowser.ReadForm(page);

        using HttpResponseMessage allowed = await Browser.Http.PostAsync(action, new FormUrlEncodedContent([.. fields, new("decision", "allow")]), Cancel);
        string location = allowed.Headers.Location!.OriginalString;
        JsonNode tokens = await Browser.TokenAsync(new()
        {
            ["grant_type"] = "authorization_code", ["client_id"] = clientId, ["code"] = Query(allowed.Headers.Location!)["code"]!,
            ["code_verifier"] = verifier, ["redirect_uri"] = redirect,
        });

        Assert.Contains($"you go back to <strong>an app on this device</strong> (the one that opens {scheme}: links)", page, StringComparison.Ordinal);
        Assert.Contains("<p class=\"warn\">You have not allowed this app to send you there before", page, StringComparison.Ordinal);
        Assert.StartsWith(redirect + "?code=", location, StringComparison.Ordinal);
        Assert.Equal(("xyz", Server.BaseUrl), (Query(allowed.Headers.Location!)["state"], Query(allowed.Headers.Location!)["iss"]));
        Assert.Equal(HttpStatusCode.OK, await McpStatusAsync(tokens["access_token"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AnUnknownClient_IsShownOnAPage()
    {
        using HttpResponseMessage response = await Browser.GetAsync(OAuthBrowser.AuthorizeUrl("dyn_nobody", OAuthBrowser.Pkce().Challenge));

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
        string other = await Browser.RegisterAsync(name: "Another client");

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
        Time.Advance(TimeSpan.FromMinutes(2));
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
        string clientId = await Browser.RegisterAsync();
        (_, string challenge) = OAuthBrowser.Pkce();
        using HttpResponseMessage start = await Browser.GetAsync(OAuthBrowser.AuthorizeUrl(clientId, challenge));
        string consentUrl = await Browser.SignInAsync(start.Headers.Location!.ToString(), User);
        (string consentAction, List<KeyValuePair<string, string>> consentFields) = OAuthBrowser.ReadForm(await (await Browser.GetAsync(consentUrl)).Content.ReadAsStringAsync(Cancel));

        List<KeyValuePair<string, string>> forged = [.. consentFields.Where(f => f.Key != "csrf"), new("csrf", "forged"), new("decision", "allow")];
        using HttpResponseMessage withoutToken = await Browser.Http.PostAsync(consentAction, new FormUrlEncodedContent(forged), Cancel);
        using var otherBrowser = new OAuthBrowser(Server.BaseUrl);
        using HttpResponseMessage elsewhere = await otherBrowser.Http.PostAsync(consentAction, new FormUrlEncodedContent([.. consentFields, new("decision", "allow")]), Cancel);
        using HttpResponseMessage stillFine = await Browser.Http.PostAsync(consentAction, new FormUrlEncodedContent([.. consentFields, new("decision", "allow")]), Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, withoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, elsewhere.StatusCode);
        Assert.Contains("started in another browser", await elsewhere.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.StartsWith(OAuthBrowser.Callback + "?code=", stillFine.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAuthorizationLeftForMoreThanTenMinutes_HasExpired()
    {
        string clientId = await Browser.RegisterAsync();
        using HttpResponseMessage start = await Browser.GetAsync(OAuthBrowser.AuthorizeUrl(clientId, OAuthBrowser.Pkce().Challenge));

        Time.Advance(TimeSpan.FromMinutes(11));
        using HttpResponseMessage signIn = await Browser.GetAsync(start.Headers.Location!.ToString());

        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
        Assert.Contains("expired or was already used", await signIn.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deny_SendsAccessDeniedBackWithStateAndIssuer()
    {
        (_, _, Uri callback) = await AuthorizeAsync(consent: new() { ["decision"] = ["deny"] });

        Dictionary<string, string?> result = Query(callback);

        Assert.Equal(("access_denied", "xyz", Server.BaseUrl), (result["error"], result["state"], result["iss"]));
        Assert.False(result.ContainsKey("code"));
    }

    [Theory]
    [InlineData("/mcp")]
    [InlineData("/mcp/")]
    [InlineData("")]
    [InlineData("/")]
    public async Task TheResourceFormsClientsSend_AreAccepted(string path)
    {
        string clientId = await Browser.RegisterAsync();
        (string verifier, string challenge) = OAuthBrowser.Pkce();

        Uri callback = await Browser.WalkAsync(OAuthBrowser.AuthorizeUrl(clientId, challenge, resource: Server.BaseUrl + path), User);

        Assert.NotNull((await ExchangeAsync(clientId, Query(callback)["code"]!, verifier))["access_token"]);
    }

    [Fact]
    public async Task AnotherResource_IsInvalidTarget()
    {
        string clientId = await Browser.RegisterAsync();

        using HttpResponseMessage response = await Browser.GetAsync(OAuthBrowser.AuthorizeUrl(clientId, OAuthBrowser.Pkce().Challenge, resource: "https://graph.microsoft.com/"));

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
        JsonNode error = await Browser.TokenAsync(new() { ["grant_type"] = "authorization_code", ["client_id"] = "dyn_gone", ["code"] = "x", ["code_verifier"] = "y" }, HttpStatusCode.Unauthorized);

        Assert.Equal("invalid_client", error["error"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("basic")]
    [InlineData("post")]
    public async Task AConfidentialClient_RedeemsItsCodeOnlyWithItsSecret(string method)
    {
        ClientRegistry registry = Server.Services.GetRequiredService<ClientRegistry>();
        (OAuthClient? client, string? secret, _) = await registry.CreateConfidentialAsync(Tenant.OrganizationId, "ChatGPT (our workspace)", [OAuthBrowser.Callback], Cancel);
        (string verifier, string challenge) = OAuthBrowser.Pkce();
        string code = Query(await Browser.WalkAsync(OAuthBrowser.AuthorizeUrl(client!.Id, challenge), User))["code"]!;
        var form = new Dictionary<string, string> { ["grant_type"] = "authorization_code", ["code"] = code, ["code_verifier"] = verifier, ["redirect_uri"] = OAuthBrowser.Callback };

        JsonNode withoutSecret = await Browser.TokenAsync(new(form) { ["client_id"] = client.Id }, HttpStatusCode.Unauthorized);
        JsonNode wrongSecret = await Browser.TokenAsync(new(form) { ["client_id"] = client.Id, ["client_secret"] = secret + "x" }, HttpStatusCode.Unauthorized);
        JsonNode tokens;
        if (method == "post")
        {
            tokens = await Browser.TokenAsync(new(form) { ["client_id"] = client.Id, ["client_secret"] = secret! });
        }
        else
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/token") { Content = new FormUrlEncodedContent(form) };
            request.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(client.Id)}:{Uri.EscapeDataString(secret!)}")));
            using HttpResponseMessage response = await Browser.Http.SendAsync(request, Cancel);
            tokens = JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancel))!;
        }

        Assert.Equal(("invalid_client", "invalid_client"), (withoutSecret["error"]!.GetValue<string>(), wrongSecret["error"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, await McpStatusAsync(tokens["access_token"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AnotherOrganizationsConfidentialClient_CannotBeAllowedByThisUser()
    {
        TestTenant other = await Server.CreateTenantAsync();
        (OAuthClient? theirs, _, _) = await Server.Services.GetRequiredService<ClientRegistry>().CreateConfidentialAsync(other.OrganizationId, "Their app", [OAuthBrowser.Callback], Cancel);
        using HttpResponseMessage start = await Browser.GetAsync(OAuthBrowser.AuthorizeUrl(theirs!.Id, OAuthBrowser.Pkce().Challenge));

        using HttpResponseMessage consent = await Browser.GetAsync(await Browser.SignInAsync(start.Headers.Location!.ToString(), User));

        Assert.Equal(HttpStatusCode.Forbidden, consent.StatusCode);
        Assert.Contains("set up by another organization", await consent.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokingARefreshToken_StopsTheWholeConnection()
    {
        (string clientId, string verifier, Uri callback) = await AuthorizeAsync();
        JsonNode tokens = await ExchangeAsync(clientId, Query(callback)["code"]!, verifier);
        Assert.Equal(HttpStatusCode.OK, await McpStatusAsync(tokens["access_token"]!.GetValue<string>()));

        using HttpResponseMessage revoked = await Browser.Http.PostAsync("/revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = clientId, ["token"] = tokens["refresh_token"]!.GetValue<string>(), ["token_type_hint"] = "refresh_token",
        }), Cancel);

        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await McpStatusAsync(tokens["access_token"]!.GetValue<string>()));
    }
}
