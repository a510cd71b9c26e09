using System.Net;
using FunctionsMcp.LocalDev;
using FunctionsMcp.OAuth.AccessKeys;
using FunctionsMcp.OAuth.Grants;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.OAuth.Tokens;
using FunctionsMcp.Storage;
using FunctionsMcp.Tests.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using static FunctionsMcp.Mcp.Tests.McpRequests;

namespace FunctionsMcp.Mcp.Tests.Auth;

/// <summary>
/// Two app instances over one storage account and one clock, as Functions scales out, and an administrator changing users and
/// organizations from outside both (as <c>fmcp</c> does): a disabled user, a suspended organization or a narrower role applies on
/// every instance within <c>IdentityCache:Seconds</c>; a revoked key or a disconnected app on the very next request.
/// </summary>
public sealed class IdentityBoundTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(new IdentityCacheOptions().Seconds);
    private static readonly TimeSpan s_tick = TimeSpan.FromMilliseconds(1);
    private readonly ManualTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly string _keyFolder = Path.Combine(Path.GetTempPath(), "fmcp-test-keys-" + Guid.NewGuid().ToString("N"));
    private McpTestServer _first = null!;
    private McpTestServer _second = null!;
    private ServiceProvider _administrator = null!;
    private TestTenant _tenant = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private McpTestServer[] Both => [_first, _second];

    private IIdentityStore Identities => _administrator.GetRequiredService<IIdentityStore>();

    public async ValueTask InitializeAsync()
    {
        // One public URL and one signing key for both, as every instance in Azure has, so a token one issued the other accepts.
        int port = AzuriteProcess.FreePort();
        var shared = new Dictionary<string, string?>
        {
            ["Server:BaseUrl"] = $"http://127.0.0.1:{port}",
            ["OAuth:SigningKeyFile"] = Path.Combine(_keyFolder, "signing-keys.json"),
        };
        _first = McpTestServer.Start(azurite, shared, services: s => s.AddSingleton<TimeProvider>(_time), port: port);
        _second = McpTestServer.Start(azurite, shared, services: s => s.AddSingleton<TimeProvider>(_time));
        _administrator = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:ConnectionString"] = azurite.ConnectionString }).Build())
            .AddSingleton<TimeProvider>(_time)
            .AddTableStorage()
            .BuildServiceProvider();
        _tenant = await _first.CreateTenantAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await _administrator.DisposeAsync();
        if (Directory.Exists(_keyFolder))
            Directory.Delete(_keyFolder, recursive: true);
    }

    private static async Task<(HttpStatusCode Status, string? Message)> ListToolsAsync(McpTestServer server, string bearer)
    {
        using HttpResponseMessage response = await server.Http.SendAsync(LegacyCall(bearer, "tools/list"), Cancel);
        return (response.StatusCode, response.IsSuccessStatusCode ? null : (await response.JsonAsync())["error"]!["message"]!.GetValue<string>());
    }

    private static async Task<List<string>> ToolNamesAsync(McpTestServer server, string bearer)
    {
        using HttpResponseMessage response = await server.Http.SendAsync(LegacyCall(bearer, "tools/list"), Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync())["result"]!["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToList();
    }

    /// <summary>What each instance answers <paramref name="bearer"/>'s <c>tools/list</c> with.</summary>
    private async Task<(HttpStatusCode Status, string? Message)[]> OnBothAsync(string bearer) =>
        [await ListToolsAsync(_first, bearer), await ListToolsAsync(_second, bearer)];

    private static (HttpStatusCode, string?)[] Twice(HttpStatusCode status, string? message = null) => [(status, message), (status, message)];

    [Fact]
    public async Task ADisabledUser_IsRefusedOnEveryInstance_WithinTheBound_AndEnablingRestoresThemAlike()
    {
        string key = (await _first.CreateKeyAsync(_tenant)).Token;
        Assert.Equal(Twice(HttpStatusCode.OK), await OnBothAsync(key));

        await Identities.UpdateUserAsync(_tenant.OrganizationId, TestTenant.Coordinator, u => u with { Disabled = true }, Cancel);
        _time.Advance(s_bound - s_tick);
        (HttpStatusCode, string?)[] withinTheBound = await OnBothAsync(key);
        _time.Advance(s_tick);
        (HttpStatusCode, string?)[] atTheBound = await OnBothAsync(key);
        await Identities.UpdateUserAsync(_tenant.OrganizationId, TestTenant.Coordinator, u => u with { Disabled = false }, Cancel);
        _time.Advance(s_bound);
        (HttpStatusCode, string?)[] enabled = await OnBothAsync(key);

        // Within the bound an instance may still answer from the row it read; from the bound on, none does.
        Assert.Equal(Twice(HttpStatusCode.OK), withinTheBound);
        Assert.Equal(Twice(HttpStatusCode.Unauthorized, "The access key's owner is disabled or no longer exists."), atTheBound);
        Assert.Equal(Twice(HttpStatusCode.OK), enabled);
    }

    [Fact]
    public async Task ASuspendedOrganization_IsRefusedOnEveryInstance_WithinTheBound()
    {
        string key = (await _first.CreateKeyAsync(_tenant)).Token;
        Assert.Equal(Twice(HttpStatusCode.OK), await OnBothAsync(key));

        await Identities.UpdateOrganizationAsync(_tenant.OrganizationId, o => o with { Suspended = true }, Cancel);
        _time.Advance(s_bound);

        Assert.Equal(Twice(HttpStatusCode.Unauthorized, "The access key's organization is suspended."), await OnBothAsync(key));
    }

    [Fact]
    public async Task ARoleNarrowedToSupportWorker_ShrinksToolsListAndRefusesAWrite_OnEveryInstanceWithinTheBound()
    {
        string key = (await _first.CreateKeyAsync(_tenant)).Token;
        foreach (McpTestServer server in Both)
            Assert.Contains("write_probe", await ToolNamesAsync(server, key));

        await Identities.UpdateUserAsync(_tenant.OrganizationId, TestTenant.Coordinator, u => u with { Role = Role.SupportWorker }, Cancel);
        _time.Advance(s_bound);

        foreach (McpTestServer server in Both)
        {
            List<string> tools = await ToolNamesAsync(server, key);
            using HttpResponseMessage write = await server.Http.SendAsync(LegacyCall(key, "tools/call", Call("write_probe")), Cancel);

            Assert.DoesNotContain("write_probe", tools);
            Assert.Contains("list_participants", tools);
            Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
            Assert.Contains("error=\"insufficient_scope\"", write.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ARevokedKey_IsRefusedOnEveryInstance_OnTheVeryNextRequest()
    {
        CreatedAccessKey key = await _first.CreateKeyAsync(_tenant);
        Assert.Equal(Twice(HttpStatusCode.OK), await OnBothAsync(key.Token));

        await _administrator.GetRequiredService<IAccessKeyStore>().RevokeAsync(_tenant.OrganizationId, key.Key.Id, _time.GetUtcNow(), Cancel);

        Assert.Equal(Twice(HttpStatusCode.Unauthorized, "The access key has been revoked."), await OnBothAsync(key.Token));
    }

    [Fact]
    public async Task ADisconnectedApp_IsRefusedOnEveryInstance_OnTheVeryNextRequest()
    {
        IGrantStore grants = _administrator.GetRequiredService<IGrantStore>();
        var grant = new Grant("gr_" + Guid.NewGuid().ToString("N")[..12], _tenant.OrganizationId, TestTenant.Coordinator, "test-client",
            [Scopes.ParticipantsRead], _time.GetUtcNow());
        await grants.AddAsync(grant, Cancel);
        string token = (await _first.Services.GetRequiredService<AccessTokenService>().IssueAsync(grant, grant.Scopes, Cancel)).Token;
        Assert.Equal(Twice(HttpStatusCode.OK), await OnBothAsync(token));

        await grants.RevokeAsync(_tenant.OrganizationId, grant.Id, "disconnected", _time.GetUtcNow(), Cancel);

        Assert.Equal(Twice(HttpStatusCode.Unauthorized, "The access token's connection has been revoked: sign in again."), await OnBothAsync(token));
    }

    [Fact]
    public async Task ADisabledUser_IsRefusedTheirOAuthTokenOnEveryInstance_WithinTheBound()
    {
        IGrantStore grants = _administrator.GetRequiredService<IGrantStore>();
        var grant = new Grant("gr_" + Guid.NewGuid().ToString("N")[..12], _tenant.OrganizationId, TestTenant.Worker, "test-client",
            [Scopes.ParticipantsRead], _time.GetUtcNow());
        await grants.AddAsync(grant, Cancel);
        string token = (await _second.Services.GetRequiredService<AccessTokenService>().IssueAsync(grant, grant.Scopes, Cancel)).Token;
        Assert.Equal(Twice(HttpStatusCode.OK), await OnBothAsync(token));

        await Identities.UpdateUserAsync(_tenant.OrganizationId, TestTenant.Worker, u => u with { Disabled = true }, Cancel);
        _time.Advance(s_bound);

        Assert.Equal(Twice(HttpStatusCode.Unauthorized, "The access token's user is disabled or no longer exists."), await OnBothAsync(token));
    }
}
