using System.Text.Json.Nodes;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Mcp.Tests.Clients;

/// <summary>The official TypeScript SDK client (@modelcontextprotocol/sdk, pinned) against the app over loopback HTTP.</summary>
public sealed class TypeScriptSdkClientTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);
    private McpTestServer _server = null!;
    private TestTenant _tenant = null!;

    public async ValueTask InitializeAsync()
    {
        _server = McpTestServer.Start(azurite);
        _tenant = await _server.CreateTenantAsync();
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task<(int ExitCode, List<JsonNode> Lines, string Errors)> RunClientAsync(string token, params string[] commands)
    {
        string node = await NodeTool.Node22Async();
        (int exitCode, string output, string errors) = await NodeTool.RunAsync(
            node, [Path.Combine("tests", "clients", "sdk-client.mjs"), _server.McpUrl, token, .. commands],
            new Dictionary<string, string> { ["CLIENT_TIMEOUT_MS"] = "30000" }, s_timeout);
        List<JsonNode> lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        return (exitCode, lines, errors);
    }

    [Fact]
    public async Task SdkClient_WithAnAccessKey_ConnectsListsAndCallsTools()
    {
        string key = (await _server.CreateKeyAsync(_tenant, TestTenant.Worker, Scopes.ParticipantsRead, Scopes.GoalsRead)).Token;

        (int exitCode, List<JsonNode> lines, string errors) = await RunClientAsync(key, "info", "list", "call", "whoami", "{}");

        Assert.True(exitCode == 0, errors);
        Assert.Equal("FunctionsMcp", lines[0]["serverInfo"]!["name"]!.GetValue<string>());
        Assert.Equal(["discover_models", "get_goal", "get_model_schema", "get_participant", "list_goal_activities", "list_goals", "list_participants", "perform_operation", "whoami"],
            lines[1]["tools"]!.AsArray().Select(t => t!.GetValue<string>()).Order(StringComparer.Ordinal));
        JsonNode who = lines[2]["structuredContent"]!;
        Assert.Equal((_tenant.OrganizationId, TestTenant.Worker, "support_worker"), (who["organization_id"]!.GetValue<string>(), who["user_id"]!.GetValue<string>(), who["role"]!.GetValue<string>()));
        Assert.Equal([Scopes.ParticipantsRead, Scopes.GoalsRead], who["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
    }

    [Fact]
    public async Task SdkClient_WithARevokedKey_Gets401AndTheResourceMetadataChallenge()
    {
        OAuth.AccessKeys.CreatedAccessKey key = await _server.CreateKeyAsync(_tenant);
        await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<OAuth.AccessKeys.AccessKeyService>(_server.Services)
            .RevokeAsync(_tenant.OrganizationId, ownerId: null, key.Key.Id, TestContext.Current.CancellationToken);

        (int exitCode, List<JsonNode> lines, _) = await RunClientAsync(key.Token, "list");

        Assert.Equal(2, exitCode);
        JsonNode error = lines[^1]["error"]!;
        Assert.Equal(401, error["status"]!.GetValue<int>());
        Assert.Contains("resource_metadata=", error["wwwAuthenticate"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SdkClient_CallingBeyondItsScopes_Gets403InsufficientScope()
    {
        string key = (await _server.CreateKeyAsync(_tenant, TestTenant.Coordinator, Scopes.ParticipantsRead)).Token;

        (int exitCode, List<JsonNode> lines, _) = await RunClientAsync(key, "call", "write_probe", "{}");

        Assert.Equal(2, exitCode);
        JsonNode error = lines[^1]["error"]!;
        Assert.Equal(403, error["status"]!.GetValue<int>());
        Assert.Contains("insufficient_scope", error["wwwAuthenticate"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
