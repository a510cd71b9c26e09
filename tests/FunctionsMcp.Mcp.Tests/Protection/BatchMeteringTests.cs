using System.Net;
using System.Text.Json.Nodes;
using FunctionsMcp.OAuth.AccessKeys;
using FunctionsMcp.OAuth.Audit;
using FunctionsMcp.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using static FunctionsMcp.Mcp.Tests.McpRequests;

namespace FunctionsMcp.Mcp.Tests.Protection;

/// <summary>A JSON-RPC batch is no way around the limits or the audit trail: each item is one request.</summary>
public sealed class BatchMeteringTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Batched = "2025-03-26";

    // A clock stopped mid-minute, so no test straddles a rate window's boundary.
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(DateTime.UtcNow.Ticks - (DateTime.UtcNow.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero).AddSeconds(30));
    private McpTestServer _server = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _server = McpTestServer.Start(azurite, new Dictionary<string, string?>
        {
            ["RateLimits:RequestsPerMinutePerCredential"] = "5",
            ["RateLimits:RequestsPerMinutePerOrganization"] = "8",
        }, services: s => s.AddSingleton<TimeProvider>(_time));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private static string Pings(int count, int firstId = 1) =>
        "[" + string.Join(",", Enumerable.Range(firstId, count).Select(id => Body("ping", null, id))) + "]";

    private async Task<JsonArray> SendBatchAsync(string key, string batch)
    {
        using HttpResponseMessage response = await _server.Http.SendAsync(Post(key, batch, Batched), Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync()).AsArray();
    }

    [Fact]
    public async Task Batch_OfEightAgainstACredentialLimitOfFive_AdmitsExactlyFive_TheRestGetTheRateLimitErrorWithRetryTime()
    {
        TestTenant tenant = await _server.CreateTenantAsync();
        string key = (await _server.CreateKeyAsync(tenant)).Token;

        JsonArray replies = await SendBatchAsync(key, Pings(8));

        Assert.Equal(Enumerable.Range(1, 8), replies.Select(r => r!["id"]!.GetValue<int>()));
        Assert.All(replies.Take(5), r => Assert.Equal("{}", r!["result"]!.ToJsonString()));
        Assert.All(replies.Skip(5), r =>
        {
            JsonNode error = r!["error"]!;
            Assert.Equal(-32000, error["code"]!.GetValue<int>());
            int retryAfter = error["data"]!["retryAfterSeconds"]!.GetValue<int>();
            Assert.InRange(retryAfter, 1, 60);
            Assert.Contains($"5 requests a minute; retry in {retryAfter} seconds", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        });
        using HttpResponseMessage after = await _server.Http.SendAsync(LegacyCall(key, "ping"), Cancel);
        Assert.Equal(HttpStatusCode.TooManyRequests, after.StatusCode);
    }

    [Fact]
    public async Task Batches_FromTwoKeysOfOneOrganization_ShareTheOrganizationLimit()
    {
        TestTenant tenant = await _server.CreateTenantAsync();
        string one = (await _server.CreateKeyAsync(tenant)).Token;
        string two = (await _server.CreateKeyAsync(tenant, TestTenant.Admin)).Token;

        JsonArray first = await SendBatchAsync(one, Pings(4));
        JsonArray second = await SendBatchAsync(two, Pings(6));

        Assert.All(first, r => Assert.NotNull(r!["result"]));
        Assert.Equal(4, second.Count(r => r!["result"] is not null));
        Assert.All(second.Skip(4), r => Assert.Contains("organization", r!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Batch_IsAuditedAsOneEntryPerItem_WithItsOwnMethodToolAndOutcome()
    {
        TestTenant tenant = await _server.CreateTenantAsync();
        CreatedAccessKey key = await _server.CreateKeyAsync(tenant, TestTenant.Coordinator, OAuth.Identity.Scopes.ParticipantsRead);
        string batch = "[" + Body("ping", null, 1) + "," + Body("tools/call", Call("whoami"), 2) + "," + Body("tools/call", Call("write_probe"), 3) + ","
            + "{\"hello\":1}," + Body("notifications/initialized", null, null) + "," + Body("tools/list", null, 4) + "," + Body("ping", null, 5) + "]";

        JsonArray replies = await SendBatchAsync(key.Token, batch);

        Assert.Equal(6, replies.Count);
        IAuditStore audit = _server.Services.GetRequiredService<IAuditStore>();
        IReadOnlyList<AuditEntry> entries = await AuditTests.WaitForAsync(() => audit.ReadCredentialAsync(key.Key.Id, 20, Cancel), 7);
        (string?, string?, string, int)[] expected =
        [
            ("ping", null, "ok", 200),
            ("tools/call", "whoami", "ok", 200),
            ("tools/call", "write_probe", "rejected", 403),
            (null, null, "rejected", 400),
            ("notifications/initialized", null, "accepted", 202),
            // The credential allows five a minute: the sixth and seventh items are refused.
            ("tools/list", null, "rejected", 429),
            ("ping", null, "rejected", 429),
        ];
        Assert.Equal(
            expected.Order(),
            entries.Select(e => (e.Method, e.Tool, e.Outcome, e.Status)).Order());
        Assert.DoesNotContain(entries, e => e.Method == "batch");
    }

    [Fact]
    public async Task Batch_OfMoreThanFiftyItems_Is400StatingTheCap_AndNothingIsServed()
    {
        TestTenant tenant = await _server.CreateTenantAsync();
        string key = (await _server.CreateKeyAsync(tenant)).Token;

        using HttpResponseMessage response = await _server.Http.SendAsync(Post(key, Pings(51), Batched), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonNode error = (await response.JsonAsync())["error"]!;
        Assert.Equal(-32600, error["code"]!.GetValue<int>());
        Assert.Contains("at most 50 messages", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        using HttpResponseMessage next = await _server.Http.SendAsync(LegacyCall(key, "ping"), Cancel);
        Assert.StartsWith("\"credential\";r=3;", next.Headers.GetValues("RateLimit").Single(), StringComparison.Ordinal);
    }
}
