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

    /// <summary>
    /// Starts the server with the development sign-in plus <paramref name="settings"/>, and <paramref name="services"/>
    /// added on top (they get the test's clock).
    /// </summary>
    public static async Task<SignInServer> StartAsync(
        AzuriteFixture azurite, IDictionary<string, string?>? settings = null, Action<ManualTimeProvider, IServiceCollection>? services = null)
    {
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        McpTestServer server = StartServer(azurite, time, settings, services);
        return new SignInServer(server, await server.CreateTenantAsync(), time);
    }

    /// <summary>Another server on the same clock, storage, settings and services, as when the app scales out.</summary>
    public static McpTestServer StartServer(
        AzuriteFixture azurite, ManualTimeProvider time, IDictionary<string, string?>? settings, Action<ManualTimeProvider, IServiceCollection>? services)
    {
        var all = new Dictionary<string, string?> { ["SignIn:Mode"] = "Development" };
        foreach ((string key, string? value) in settings ?? new Dictionary<string, string?>())
            all[key] = value;
        return McpTestServer.Start(azurite, all, services: s =>
        {
            s.AddSingleton<TimeProvider>(time);
            services?.Invoke(time, s);
        }, environment: "Development");
    }

    public async ValueTask DisposeAsync()
    {
        Browser.Dispose();
        await Server.DisposeAsync();
    }
}
