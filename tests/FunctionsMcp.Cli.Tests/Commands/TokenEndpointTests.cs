using System.Net;
using System.Text.Json.Nodes;
using FunctionsMcp.OAuth.Authorization;
using FunctionsMcp.OAuth.Grants;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.OAuth.Tokens;
using FunctionsMcp.Tests.Common;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsMcp.Cli.Tests.Commands;

/// <summary>
/// The CLI against the app's real <c>/token</c>: what <c>clients create</c> prints is enough to refresh tokens there,
/// and <c>grants revoke</c> and <c>clients delete</c> stop both the refresh tokens and the access tokens of a connection.
/// </summary>
public sealed class TokenEndpointTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string RefreshPrefix = "fmrt_";

    private readonly CliHarness _cli = new(azurite);
    private readonly string _org = CliHarness.UniqueOrganization();
    private AuthorizationServer _server = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await _cli.SeedOrganizationAsync(new Organization(_org, "Token Org"));
        _server = await AuthorizationServer.StartAsync(azurite, _cli.Time);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await _cli.DisposeAsync();
    }

    /// <summary>What <c>clients create</c> printed for pasting: client id, secret and token URL.</summary>
    private sealed record Pasted(string ClientId, string Secret, string TokenUrl);

    private async Task<Pasted> CreateClientAsync()
    {
        CliResult created = await _cli.RunAsync(
            "clients", "create", "--org", _org, "--name", "ChatGPT", "--redirect-uri", "https://chatgpt.com/connector_platform_oauth_redirect", "--url", _server.BaseUrl);
        Assert.True(created.ExitCode == 0, created.Error);
        string Field(string label) => Assert.Single(created.OutputLines, l => l.StartsWith("  " + label + ":", StringComparison.Ordinal))[(label.Length + 3)..].Trim();
        return new Pasted(Field("Client ID"), Field("Client secret"), Field("Token URL"));
    }

    /// <summary>A user's connection to the client with a refresh token, as the authorization-code exchange leaves it.</summary>
    private async Task<(Grant Grant, string RefreshToken)> ConnectAsync(string clientId)
    {
        (Grant grant, _) = await _cli.ConnectAsync(_org, "coordinator", clientId);
        (string refresh, string hash) = OpaqueSecret.Generate(RefreshPrefix);
        DateTimeOffset now = _cli.Time.GetUtcNow();
        await _server.Services.GetRequiredService<IAuthorizationStateStore>().AddRefreshTokenAsync(
            new RefreshToken(hash, _org, grant.Id, clientId, grant.Scopes, now, now.AddDays(30)), Cancel);
        return (grant, refresh);
    }

    /// <summary>Refreshes as ChatGPT does with <c>client_secret_post</c>.</summary>
    private Task<(HttpStatusCode Status, JsonNode Body)> RefreshAsync(Pasted client, string refreshToken) =>
        _server.PostFormAsync(client.TokenUrl, new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
            ["client_id"] = client.ClientId,
            ["client_secret"] = client.Secret,
        });

    private async Task<(string AccessToken, string RefreshToken)> RefreshedAsync(Pasted client, string refreshToken)
    {
        (HttpStatusCode status, JsonNode body) = await RefreshAsync(client, refreshToken);
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        string accessToken = body["access_token"]!.GetValue<string>();
        Assert.True((await AuthenticateAsync(accessToken)).Succeeded);
        return (accessToken, body["refresh_token"]!.GetValue<string>());
    }

    private Task<CredentialCheck> AuthenticateAsync(string accessToken) =>
        _server.Services.GetRequiredService<AccessTokenService>().AuthenticateAsync(accessToken, Cancel);

    [Fact]
    public async Task GrantsRevoke_StopsTheConnectionsRefreshAndAccessTokens()
    {
        Pasted client = await CreateClientAsync();
        (Grant grant, string refreshToken) = await ConnectAsync(client.ClientId);
        (string accessToken, string nextRefreshToken) = await RefreshedAsync(client, refreshToken);

        CliResult revoked = await _cli.RunAsync("grants", "revoke", "--org", _org, grant.Id);

        Assert.Equal(0, revoked.ExitCode);
        (HttpStatusCode status, JsonNode body) = await RefreshAsync(client, nextRefreshToken);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(("invalid_grant", "the access was revoked: sign in again"), (body["error"]!.GetValue<string>(), body["error_description"]!.GetValue<string>()));
        Assert.Equal("The access token's connection has been revoked: sign in again.", (await AuthenticateAsync(accessToken)).Failure);
    }

    [Fact]
    public async Task ClientsDelete_StopsItsRefreshAndAccessTokens()
    {
        Pasted client = await CreateClientAsync();
        (_, string refreshToken) = await ConnectAsync(client.ClientId);
        (string accessToken, string nextRefreshToken) = await RefreshedAsync(client, refreshToken);

        CliResult deleted = await _cli.RunAsync("clients", "delete", "--org", _org, client.ClientId);

        Assert.Equal(0, deleted.ExitCode);
        (HttpStatusCode status, JsonNode body) = await RefreshAsync(client, nextRefreshToken);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", body["error"]!.GetValue<string>());
        Assert.Equal("The access token's connection has been revoked: sign in again.", (await AuthenticateAsync(accessToken)).Failure);
    }
}
