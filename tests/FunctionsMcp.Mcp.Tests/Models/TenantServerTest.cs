using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Mcp.Tests.Models;

/// <summary>A test class with its own app on loopback, a tenant of its own, and a key with every scope.</summary>
public abstract class TenantServerTest(AzuriteFixture azurite) : IAsyncLifetime
{
    protected AzuriteFixture Azurite { get; } = azurite;

    protected McpTestServer Server { get; private set; } = null!;

    protected TestTenant Tenant { get; private set; } = null!;

    protected string Key { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Server = McpTestServer.Start(Azurite);
        Tenant = await Server.CreateTenantAsync();
        Key = (await Server.CreateKeyAsync(Tenant)).Token;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
