using FunctionsMcp.Mcp.Tests.Models;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Mcp.Tests.Clients;

/// <summary>The MCP Inspector CLI (npm @modelcontextprotocol/inspector, pinned; Node 22) with an access key header.</summary>
public sealed class InspectorCliTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private McpTestServer _server = null!;
    private TestTenant _tenant = null!;

    public async ValueTask InitializeAsync()
    {
        _server = McpTestServer.Start(azurite);
        _tenant = await _server.CreateTenantAsync();
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task<(int ExitCode, string Output, string Errors)> InspectAsync(string token, params string[] arguments)
    {
        string node = await NodeTool.Node22Async();
        string home = Directory.CreateTempSubdirectory("functionsmcp-inspector-").FullName;
        try
        {
            string cli = Path.Combine(NodeTool.Root, "node_modules", "@modelcontextprotocol", "inspector", "clients", "launcher", "build", "index.js");
            return await NodeTool.RunAsync(node, [cli, "--cli", _server.McpUrl, .. arguments, "--header", $"Authorization: Bearer {token}"],
                new Dictionary<string, string> { ["HOME"] = home }, TimeSpan.FromSeconds(90));
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    [Fact]
    public async Task Inspector_ListsAndCallsToolsWithAKeyHeader()
    {
        string key = (await _server.CreateKeyAsync(_tenant)).Token;

        (int listExit, string list, string listErrors) = await InspectAsync(key, "--method", "tools/list");
        (int callExit, string call, string callErrors) = await InspectAsync(key, "--method", "tools/call", "--tool-name", "whoami");

        Assert.True(listExit == 0, listErrors);
        Assert.Contains("\"whoami\"", list, StringComparison.Ordinal);
        Assert.True(callExit == 0, callErrors);
        Assert.Contains(_tenant.OrganizationId, call, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspector_CallsAToolWithSharedShapes_AndShowsAnArgumentErrorInOurWords()
    {
        string key = (await _server.CreateKeyAsync(_tenant, TestTenant.Admin)).Token;
        string participant = (await _server.OkAsync(McpRequests.Legacy, key, "create_participant", ToolCalls.NewParticipant(ToolCalls.NextNdis())))["id"]!.GetValue<string>();

        (int budgetExit, string budget, string budgetErrors) = await InspectAsync(key, "--method", "tools/call", "--tool-name", "get_budget_summary", "--tool-arg", $"participant_id={participant}");
        (int updateExit, string update, string updateErrors) = await InspectAsync(key, "--method", "tools/call", "--tool-name", "update_participant", "--tool-arg", $"id={participant}");

        Assert.True(budgetExit == 0, budgetErrors);
        Assert.Contains("\"runs_out_before_period_end\"", budget, StringComparison.Ordinal);
        // The Inspector prints the tool's result, and exits 5 (tool_is_error) when it is a tool error.
        Assert.True(updateExit == 5, $"exit {updateExit}\nstdout: {update}\nstderr: {updateErrors}");
        Assert.Contains("tool_is_error", updateErrors, StringComparison.Ordinal);
        Assert.Contains("\"isError\": true", update, StringComparison.Ordinal);
        Assert.Contains("`version` is required: read the participant first with get_participant and pass its `version`.", update, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspector_WithAnUnknownKey_FailsWithoutListing()
    {
        (int exitCode, string output, string errors) = await InspectAsync("fmcp_abcdefghijklmnopqrst_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "--method", "tools/list", "--stored-auth-only");

        // The Inspector exits 3 with auth_required when the server answers 401 and it may not start an OAuth flow.
        Assert.Equal(3, exitCode);
        Assert.Contains("auth_required", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("\"whoami\"", output, StringComparison.Ordinal);
    }
}
