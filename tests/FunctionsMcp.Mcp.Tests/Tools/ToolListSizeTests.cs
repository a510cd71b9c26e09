using System.Net;
using System.Text.Json.Nodes;
using FunctionsMcp.Tests.Common;
using static FunctionsMcp.Mcp.Tests.McpRequests;

namespace FunctionsMcp.Mcp.Tests.Tools;

/// <summary>
/// A client pays for tools/list in context every time it loads the server: the answer an Admin's key gets (every tool)
/// stays small, so it cannot creep back. The goal is 30 KB for the default profile; the benchmark's tools-list mode
/// prints the measured sizes, and this test fails past 40 KB.
/// </summary>
public sealed class ToolListSizeTests(AzuriteFixture azurite)
{
    private const int MostBytes = 40 * 1024;

    [Theory]
    [InlineData(null)]
    [InlineData("Typed")]
    [InlineData("Generic")]
    public async Task ToolsList_ForEveryScope_StaysUnder40KB(string? profile)
    {
        await using McpTestServer server = McpTestServer.Start(azurite, profile is null ? null : new Dictionary<string, string?> { ["Mcp:ToolProfile"] = profile });
        TestTenant tenant = await server.CreateTenantAsync();
        string key = (await server.CreateKeyAsync(tenant, TestTenant.Admin)).Token;

        using HttpResponseMessage response = await server.Http.SendAsync(LegacyCall(key, "tools/list"), TestContext.Current.CancellationToken);
        byte[] body = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        int tools = JsonNode.Parse(body)!["result"]!["tools"]!.AsArray().Count;
        Assert.True(tools >= (profile == "Generic" ? 4 : 28), $"only {tools} tools listed");
        Assert.True(body.Length <= MostBytes, $"tools/list ({profile ?? "default"} profile, {tools} tools) is {body.Length} bytes, more than {MostBytes}");
    }
}
