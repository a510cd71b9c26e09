using FunctionsMcp.Tests.Common;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsMcp.Mcp.Tests.Authorization;

/// <summary>
/// What a test of the authorization flow starts from: the server with the development sign-in on a clock the test moves,
/// a tenant of its own, and a browser.
/// </summary>
public sealed class SignInServer : IAsyncDisposable
{
    private SignInServer(McpTestServer server, TestTenant tenant, ManualTimeProvider time)
    {
        (Server, Tenant, Time) = (server, tenant, time);
        Browser = new OAuthBrowser(server.BaseUrl);
    }

    public McpTestServer Server { get; }

    public TestTenant Tenant { get; }

    public ManualTimeProvider Time { get; }

    public OAuthBrowser Browser { get; }

    /// <summary>The tenant's coordinator, as the development sign-in form names them.</summary>
    public string Coordinator => $"{Tenant.OrganizationId}/{TestTenant.Coordinator}";

    public static async Task<SignInServer> StartAsync(AzuriteFixture azurite)
    {
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        McpTestServer server = McpTestServer.Start(azurite, new Dictionary<string, string?> { ["SignIn:Mode"] = "Development" },
            services: s => s.AddSingleton<TimeProvider>(time), environment: "Development");
        return new SignInServer(server, await server.CreateTenantAsync(), time);
    }

    public async ValueTask DisposeAsync()
    {
        Browser.Dispose();
        await Server.DisposeAsync();
    }
}
