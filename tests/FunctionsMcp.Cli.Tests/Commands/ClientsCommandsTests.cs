using System.Text.Json;
using System.Text.RegularExpressions;
using FunctionsMcp.OAuth.Clients;
using FunctionsMcp.OAuth.Grants;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.OAuth.Tokens;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Cli.Tests.Commands;

public sealed partial class ClientsCommandsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string ChatGptCallback = "https://chatgpt.com/connector_platform_oauth_redirect";
    private const string LocalCallback = "http://127.0.0.1:8765/callback";

    private readonly CliHarness _cli = new(azurite);
    private readonly string _org = CliHarness.UniqueOrganization();
    private readonly string _other = CliHarness.UniqueOrganization();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await _cli.SeedOrganizationAsync(new Organization(_org, "Clients Org"));
        await _cli.SeedOrganizationAsync(new Organization(_other, "Other Org"));
    }

    public ValueTask DisposeAsync() => _cli.DisposeAsync();

    /// <summary>Creates a client through the CLI and returns its id and secret (asserting success).</summary>
    private async Task<(string Id, string Secret)> CreateAsync(string org, string name = "ChatGPT")
    {
        CliResult result = await _cli.RunAsync("clients", "create", "--org", org, "--name", name, "--redirect-uri", ChatGptCallback);
        Assert.True(result.ExitCode == 0, result.Error);
        return (ClientIdPattern().Match(result.Output).Value, Assert.Single(SecretPattern().Matches(result.Output)).Value);
    }

    [Fact]
    public async Task Create_PrintsTheIdAndSecretOnce_WithWhatChatGptAsksFor()
    {
        CliResult result = await _cli.RunAsync(
            "clients", "create", "--org", _org, "--name", "ChatGPT", "--redirect-uri", ChatGptCallback, "--redirect-uri", LocalCallback);

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Error);
        string secret = Assert.Single(SecretPattern().Matches(result.Output)).Value;
        string id = ClientIdPattern().Match(result.Output).Value;
        Assert.Equal(
            [
                $"Created confidential client {id} \"ChatGPT\" for {_org}.",
                $"Redirect URIs: {ChatGptCallback}, {LocalCallback}",
                "",
                "For ChatGPT's user-defined OAuth client (or any app that takes a client id and secret):",
                "  MCP server URL:             https://mcp.example.org/mcp",
                $"  Client ID:                  {id}",
                $"  Client secret:              {secret}",
                "  Token endpoint auth method: client_secret_post (client_secret_basic works too)",
                "  Authorization URL:          https://mcp.example.org/authorize",
                "  Token URL:                  https://mcp.example.org/token",
                "",
                "The secret is shown only once and stored only as a hash: copy it now. If it is lost, delete the client and create another.",
                "",
            ],
            result.OutputLines);

        OAuthClient stored = (await _cli.Clients.GetAsync(id, Cancel))!;
        Assert.Equal((ClientKind.Confidential, "ChatGPT", _org), (stored.Kind, stored.Name, stored.OrganizationId));
        Assert.Equal([ChatGptCallback, LocalCallback], stored.RedirectUris);
        Assert.Equal(OpaqueSecret.Hash(secret), stored.SecretHash);
    }

    [Fact]
    public async Task Create_WithUrlOption_PointsAtThatServer()
    {
        CliResult result = await _cli.RunAsync(
            "clients", "create", "--org", _org, "--name", "n", "--redirect-uri", ChatGptCallback, "--url", "https://func-abc.azurewebsites.net/");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("  Authorization URL:          https://func-abc.azurewebsites.net/authorize", result.OutputLines);
        Assert.Contains("  Token URL:                  https://func-abc.azurewebsites.net/token", result.OutputLines);
    }

    [Fact]
    public async Task Create_WithoutABaseUrl_UsesLocalhostAndSaysSo()
    {
        await using var cli = new CliHarness(new Dictionary<string, string?> { ["Storage:ConnectionString"] = azurite.ConnectionString });

        CliResult result = await cli.RunAsync("clients", "create", "--org", _org, "--name", "local", "--redirect-uri", LocalCallback);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["note: Server__BaseUrl (or --url) is not set: using http://localhost:7071."], result.ErrorLines);
        Assert.Contains("  Token URL:                  http://localhost:7071/token", result.OutputLines);
    }

    [Theory]
    [InlineData("the client was not created: redirect URI 'http://example.org/callback' uses http: only https, or http on 127.0.0.1, localhost or [::1], is allowed.",
        ChatGptCallback, "http://example.org/callback")]
    [InlineData("the client was not created: redirect URI 'callback' is not an absolute URI.", "callback")]
    [InlineData("the client was not created: redirect URI 'https://example.org/cb#x' must not have a fragment or user info.", "https://example.org/cb#x")]
    [InlineData("the client was not created: the client needs 1 to 10 redirect URIs.",
        "https://a.example/1", "https://a.example/2", "https://a.example/3", "https://a.example/4", "https://a.example/5", "https://a.example/6",
        "https://a.example/7", "https://a.example/8", "https://a.example/9", "https://a.example/10", "https://a.example/11")]
    public async Task Create_RefusedRedirectUris_ExitWith1WithThePolicysSentence(string expected, params string[] redirectUris)
    {
        CliResult result = await _cli.RunAsync(["clients", "create", "--org", _org, "--name", "n", .. redirectUris.SelectMany(u => new[] { "--redirect-uri", u })]);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Equal(["error: " + expected], result.ErrorLines);
        Assert.Empty(await _cli.Clients.ListConfidentialAsync(_org, Cancel));
    }

    [Fact]
    public async Task Create_UnknownOrganization_ExitsWith1()
    {
        CliResult result = await _cli.RunAsync("clients", "create", "--org", "no-such-org", "--name", "n", "--redirect-uri", ChatGptCallback);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Equal(["error: organization 'no-such-org' was not found: run 'orgs list' to see the organizations"], result.ErrorLines);
        Assert.Empty(await _cli.Clients.ListConfidentialAsync("no-such-org", Cancel));
    }

    [Fact]
    public async Task List_ShowsTheOrganizationsClientsButNeverASecret()
    {
        (string id, string secret) = await CreateAsync(_org);
        _cli.Time.Advance(TimeSpan.FromMinutes(10));
        await _cli.Clients.TouchAsync(id, _cli.Time.GetUtcNow(), Cancel);
        (string theirs, _) = await CreateAsync(_other, "Theirs");

        CliResult result = await _cli.RunAsync("clients", "list", "--org", _org);

        Assert.Equal(0, result.ExitCode);
        Assert.Matches("^ID +NAME +CREATED \\(UTC\\) +LAST USED \\(UTC\\) +REDIRECT URIS$", result.OutputLines[0]);
        Assert.Equal($"{id}  ChatGPT  2026-11-22 09:00  2026-11-22 09:10  {ChatGptCallback}", result.OutputLines[1]);
        Assert.Equal("", result.OutputLines[2]);
        Assert.DoesNotContain(theirs, result.Output, StringComparison.Ordinal);
        AssertNoSecret(result.Output, secret);
    }

    [Fact]
    public async Task List_Json_HasTheFieldsButNoSecretOrHash()
    {
        (string id, string secret) = await CreateAsync(_org);

        CliResult result = await _cli.RunAsync("clients", "list", "--org", _org, "--json");

        Assert.Equal(0, result.ExitCode);
        AssertNoSecret(result.Output, secret);
        JsonElement client = Assert.Single(JsonDocument.Parse(result.Output).RootElement.EnumerateArray());
        Assert.Equal(["id", "name", "redirectUris", "createdAt", "lastUsedAt"], client.EnumerateObject().Select(p => p.Name));
        Assert.Equal((id, "ChatGPT"), (client.GetProperty("id").GetString(), client.GetProperty("name").GetString()));
        Assert.Equal([ChatGptCallback], client.GetProperty("redirectUris").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(JsonValueKind.Null, client.GetProperty("lastUsedAt").ValueKind);
    }

    [Fact]
    public async Task List_NoClients_SaysSo()
    {
        CliResult result = await _cli.RunAsync("clients", "list", "--org", _other);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"No OAuth clients in organization '{_other}'.", result.OutputLines[0]);
    }

    [Fact]
    public async Task Delete_RemovesTheClientAndStopsItsConnectionsAtOnce()
    {
        (string id, _) = await CreateAsync(_org);
        (Grant grant, string token) = await _cli.ConnectAsync(_org, "coordinator", id);
        Assert.True((await _cli.Tokens.AuthenticateAsync(token, Cancel)).Succeeded);

        CliResult result = await _cli.RunAsync("clients", "delete", "--org", _org, id);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            [
                $"Deleted client {id} \"ChatGPT\": it can no longer sign anyone in or refresh a token.",
                "Revoked its 1 connection: their access tokens are refused from the next request on.",
                "",
            ],
            result.OutputLines);
        Assert.Null(await _cli.Clients.GetAsync(id, Cancel));
        Assert.Equal("The access token's connection has been revoked: sign in again.", (await _cli.Tokens.AuthenticateAsync(token, Cancel)).Failure);
        Assert.Equal("client deleted by an administrator", (await _cli.Grants.GetAsync(_org, grant.Id, Cancel))!.RevokedReason);
    }

    [Fact]
    public async Task Delete_WithoutConnections_SaysSo()
    {
        (string id, _) = await CreateAsync(_org);

        CliResult result = await _cli.RunAsync("clients", "delete", "--org", _org, id);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("It had no active connections.", result.OutputLines[1]);
    }

    [Fact]
    public async Task Delete_AnotherOrganizationsClient_IsNotFoundAndItStays()
    {
        (string theirs, _) = await CreateAsync(_other, "Theirs");
        (_, string token) = await _cli.ConnectAsync(_other, "coordinator", theirs);

        CliResult result = await _cli.RunAsync("clients", "delete", "--org", _org, theirs);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Equal([$"error: client '{theirs}' was not found in organization '{_org}': run 'clients list --org {_org}' to see its clients"], result.ErrorLines);
        Assert.NotNull(await _cli.Clients.GetAsync(theirs, Cancel));
        Assert.True((await _cli.Tokens.AuthenticateAsync(token, Cancel)).Succeeded);
    }

    [Fact]
    public async Task Delete_APublicClient_IsNotFoundAndItStays()
    {
        // A registered public client belongs to no organization: no organization's admin may delete it.
        string id = ClientRegistry.DynamicPrefix + Guid.NewGuid().ToString("N")[..24];
        await _cli.Clients.AddAsync(new OAuthClient(id, ClientKind.Dynamic, "Public", [LocalCallback], null, null, null, _cli.Time.GetUtcNow()), Cancel);

        CliResult result = await _cli.RunAsync("clients", "delete", "--org", _org, id);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([$"error: client '{id}' was not found in organization '{_org}': run 'clients list --org {_org}' to see its clients"], result.ErrorLines);
        Assert.NotNull(await _cli.Clients.GetAsync(id, Cancel));
    }

    [Theory]
    [InlineData("cc_000000000000000000000000")]
    [InlineData("not/a client")]
    public async Task Delete_UnknownId_IsNotFound(string id)
    {
        CliResult result = await _cli.RunAsync("clients", "delete", "--org", _org, id);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([$"error: client '{id}' was not found in organization '{_org}': run 'clients list --org {_org}' to see its clients"], result.ErrorLines);
    }

    private static void AssertNoSecret(string output, string secret)
    {
        Assert.Empty(SecretPattern().Matches(output));
        Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
        Assert.DoesNotContain(OpaqueSecret.Hash(secret), output, StringComparison.Ordinal);
    }

    [GeneratedRegex("fmcs_[A-Za-z0-9_-]{43}")]
    private static partial Regex SecretPattern();

    [GeneratedRegex("cc_[0-9a-f]{24}")]
    private static partial Regex ClientIdPattern();
}
