using System.Net;
using Azure.Core;
using Azure.Data.Tables;
using FunctionsMcp.OAuth.Grants;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.OAuth.Tokens;
using FunctionsMcp.Storage;
using FunctionsMcp.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using static FunctionsMcp.Mcp.Tests.McpRequests;

namespace FunctionsMcp.Mcp.Tests.Auth;

/// <summary>
/// What one <c>/mcp</c> request reads from storage, counted on the wire: its key (or grant) row once, the user and the
/// organization at most once and not at all while the identity cache holds them, and never any row twice.
/// </summary>
public sealed class CredentialReadTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly StorageRequests _requests = new();
    private readonly ManualTimeProvider _time = new(DateTimeOffset.UtcNow);
    private McpTestServer _server = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        TableClientOptions options = TableStorageClientFactory.ClientOptions(maxRetries: 3, requestTimeout: TimeSpan.FromSeconds(30));
        options.AddPolicy(_requests, HttpPipelinePosition.PerRetry);
        _server = McpTestServer.Start(azurite, services: s => s
            .AddSingleton<TimeProvider>(_time)
            .AddSingleton(new TableServiceClient(azurite.ConnectionString, options)));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    /// <summary>The point reads (GET of one row) storage saw while <paramref name="send"/> ran, by table.</summary>
    private async Task<IReadOnlyList<string>> PointReadsDuringAsync(Func<Task<HttpResponseMessage>> send)
    {
        _requests.Clear();
        using HttpResponseMessage response = await send();
        await response.Content.ReadAsStringAsync(Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return _requests.PointReads();
    }

    private static int Count(IReadOnlyList<string> reads, string table) => reads.Count(r => r.StartsWith(table + "(", StringComparison.Ordinal));

    [Fact]
    public async Task AKeyedRequest_ReadsItsKeyOnce_AndTheUserAndOrganizationOnceWhenCold_ThenNotAtAll()
    {
        TestTenant tenant = await _server.CreateTenantAsync();
        string key = (await _server.CreateKeyAsync(tenant)).Token;

        IReadOnlyList<string> cold = await PointReadsDuringAsync(() => _server.Http.SendAsync(LegacyCall(key, "tools/list"), Cancel));
        IReadOnlyList<string> warm = await PointReadsDuringAsync(() => _server.Http.SendAsync(LegacyCall(key, "tools/call", Call("whoami")), Cancel));

        Assert.Equal((1, 1, 1), (Count(cold, TableNames.AccessKeys), Count(cold, TableNames.Users), Count(cold, TableNames.Organizations)));
        Assert.Equal((1, 0, 0), (Count(warm, TableNames.AccessKeys), Count(warm, TableNames.Users), Count(warm, TableNames.Organizations)));
        Assert.Equal(cold.Distinct().Count(), cold.Count);
        Assert.Equal(warm.Distinct().Count(), warm.Count);
    }

    [Fact]
    public async Task AKeyedRequest_ReadsItsKeyAgainOnEveryRequest_AndTheUserAgainOnlyAfterTheBound()
    {
        TestTenant tenant = await _server.CreateTenantAsync();
        string key = (await _server.CreateKeyAsync(tenant)).Token;
        await PointReadsDuringAsync(() => _server.Http.SendAsync(LegacyCall(key, "ping"), Cancel));

        IReadOnlyList<string> again = await PointReadsDuringAsync(() => _server.Http.SendAsync(LegacyCall(key, "ping"), Cancel));
        _time.Advance(TimeSpan.FromSeconds(new IdentityCacheOptions().Seconds));
        IReadOnlyList<string> afterTheBound = await PointReadsDuringAsync(() => _server.Http.SendAsync(LegacyCall(key, "ping"), Cancel));

        Assert.Equal((1, 0, 0), (Count(again, TableNames.AccessKeys), Count(again, TableNames.Users), Count(again, TableNames.Organizations)));
        Assert.Equal((1, 1, 1), (Count(afterTheBound, TableNames.AccessKeys), Count(afterTheBound, TableNames.Users), Count(afterTheBound, TableNames.Organizations)));
    }

    [Fact]
    public async Task AnOAuthRequest_ReadsItsGrantOnce_AndWithAWarmCacheNoUserOrOrganization()
    {
        TestTenant tenant = await _server.CreateTenantAsync();
        var grant = new Grant("gr_" + Guid.NewGuid().ToString("N")[..12], tenant.OrganizationId, TestTenant.Coordinator, "test-client",
            [Scopes.ParticipantsRead], _time.GetUtcNow());
        await _server.Services.GetRequiredService<IGrantStore>().AddAsync(grant, Cancel);
        string token = (await _server.Services.GetRequiredService<AccessTokenService>().IssueAsync(grant, grant.Scopes, Cancel)).Token;

        IReadOnlyList<string> cold = await PointReadsDuringAsync(() => _server.Http.SendAsync(LegacyCall(token, "tools/list"), Cancel));
        IReadOnlyList<string> warm = await PointReadsDuringAsync(() => _server.Http.SendAsync(LegacyCall(token, "tools/list"), Cancel));

        Assert.Equal((1, 1, 1), (Count(cold, TableNames.Grants), Count(cold, TableNames.Users), Count(cold, TableNames.Organizations)));
        Assert.Equal((1, 0, 0), (Count(warm, TableNames.Grants), Count(warm, TableNames.Users), Count(warm, TableNames.Organizations)));
        Assert.Equal(cold.Distinct().Count(), cold.Count);
    }

}
