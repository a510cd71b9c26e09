using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Mcp.Tests.Authorization;

/// <summary>
/// The hosted clients as they really identify themselves: ChatGPT with a metadata document that asks for
/// <c>private_key_jwt</c> and publishes a <c>jwks_uri</c>, Claude with a metadata document and no client
/// authentication; and a registered client that gives its keys inline. Each goes from sign-in to <c>tools/call</c>
/// and a refresh over real HTTP.
/// </summary>
public sealed class HostedClientFlowTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private DocumentClientBed _bed = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _bed = await DocumentClientBed.StartAsync(azurite);

    public async ValueTask DisposeAsync() => await _bed.DisposeAsync();

    [Theory]
    [InlineData("RS256")]
    [InlineData("PS256")]
    [InlineData("ES256")]
    public async Task AChatGptShapedClient_SignsAssertions_FromSignInToToolCallAndRefresh(string algorithm)
    {
        using ClientKeyPair key = algorithm == "ES256" ? ClientKeyPair.EllipticCurve() : ClientKeyPair.Rsa();
        string clientId = _bed.PublishKeyClient("chatgpt-" + algorithm.ToLowerInvariant(), key);

        (string code, string verifier) = await _bed.AuthorizeAsync(clientId, DocumentClientBed.ChatGptCallback);
        JsonNode tokens = await _bed.ExchangeAsync(clientId, code, verifier, DocumentClientBed.ChatGptCallback,
            key.Assertion(clientId, _bed.TokenEndpoint, _bed.Time.GetUtcNow(), algorithm));
        (HttpStatusCode status, bool toolOk) = await _bed.CallToolAsync(tokens["access_token"]!.GetValue<string>());
        JsonNode refreshed = await _bed.RefreshAsync(clientId, tokens["refresh_token"]!.GetValue<string>(),
            key.Assertion(clientId, _bed.Server.BaseUrl, _bed.Time.GetUtcNow(), algorithm));

        Assert.Equal((HttpStatusCode.OK, true), (status, toolOk));
        Assert.NotEqual(tokens["refresh_token"]!.GetValue<string>(), refreshed["refresh_token"]!.GetValue<string>());
        Assert.Equal((HttpStatusCode.OK, true), await _bed.CallToolAsync(refreshed["access_token"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AChatGptShapedClient_WithoutItsAssertion_IsRefused_AndTheCodeStillWorksWithIt()
    {
        using ClientKeyPair key = ClientKeyPair.Rsa();
        string clientId = _bed.PublishKeyClient("chatgpt-bare", key);
        (string code, string verifier) = await _bed.AuthorizeAsync(clientId, DocumentClientBed.ChatGptCallback);

        JsonNode refused = await _bed.ExchangeAsync(clientId, code, verifier, DocumentClientBed.ChatGptCallback, assertion: null, HttpStatusCode.Unauthorized);
        JsonNode tokens = await _bed.ExchangeAsync(clientId, code, verifier, DocumentClientBed.ChatGptCallback, key.Assertion(clientId, _bed.TokenEndpoint, _bed.Time.GetUtcNow()));

        Assert.Equal("invalid_client", refused["error"]!.GetValue<string>());
        Assert.Contains("authenticates with private_key_jwt", refused["error_description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(tokens["access_token"]);
    }

    [Fact]
    public async Task AChatGptShapedClient_RevokesItsConnectionWithAnAssertion_AndOnlyWithOne()
    {
        using ClientKeyPair key = ClientKeyPair.Rsa();
        string clientId = _bed.PublishKeyClient("chatgpt-revoke", key);
        (string code, string verifier) = await _bed.AuthorizeAsync(clientId, DocumentClientBed.ChatGptCallback);
        JsonNode tokens = await _bed.ExchangeAsync(clientId, code, verifier, DocumentClientBed.ChatGptCallback, key.Assertion(clientId, _bed.TokenEndpoint, _bed.Time.GetUtcNow()));
        string refresh = tokens["refresh_token"]!.GetValue<string>();

        using HttpResponseMessage bare = await RevokeAsync(new() { ["client_id"] = clientId, ["token"] = refresh });
        (HttpStatusCode, bool) stillWorks = await _bed.CallToolAsync(tokens["access_token"]!.GetValue<string>());
        using HttpResponseMessage signed = await RevokeAsync(new()
        {
            ["client_id"] = clientId, ["token"] = refresh, ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ["client_assertion"] = key.Assertion(clientId, _bed.Server.BaseUrl, _bed.Time.GetUtcNow()),
        });

        Assert.Equal(HttpStatusCode.Unauthorized, bare.StatusCode);
        Assert.Equal((HttpStatusCode.OK, true), stillWorks);
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _bed.CallToolAsync(tokens["access_token"]!.GetValue<string>())).Status);
    }

    private Task<HttpResponseMessage> RevokeAsync(Dictionary<string, string> form) =>
        _bed.Browser.Http.PostAsync("/revoke", new FormUrlEncodedContent(form), Cancel);

    [Fact]
    public async Task AClaudeShapedClient_WithNoClientAuthentication_GoesFromSignInToToolCallAndRefresh()
    {
        string clientId = _bed.Publish("claude", new JsonObject { ["token_endpoint_auth_method"] = "none" }, DocumentClientBed.ClaudeCallback);

        (string code, string verifier) = await _bed.AuthorizeAsync(clientId, DocumentClientBed.ClaudeCallback);
        JsonNode tokens = await _bed.ExchangeAsync(clientId, code, verifier, DocumentClientBed.ClaudeCallback, assertion: null);
        (HttpStatusCode status, bool toolOk) = await _bed.CallToolAsync(tokens["access_token"]!.GetValue<string>());
        JsonNode refreshed = await _bed.RefreshAsync(clientId, tokens["refresh_token"]!.GetValue<string>(), assertion: null);

        Assert.Equal((HttpStatusCode.OK, true), (status, toolOk));
        Assert.Equal((HttpStatusCode.OK, true), await _bed.CallToolAsync(refreshed["access_token"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AClaudeShapedClient_SendingAnAssertion_IsRefused()
    {
        using ClientKeyPair key = ClientKeyPair.Rsa();
        string clientId = _bed.Publish("claude-assertion", new JsonObject { ["token_endpoint_auth_method"] = "none" }, DocumentClientBed.ClaudeCallback);
        (string code, string verifier) = await _bed.AuthorizeAsync(clientId, DocumentClientBed.ClaudeCallback);

        JsonNode refused = await _bed.ExchangeAsync(clientId, code, verifier, DocumentClientBed.ClaudeCallback,
            key.Assertion(clientId, _bed.TokenEndpoint, _bed.Time.GetUtcNow()), HttpStatusCode.Unauthorized);

        Assert.Contains("cannot authenticate with a client assertion", refused["error_description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARegisteredClientWithInlineKeys_IsToldItsMethod_AndAuthenticatesWithAssertions()
    {
        using ClientKeyPair key = ClientKeyPair.EllipticCurve();
        var registration = new JsonObject
        {
            ["client_name"] = "Desktop agent", ["redirect_uris"] = new JsonArray(OAuthBrowser.Callback),
            ["token_endpoint_auth_method"] = "private_key_jwt", ["jwks"] = key.Jwks(),
        };
        using HttpResponseMessage registered = await _bed.Server.Http.PostAsync("/register", new StringContent(registration.ToJsonString(), Encoding.UTF8, "application/json"), Cancel);
        JsonNode body = JsonNode.Parse(await registered.Content.ReadAsStringAsync(Cancel))!;
        string clientId = body["client_id"]!.GetValue<string>();

        (string code, string verifier) = await _bed.AuthorizeAsync(clientId, OAuthBrowser.Callback);
        JsonNode withoutAssertion = await _bed.ExchangeAsync(clientId, code, verifier, OAuthBrowser.Callback, assertion: null, HttpStatusCode.Unauthorized);
        JsonNode tokens = await _bed.ExchangeAsync(clientId, code, verifier, OAuthBrowser.Callback, key.Assertion(clientId, _bed.TokenEndpoint, _bed.Time.GetUtcNow()));

        Assert.Equal((HttpStatusCode.Created, "private_key_jwt"), (registered.StatusCode, body["token_endpoint_auth_method"]!.GetValue<string>()));
        Assert.Equal("invalid_client", withoutAssertion["error"]!.GetValue<string>());
        Assert.Equal((HttpStatusCode.OK, true), await _bed.CallToolAsync(tokens["access_token"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AReplayedAssertion_IsRefusedByAnotherInstanceToo()
    {
        using ClientKeyPair key = ClientKeyPair.Rsa();
        string clientId = _bed.PublishKeyClient("chatgpt-replay", key);
        (string code, string verifier) = await _bed.AuthorizeAsync(clientId, DocumentClientBed.ChatGptCallback);
        string assertion = key.Assertion(clientId, _bed.Server.BaseUrl, _bed.Time.GetUtcNow());
        JsonNode tokens = await _bed.ExchangeAsync(clientId, code, verifier, DocumentClientBed.ChatGptCallback, assertion);
        await using McpTestServer other = _bed.StartAnotherInstance(azurite);
        using var otherBrowser = new OAuthBrowser(other.BaseUrl);
        string refreshToken = tokens["refresh_token"]!.GetValue<string>();

        JsonNode replayed = await _bed.RefreshAsync(clientId, refreshToken, assertion, HttpStatusCode.Unauthorized, via: otherBrowser);
        JsonNode fresh = await _bed.RefreshAsync(clientId, refreshToken, key.Assertion(clientId, _bed.Server.BaseUrl, _bed.Time.GetUtcNow()), via: otherBrowser);

        Assert.Contains("already used", replayed["error_description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(fresh["access_token"]);
    }
}
