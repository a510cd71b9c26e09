using System.Text.Json.Nodes;
using FunctionsMcp.Mcp.Tests.Models;
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

        Assert.True(exitCode == 0, errors + string.Join("\n", lines.Select(l => l.ToJsonString())));
        Assert.Equal("FunctionsMcp", lines[0]["serverInfo"]!["name"]!.GetValue<string>());
        Assert.Equal(["discover_models", "get_goal", "get_model_schema", "get_participant", "list_goal_activities", "list_goals", "list_participants", "perform_operation", "whoami"],
            lines[1]["tools"]!.AsArray().Select(t => t!.GetValue<string>()).Order(StringComparer.Ordinal));
        JsonNode who = lines[2]["structuredContent"]!;
        Assert.Equal((_tenant.OrganizationId, TestTenant.Worker, "support_worker"), (who["organization_id"]!.GetValue<string>(), who["user_id"]!.GetValue<string>(), who["role"]!.GetValue<string>()));
        Assert.Equal([Scopes.ParticipantsRead, Scopes.GoalsRead], who["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
    }

    [Fact]
    public async Task SdkClient_AcceptsEveryCompactSchema_ValidatesResultsAgainstThem_AndShowsArgumentErrors()
    {
        string key = (await _server.CreateKeyAsync(_tenant, TestTenant.Admin)).Token;
        string participant = (await _server.OkAsync(McpRequests.Legacy, key, "create_participant", ToolCalls.NewParticipant(ToolCalls.NextNdis())))["id"]!.GetValue<string>();
        var id = new JsonObject { ["id"] = participant }.ToJsonString();

        // "tools" lists every tool, so the client compiles each output schema ($defs included) and checks each result below against its tool's.
        (int exitCode, List<JsonNode> lines, string errors) = await RunClientAsync(key, "tools",
            "call", "create_participant", ToolCalls.NewParticipant(ToolCalls.NextNdis()).ToJsonString(),
            "call", "get_participant", id,
            "call", "list_participants", "{\"page_size\":1}",
            "call", "get_budget_summary", new JsonObject { ["participant_id"] = participant }.ToJsonString(),
            "call", "update_participant", id);

        Assert.True(exitCode == 0, errors + string.Join("\n", lines.Select(l => l.ToJsonString())));
        Assert.Contains(lines[0]["tools"]!.AsArray(), t => t!["outputSchema"]?["$defs"] is not null);
        Assert.StartsWith("pt_", lines[1]["structuredContent"]!["id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(participant, lines[2]["structuredContent"]!["id"]!.GetValue<string>());
        Assert.Single(lines[3]["structuredContent"]!["items"]!.AsArray());
        Assert.Equal(0m, lines[4]["structuredContent"]!["total"]!["allocated"]!.GetValue<decimal>());
        Assert.True(lines[5]["isError"]!.GetValue<bool>());
        Assert.Equal("`version` is required: read the participant first with get_participant and pass its `version`.", lines[5]["content"]![0]!["text"]!.GetValue<string>());
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
