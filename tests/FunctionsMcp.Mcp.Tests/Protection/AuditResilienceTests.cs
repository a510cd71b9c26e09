using System.Collections.Concurrent;
using System.Net;
using FunctionsMcp.Mcp.Protection;
using FunctionsMcp.Mcp.Transport;
using FunctionsMcp.OAuth.AccessKeys;
using FunctionsMcp.OAuth.Audit;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.OAuth.Telemetry;
using FunctionsMcp.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using static FunctionsMcp.Mcp.Tests.McpRequests;

namespace FunctionsMcp.Mcp.Tests.Protection;

/// <summary>The audit trail never loses an entry because of another one, whoever sent it.</summary>
public sealed class AuditResilienceTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private McpTestServer _server = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    public ValueTask InitializeAsync()
    {
        _server = McpTestServer.Start(azurite);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private static FunctionsMcpMetrics Metrics() =>
        new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());

    private static AuditEntry Entry(string organization, string credential, string method) =>
        new(DateTimeOffset.UtcNow, organization, "u", "AccessKey", credential, null, method, null, "ok", 200, 1);

    [Fact]
    public async Task OversizedRequestsOfOneOrganization_UnderConcurrency_NeverCostAnotherOrganizationItsAuditRows()
    {
        TestTenant noisy = await _server.CreateTenantAsync();
        TestTenant normal = await _server.CreateTenantAsync();
        CreatedAccessKey noisyKey = await _server.CreateKeyAsync(noisy);
        CreatedAccessKey normalKey = await _server.CreateKeyAsync(normal);
        string huge = new('m', 300_000);
        const int Tasks = 20, PerTask = 3;

        await Task.WhenAll(Enumerable.Range(0, Tasks).Select(async task =>
        {
            for (int i = 0; i < PerTask; i++)
            {
                HttpRequestMessage request = task % 2 == 0
                    ? (i % 2 == 0 ? LegacyCall(noisyKey.Token, huge + task) : LegacyCall(noisyKey.Token, "tools/call", Call(huge + task)))
                    : LegacyCall(normalKey.Token, "tools/call", Call("whoami"), id: (task * 10) + i);
                using HttpResponseMessage response = await _server.Http.SendAsync(request, Cancel);
                Assert.True(response.StatusCode < HttpStatusCode.InternalServerError);
            }
        }));

        IAuditStore audit = _server.Services.GetRequiredService<IAuditStore>();
        const int Each = Tasks / 2 * PerTask;
        IReadOnlyList<AuditEntry> normalRows = await AuditTests.WaitForAsync(() => audit.ReadOrganizationDayAsync(normal.OrganizationId, Today, 100, Cancel), Each);
        IReadOnlyList<AuditEntry> normalByKey = await AuditTests.WaitForAsync(() => audit.ReadCredentialAsync(normalKey.Key.Id, 100, Cancel), Each);
        IReadOnlyList<AuditEntry> noisyRows = await AuditTests.WaitForAsync(() => audit.ReadOrganizationDayAsync(noisy.OrganizationId, Today, 100, Cancel), Each);

        Assert.Equal(Each, normalRows.Count(e => e is { Method: "tools/call", Tool: "whoami", Outcome: "ok" }));
        Assert.Equal(Each, normalByKey.Count);
        Assert.Equal(Each, noisyRows.Count);
        Assert.All(noisyRows, e => Assert.InRange((e.Method?.Length ?? 0) + (e.Tool?.Length ?? 0), 1, 2 * AuditEntry.MaxTextLength));
    }

    [Fact]
    public async Task Store_WithAnEntryTheTableRefuses_WritesEveryOtherEntry_AndReturnsOnlyThatOne()
    {
        IAuditStore audit = _server.Services.GetRequiredService<IAuditStore>();
        string organization = "t" + Guid.NewGuid().ToString("N")[..12], other = "t" + Guid.NewGuid().ToString("N")[..12];
        string credential = "c" + Guid.NewGuid().ToString("N")[..12];
        // Its organization id is too long to be a partition key, and too long for a property of the credential's row.
        AuditEntry bad = Entry(new string('o', 40_000), credential, "bad");

        IReadOnlyList<AuditEntry> lost = await audit.WriteAsync(
            [Entry(organization, credential, "first"), bad, Entry(organization, credential, "second"), Entry(other, "c" + Guid.NewGuid().ToString("N")[..12], "third")], Cancel);

        Assert.Equal([bad], lost);
        Assert.Equal(["first", "second"], (await audit.ReadOrganizationDayAsync(organization, Today, 10, Cancel)).Select(e => e.Method).Order());
        Assert.Equal("third", Assert.Single(await audit.ReadOrganizationDayAsync(other, Today, 10, Cancel)).Method);
        Assert.Contains((await audit.ReadCredentialAsync(credential, 10, Cancel)).Select(e => e.Method), m => m == "first");
        Assert.Contains((await audit.ReadCredentialAsync(credential, 10, Cancel)).Select(e => e.Method), m => m == "second");
    }

    [Fact]
    public async Task Writer_StoppedRightAfterItStarted_StillWritesWhatWasQueued()
    {
        var store = new RefusingStore("nothing-refused");
        var writer = new AuditWriter(store, TimeProvider.System, Metrics(), NullLogger<AuditWriter>.Instance);
        for (int i = 0; i < 5; i++)
            writer.OnCompleted(new McpRequestRecord(0) { Principal = new McpPrincipal("a", "u", Role.Coordinator, [], CredentialKind.AccessKey, "key-a"), Method = "ping" });

        await writer.StartAsync(Cancel);
        await writer.StopAsync(Cancel);

        Assert.Equal(5, store.Written.Count);
    }

    [Fact]
    public async Task Writer_WhenTheStoreRefusesABatch_WritesEachEntryAlone_SoOnlyTheBadOneIsLost()
    {
        var store = new RefusingStore("poison");
        var writer = new AuditWriter(store, TimeProvider.System, Metrics(), NullLogger<AuditWriter>.Instance);
        foreach ((string organization, string method) in new[] { ("a", "ping"), ("b", "poison"), ("b", "tools/list"), ("c", "tools/call") })
        {
            var principal = new McpPrincipal(organization, "u", Role.Coordinator, [], CredentialKind.AccessKey, "key-" + organization);
            writer.OnCompleted(new McpRequestRecord(0) { Principal = principal, Method = method });
        }

        await writer.StartAsync(Cancel);
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(Cancel))
        {
            deadline.CancelAfter(TimeSpan.FromSeconds(10));
            while (store.Written.Count < 3)
                await Task.Delay(20, deadline.Token);
        }

        await writer.StopAsync(Cancel);

        Assert.Equal([("a", "ping"), ("b", "tools/list"), ("c", "tools/call")], store.Written.Select(e => (e.OrganizationId, e.Method!)).Order());
        Assert.True(store.Refusals >= 2, "the batch and then the bad entry alone were refused");
    }

    [Fact]
    public void Entry_Bounded_CutsClientChosenTextButKeepsTheIdsThatKeyPartitions()
    {
        string organization = new('o', 300), credential = new('c', 300);
        AuditEntry entry = new(DateTimeOffset.UtcNow, organization, new string('u', 5000), "AccessKey", credential,
            new string('x', 100_000), new string('m', 100_000), new string('t', 100_000), "ok", 200, 1);

        AuditEntry bounded = entry.Bounded();

        Assert.All([bounded.UserId, bounded.ClientId!, bounded.Method!, bounded.Tool!], text => Assert.Equal(AuditEntry.MaxTextLength, text.Length));
        Assert.Equal((organization, credential), (bounded.OrganizationId, bounded.CredentialId));
    }

    /// <summary>Refuses any write that includes the poisoned method, as a failed transaction would; keeps the rest.</summary>
    private sealed class RefusingStore(string poison) : AuditStoreStandIn
    {
        private int _refusals;

        public ConcurrentQueue<AuditEntry> Written { get; } = new();

        public int Refusals => _refusals;

        public override Task<IReadOnlyList<AuditEntry>> WriteAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
        {
            if (entries.Any(e => e.Method == poison))
            {
                Interlocked.Increment(ref _refusals);
                throw new InvalidOperationException("The transaction failed.");
            }

            foreach (AuditEntry entry in entries)
                Written.Enqueue(entry);
            return Task.FromResult<IReadOnlyList<AuditEntry>>([]);
        }
    }
}
