using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FunctionsMcp.OAuth.Clients;
using FunctionsMcp.OAuth.Grants;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.OAuth.Tokens;
using FunctionsMcp.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FunctionsMcp.Mcp.Tests.Authorization;

/// <summary>Authorization server metadata, JWKS and dynamic client registration through real HTTP.</summary>
public sealed class MetadataAndRegistrationTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly ManualTimeProvider _time = new(DateTimeOffset.UtcNow);
    private McpTestServer _server = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _server = McpTestServer.Start(azurite, services: s => s.AddSingleton<TimeProvider>(_time));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task<JsonNode> GetJsonAsync(string path)
    {
        using HttpResponseMessage response = await _server.Http.GetAsync(path, Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancel))!;
    }

    private async Task<(HttpStatusCode Status, JsonNode Body)> RegisterAsync(string json, string contentType = "application/json")
    {
        using HttpResponseMessage response = await _server.Http.PostAsync("/register", new StringContent(json, Encoding.UTF8, contentType), Cancel);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancel))!);
    }

    [Fact]
    public async Task TheMetadata_IsTheSameAtBothLocations_WithTheIssuerExactlyTheBaseUrl_AndEverythingClientsCheck()
    {
        JsonNode metadata = await GetJsonAsync("/.well-known/oauth-authorization-server");
        JsonNode openid = await GetJsonAsync("/.well-known/openid-configuration");
        JsonNode resource = await GetJsonAsync("/.well-known/oauth-protected-resource/mcp");

        Assert.True(JsonNode.DeepEquals(metadata, openid));
        Assert.Equal(_server.BaseUrl, metadata["issuer"]!.GetValue<string>());
        Assert.Equal(_server.BaseUrl, resource["authorization_servers"]![0]!.GetValue<string>());
        Assert.Equal(_server.BaseUrl + "/token", metadata["token_endpoint"]!.GetValue<string>());
        Assert.Equal(["S256"], Strings(metadata["code_challenge_methods_supported"]));
        Assert.Equal(["none", "client_secret_basic", "client_secret_post", "private_key_jwt"], Strings(metadata["token_endpoint_auth_methods_supported"]));
        Assert.Equal(["RS256", "PS256", "ES256"], Strings(metadata["token_endpoint_auth_signing_alg_values_supported"]));
        Assert.Equal(["authorization_code", "refresh_token"], Strings(metadata["grant_types_supported"]));
        Assert.Equal([.. Scopes.All, "offline_access"], Strings(metadata["scopes_supported"]));
        Assert.DoesNotContain("offline_access", Strings(resource["scopes_supported"]));
        Assert.True(metadata["client_id_metadata_document_supported"]!.GetValue<bool>());
        Assert.True(metadata["authorization_response_iss_parameter_supported"]!.GetValue<bool>());
    }

    [Fact]
    public async Task TheJwks_HoldsThePublicKeyOurAccessTokensVerifyWith_AndNoPrivatePart()
    {
        var grant = new Grant("gr_jwks", "org-x", "user-x", "client-x", [Scopes.ParticipantsRead], _time.GetUtcNow());
        string token = (await _server.Services.GetRequiredService<AccessTokenService>().IssueAsync(grant, grant.Scopes, Cancel)).Token;

        JsonNode jwks = await GetJsonAsync("/.well-known/jwks.json");
        var set = new JsonWebKeySet(jwks.ToJsonString());
        TokenValidationResult result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = _server.BaseUrl,
            ValidAudience = _server.McpUrl,
            IssuerSigningKeys = set.GetSigningKeys(),
            ValidTypes = ["at+jwt"],
        });

        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.All(jwks["keys"]!.AsArray(), k => Assert.Null(k!["d"]));
    }

    [Fact]
    public async Task ARegistration_Returns201WithAPublicClientId_AndTheClientCanBeFound()
    {
        (HttpStatusCode status, JsonNode body) = await RegisterAsync("""
            {"client_name":"MCP CLI Client","redirect_uris":["http://127.0.0.1:6276/oauth/callback"],"grant_types":["authorization_code","refresh_token"],
             "response_types":["code"],"token_endpoint_auth_method":"client_secret_post","application_type":"native","scope":"participants:read","software_id":"x"}
            """);

        Assert.Equal(HttpStatusCode.Created, status);
        string clientId = body["client_id"]!.GetValue<string>();
        Assert.StartsWith("dyn_", clientId, StringComparison.Ordinal);
        Assert.Equal(("none", "MCP CLI Client", "native"), (body["token_endpoint_auth_method"]!.GetValue<string>(), body["client_name"]!.GetValue<string>(), body["application_type"]!.GetValue<string>()));
        Assert.Null(body["client_secret"]);
        ClientLookup found = await _server.Services.GetRequiredService<ClientRegistry>().FindAsync(clientId, Cancel);
        Assert.Equal(["http://127.0.0.1:6276/oauth/callback"], found.Client!.RedirectUris);
    }

    [Theory]
    [InlineData("""{"client_name":"x"}""", "invalid_redirect_uri", "redirect_uris is required")]
    [InlineData("""{"redirect_uris":["http://evil.example.org/cb"]}""", "invalid_redirect_uri", "uses http: only https")]
    [InlineData("""{"redirect_uris":["https://a.example.org/cb"],"grant_types":["client_credentials"]}""", "invalid_client_metadata", "grant type 'client_credentials' is not supported")]
    [InlineData("""{"redirect_uris":["https://a.example.org/cb"],"client_name":42}""", "invalid_client_metadata", "client_name must be a string")]
    [InlineData("""[1,2]""", "invalid_client_metadata", "must be one JSON object")]
    [InlineData("""{"redirect_uris":""", "invalid_client_metadata", "must be one JSON object")]
    public async Task ABadRegistration_Is400WithTheRfc7591ErrorAndWhy(string json, string error, string why)
    {
        (HttpStatusCode status, JsonNode body) = await RegisterAsync(json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(error, body["error"]!.GetValue<string>());
        Assert.Contains(why, body["error_description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOversizedOrNonJsonRegistration_IsRefusedWithoutBeingStored()
    {
        (HttpStatusCode big, JsonNode bigBody) = await RegisterAsync($$"""{"redirect_uris":["https://a.example.org/cb"],"client_name":"{{new string('x', 20_000)}}"}""");
        (HttpStatusCode form, JsonNode formBody) = await RegisterAsync("redirect_uris=https://a.example.org/cb", "application/x-www-form-urlencoded");

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_client_metadata"), (big, bigBody["error"]!.GetValue<string>()));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_client_metadata"), (form, formBody["error"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ARegistrationNoUserAllowed_ExpiresAfterADay_AndOneAllowedNeverDoes()
    {
        ClientRegistry registry = _server.Services.GetRequiredService<ClientRegistry>();
        string unused = (await RegisterAsync("""{"redirect_uris":["https://a.example.org/cb"]}""")).Body["client_id"]!.GetValue<string>();
        string used = (await RegisterAsync("""{"redirect_uris":["https://a.example.org/cb"]}""")).Body["client_id"]!.GetValue<string>();
        await registry.TouchAsync((await registry.FindAsync(used, Cancel)).Client!, Cancel);

        _time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));

        ClientLookup expired = await registry.FindAsync(unused, Cancel);
        Assert.Null(expired.Client);
        Assert.Contains("is not registered here (or its registration expired): register it again", expired.Error, StringComparison.Ordinal);
        Assert.NotNull((await registry.FindAsync(used, Cancel)).Client);
    }

    [Fact]
    public async Task ThePreflightOfRegistration_AllowsAnyOrigin()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/register");
        request.Headers.Add("Origin", "http://localhost:6274");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        using HttpResponseMessage response = await _server.Http.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("Content-Type", response.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.Ordinal);
    }

    private static string[] Strings(JsonNode? array) => [.. array!.AsArray().Select(v => v!.GetValue<string>())];
}
