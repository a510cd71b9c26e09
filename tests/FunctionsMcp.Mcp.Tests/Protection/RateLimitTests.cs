using System.Net;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using static FunctionsMcp.Mcp.Tests.McpRequests;

namespace FunctionsMcp.Mcp.Tests.Protection;

/// <summary>Limits hold across app instances that share one storage account, as they do when Functions scales out.</summary>
public sealed class RateLimitTests(AzuriteFixture azurite) : IAsyncLifetime
{
    // Both instances share one clock stopped mid-minute, so no run straddles a rate window's boundary.
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(DateTime.UtcNow.Ticks - (DateTime.UtcNow.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero).AddSeconds(30));
    private McpTestServer _first = null!;
    private McpTestServer _second = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        var limits = new Dictionary<string, string?>
        {
            ["RateLimits:RequestsPerMinutePerCredential"] = "5",
            ["RateLimits:RequestsPerMinutePerOrganization"] = "8",
        };
        _first = McpTestServer.Start(azurite, limits, services: s => s.AddSingleton<TimeProvider>(_time));
        _second = McpTestServer.Start(azurite, limits, services: s => s.AddSingleton<TimeProvider>(_time));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }

    private static async Task<HttpResponseMessage> PingAsync(McpTestServer server, string key) =>
        await server.Http.SendAsync(LegacyCall(key, "ping"), Cancel);

    [Fact]
    public async Task CredentialLimit_HoldsAcrossTwoInstances_ThenAnswers429WithRetryAfter()
    {
        TestTenant tenant = await _first.CreateTenantAsync();
        string key = (await _first.CreateKeyAsync(tenant)).Token;

        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 3; i++)
        {
            using HttpResponseMessage a = await PingAsync(_first, key);
            using HttpResponseMessage b = await PingAsync(_second, key);
            statuses.Add(a.StatusCode);
            statuses.Add(b.StatusCode);
        }

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);

        using HttpResponseMessage refused = await PingAsync(_first, key);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        Assert.Contains("\"credential\";r=0;", refused.Headers.GetValues("RateLimit").Single(), StringComparison.Ordinal);
        Assert.Contains("\"credential\";q=5;w=60", refused.Headers.GetValues("RateLimit-Policy").Single(), StringComparison.Ordinal);
        string message = (await refused.JsonAsync())["error"]!["message"]!.GetValue<string>();
        Assert.Contains("5 requests a minute", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConcurrentRequestsOnTwoInstances_NeverOverAdmit()
    {
        TestTenant tenant = await _first.CreateTenantAsync();
        string key = (await _first.CreateKeyAsync(tenant)).Token;

        HttpResponseMessage[] responses = await Task.WhenAll(Enumerable.Range(0, 12)
            .Select(i => PingAsync(i % 2 == 0 ? _first : _second, key)));

        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(7, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
        foreach (HttpResponseMessage response in responses)
            response.Dispose();
    }

    [Fact]
    public async Task OrganizationLimit_CoversAllItsCredentials()
    {
        TestTenant tenant = await _first.CreateTenantAsync();
        string one = (await _first.CreateKeyAsync(tenant)).Token;
        string two = (await _first.CreateKeyAsync(tenant, TestTenant.Admin)).Token;

        for (int i = 0; i < 4; i++)
        {
            using HttpResponseMessage a = await PingAsync(_first, one);
            using HttpResponseMessage b = await PingAsync(_second, two);
            Assert.Equal(HttpStatusCode.OK, a.StatusCode);
            Assert.Equal(HttpStatusCode.OK, b.StatusCode);
        }

        using HttpResponseMessage ninth = await PingAsync(_second, two);
        Assert.Equal(HttpStatusCode.TooManyRequests, ninth.StatusCode);
        Assert.Contains("organization", (await ninth.JsonAsync())["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PerOrganizationOverride_ReplacesTheDefault()
    {
        TestTenant tenant = await _first.CreateTenantAsync();
        await _first.Services.GetRequiredService<IIdentityStore>()
            .SaveOrganizationAsync(new Organization(tenant.OrganizationId, "Generous", RequestsPerMinutePerCredential: 7), Cancel);
        string key = (await _first.CreateKeyAsync(tenant)).Token;

        int admitted = 0;
        for (int i = 0; i < 9; i++)
        {
            using HttpResponseMessage response = await PingAsync(i % 2 == 0 ? _first : _second, key);
            admitted += response.StatusCode == HttpStatusCode.OK ? 1 : 0;
        }

        Assert.Equal(7, admitted);
    }

    [Fact]
    public async Task AnotherOrganization_IsNotLimitedByThisOnesTraffic()
    {
        TestTenant busy = await _first.CreateTenantAsync();
        TestTenant quiet = await _first.CreateTenantAsync();
        string busyKey = (await _first.CreateKeyAsync(busy)).Token;
        string quietKey = (await _first.CreateKeyAsync(quiet)).Token;
        for (int i = 0; i < 6; i++)
            (await PingAsync(_first, busyKey)).Dispose();

        using HttpResponseMessage response = await PingAsync(_second, quietKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
