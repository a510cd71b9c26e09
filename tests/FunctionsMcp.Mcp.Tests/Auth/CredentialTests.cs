using System.Net;
using System.Text.Json.Nodes;
using FunctionsMcp.LocalDev;
using FunctionsMcp.OAuth.AccessKeys;
using FunctionsMcp.OAuth.Grants;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.OAuth.Tokens;
using FunctionsMcp.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using static FunctionsMcp.Mcp.Tests.McpRequests;

namespace FunctionsMcp.Mcp.Tests.Auth;

public sealed class CredentialTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly ManualTimeProvider _time = new(DateTimeOffset.UtcNow);
    private McpTestServer _server = null!;
    private TestTenant _tenant = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = McpTestServer.Start(azurite, services: s => s.AddSingleton<TimeProvider>(_time));
        _tenant = await _server.CreateTenantAsync();
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private string MetadataUrl => _server.BaseUrl + "/.well-known/oauth-protected-resource/mcp";

    [Theory]
    [InlineData(Legacy)]
    [InlineData(Modern)]
    public async Task NoCredential_Is401PointingAtTheResourceMetadata_WithoutAnErrorCode(string era)
    {
        using HttpResponseMessage response = await _server.Http.SendAsync(Era(era, null, "tools/list"), Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        string challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.StartsWith("Bearer ", challenge, StringComparison.Ordinal);
        Assert.Contains($"resource_metadata=\"{MetadataUrl}\"", challenge, StringComparison.Ordinal);
        Assert.Contains("scope=\"participants:read", challenge, StringComparison.Ordinal);
        Assert.DoesNotContain("error=", challenge, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fmcp_abcdefghijklmnopqrst_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "The access key is not valid.")]
    [InlineData("eyJhbGciOiJub25lIn0.e30.", "The access token is not valid.")]
    [InlineData("ya29.an-upstream-token", "The bearer token is not one this server issued.")]
    public async Task UnknownCredential_Is401InvalidToken(string token, string reason)
    {
        using HttpResponseMessage response = await _server.Http.SendAsync(LegacyCall(token, "tools/list"), Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal(reason, (await response.JsonAsync())["error"]!["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(Legacy)]
    [InlineData(Modern)]
    public async Task AnAccessTokenWeIssued_IsAcceptedBesideAccessKeys_UntilItsGrantIsRevoked(string era)
    {
        IGrantStore grants = _server.Services.GetRequiredService<IGrantStore>();
        var grant = new Grant("gr_" + Guid.NewGuid().ToString("N")[..12], _tenant.OrganizationId, TestTenant.Coordinator, "test-client",
            [Scopes.ParticipantsRead], _time.GetUtcNow());
        await grants.AddAsync(grant, Cancel);
        string token = (await _server.Services.GetRequiredService<AccessTokenService>().IssueAsync(grant, grant.Scopes, Cancel)).Token;

        using HttpResponseMessage listed = await _server.Http.SendAsync(Era(era, token, "tools/list"), Cancel);
        List<string> tools = (await listed.JsonAsync())["result"]!["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToList();
        using HttpResponseMessage write = await _server.Http.SendAsync(Era(era, token, "tools/call", Call("write_probe")), Cancel);
        await grants.RevokeAsync(_tenant.OrganizationId, grant.Id, "disconnected", _time.GetUtcNow(), Cancel);
        using HttpResponseMessage revoked = await _server.Http.SendAsync(Era(era, token, "tools/list"), Cancel);

        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Contains("list_participants", tools);
        Assert.DoesNotContain("write_probe", tools);
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        Assert.Contains("error=\"invalid_token\"", revoked.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal("The access token's connection has been revoked: sign in again.", (await revoked.JsonAsync())["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task BasicAuthentication_Is401ExplainingTheBearerScheme()
    {
        HttpRequestMessage request = LegacyCall(null, "tools/list");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", "dXNlcjpwYXNz");

        using HttpResponseMessage response = await _server.Http.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Bearer", (await response.JsonAsync())["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/.well-known/oauth-protected-resource/mcp")]
    [InlineData("/.well-known/oauth-protected-resource")]
    public async Task ProtectedResourceMetadata_NamesTheExactResourceAndOurIssuer(string path)
    {
        using HttpResponseMessage response = await _server.Http.GetAsync(path, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonNode body = await response.JsonAsync();
        Assert.Equal(_server.McpUrl, body["resource"]!.GetValue<string>());
        Assert.Equal([_server.BaseUrl], body["authorization_servers"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal(Scopes.All, body["scopes_supported"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.DoesNotContain("offline_access", body.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(["header"], body["bearer_methods_supported"]!.AsArray().Select(s => s!.GetValue<string>()));
    }

    [Fact]
    public async Task RevokedKey_Is401OnTheVeryNextRequest()
    {
        CreatedAccessKey key = await _server.CreateKeyAsync(_tenant);
        using (HttpResponseMessage before = await _server.Http.SendAsync(LegacyCall(key.Token, "tools/list"), Cancel))
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        await _server.Services.GetRequiredService<AccessKeyService>().RevokeAsync(_tenant.OrganizationId, ownerId: null, key.Key.Id, Cancel);
        using HttpResponseMessage after = await _server.Http.SendAsync(LegacyCall(key.Token, "tools/list"), Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal("The access key has been revoked.", (await after.JsonAsync())["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task ExpiredKey_Is401()
    {
        (CreatedAccessKey? key, _) = await _server.Services.GetRequiredService<AccessKeyService>()
            .CreateAsync(_tenant.OrganizationId, TestTenant.Coordinator, "short", [Scopes.ParticipantsRead], _time.GetUtcNow().AddMinutes(5), Cancel);
        using (HttpResponseMessage before = await _server.Http.SendAsync(LegacyCall(key!.Token, "ping"), Cancel))
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        _time.Advance(TimeSpan.FromMinutes(5));
        using HttpResponseMessage after = await _server.Http.SendAsync(LegacyCall(key.Token, "ping"), Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal("The access key has expired.", (await after.JsonAsync())["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task StorageDown_Is503WithRetryAfter_NotA500()
    {
        await using McpTestServer orphan = McpTestServer.Start(azurite, new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = AzuriteProcess.ConnectionStringFor(AzuriteProcess.FreePort()),
            ["Storage:MaxRetries"] = "0",
        });

        using HttpResponseMessage response = await orphan.Http.SendAsync(LegacyCall("fmcp_abcdefghijklmnopqrst_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "ping"), Cancel);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        string body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.Contains("retry", body, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", body, StringComparison.Ordinal);
    }
}
