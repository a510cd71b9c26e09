using System.Net;
using System.Text.Json.Nodes;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using static FunctionsMcp.Mcp.Tests.McpRequests;

namespace FunctionsMcp.Mcp.Tests.Auth;

public sealed class ScopeTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private McpTestServer _server = null!;
    private TestTenant _tenant = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = McpTestServer.Start(azurite);
        _tenant = await _server.CreateTenantAsync();
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task<List<string>> ListToolsAsync(string era, string key)
    {
        using HttpResponseMessage response = await _server.Http.SendAsync(Era(era, key, "tools/list"), Cancel);
        return (await response.JsonAsync())["result"]!["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToList();
    }

    [Theory]
    [InlineData(Legacy)]
    [InlineData(Modern)]
    public async Task ToolsList_ShowsOnlyToolsTheCredentialMayCall(string era)
    {
        string reader = (await _server.CreateKeyAsync(_tenant, TestTenant.Coordinator, Scopes.ParticipantsRead)).Token;
        string writer = (await _server.CreateKeyAsync(_tenant, TestTenant.Coordinator, Scopes.ParticipantsWrite)).Token;

        Assert.DoesNotContain("write_probe", await ListToolsAsync(era, reader));
        Assert.Contains("write_probe", await ListToolsAsync(era, writer));
    }

    [Theory]
    [InlineData(Legacy)]
    [InlineData(Modern)]
    public async Task CallingBeyondTheScopes_Is403InsufficientScope_NamingWhatToAskFor(string era)
    {
        string reader = (await _server.CreateKeyAsync(_tenant, TestTenant.Coordinator, Scopes.ParticipantsRead)).Token;

        using HttpResponseMessage response = await _server.Http.SendAsync(Era(era, reader, "tools/call", Call("write_probe")), Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        string challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.Contains("error=\"insufficient_scope\"", challenge, StringComparison.Ordinal);
        Assert.Contains("scope=\"participants:read participants:write\"", challenge, StringComparison.Ordinal);
        Assert.Contains("resource_metadata=", challenge, StringComparison.Ordinal);
        JsonNode error = (await response.JsonAsync())["error"]!;
        Assert.Contains("participants:write", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, (await response.JsonAsync())["id"]!.GetValue<int>());
    }

    [Fact]
    public async Task RoleNarrowedAfterKeyCreation_LosesTheWriteToolAtOnce()
    {
        string key = (await _server.CreateKeyAsync(_tenant, TestTenant.Coordinator, Scopes.ParticipantsRead, Scopes.ParticipantsWrite)).Token;
        Assert.Contains("write_probe", await ListToolsAsync(Legacy, key));

        await _server.Services.GetRequiredService<IIdentityStore>()
            .SaveUserAsync(new User(_tenant.OrganizationId, TestTenant.Coordinator, "C", "c@example.org", Role.SupportWorker), Cancel);

        Assert.DoesNotContain("write_probe", await ListToolsAsync(Legacy, key));
        using HttpResponseMessage call = await _server.Http.SendAsync(LegacyCall(key, "tools/call", Call("write_probe")), Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, call.StatusCode);
    }
}
