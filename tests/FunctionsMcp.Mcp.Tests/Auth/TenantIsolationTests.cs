using System.Net;
using System.Text.Json.Nodes;
using FunctionsMcp.Tests.Common;
using static FunctionsMcp.Mcp.Tests.McpRequests;

namespace FunctionsMcp.Mcp.Tests.Auth;

/// <summary>The organization comes from the credential only; nothing a client sends can move it.</summary>
public sealed class TenantIsolationTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private McpTestServer _server = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _server = McpTestServer.Start(azurite);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(Legacy)]
    [InlineData(Modern)]
    public async Task ToolArgumentsNamingAnotherOrganization_AreRefused_AndHeadersAreIgnored(string era)
    {
        TestTenant a = await _server.CreateTenantAsync();
        TestTenant b = await _server.CreateTenantAsync();
        string keyOfA = (await _server.CreateKeyAsync(a)).Token;
        JsonObject arguments = new() { ["organization_id"] = b.OrganizationId };
        HttpRequestMessage withArguments = Era(era, keyOfA, "tools/call", Call("whoami", arguments));
        HttpRequestMessage withHeader = Era(era, keyOfA, "tools/call", Call("whoami"));
        withHeader.Headers.Add("X-Organization-Id", b.OrganizationId);

        using HttpResponseMessage refused = await _server.Http.SendAsync(withArguments, Cancel);
        using HttpResponseMessage answered = await _server.Http.SendAsync(withHeader, Cancel);

        JsonNode refusal = (await refused.JsonAsync())["result"]!;
        Assert.True(refusal["isError"]!.GetValue<bool>());
        Assert.Equal("`organization_id` is not an argument of whoami: it takes none, so leave it out.", refusal["content"]![0]!["text"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal(a.OrganizationId, (await answered.JsonAsync())["result"]!["structuredContent"]!["organization_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task EachKeyActsInItsOwnOrganizationOnly()
    {
        TestTenant a = await _server.CreateTenantAsync();
        TestTenant b = await _server.CreateTenantAsync();
        string keyOfA = (await _server.CreateKeyAsync(a)).Token;
        string keyOfB = (await _server.CreateKeyAsync(b)).Token;

        async Task<string> OrganizationOfAsync(string key)
        {
            using HttpResponseMessage response = await _server.Http.SendAsync(LegacyCall(key, "tools/call", Call("whoami")), Cancel);
            return (await response.JsonAsync())["result"]!["structuredContent"]!["organization_id"]!.GetValue<string>();
        }

        Assert.Equal(a.OrganizationId, await OrganizationOfAsync(keyOfA));
        Assert.Equal(b.OrganizationId, await OrganizationOfAsync(keyOfB));
    }
}
