using System.Net;
using System.Text.Json.Nodes;
using FunctionsMcp.OAuth.AccessKeys;
using FunctionsMcp.OAuth.Audit;
using FunctionsMcp.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using static FunctionsMcp.Mcp.Tests.McpRequests;

namespace FunctionsMcp.Mcp.Tests.Protection;

public sealed class AuditTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private McpTestServer _server = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _server = McpTestServer.Start(azurite);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    /// <summary>Audit writes are asynchronous by design; wait (bounded) until they land.</summary>
    internal static async Task<IReadOnlyList<AuditEntry>> WaitForAsync(Func<Task<IReadOnlyList<AuditEntry>>> read, int count)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        deadline.CancelAfter(TimeSpan.FromSeconds(15));
        while (true)
        {
            IReadOnlyList<AuditEntry> entries = await read();
            if (entries.Count >= count)
                return entries;
            await Task.Delay(50, deadline.Token);
        }
    }

    [Fact]
    public async Task EveryRequest_IsAuditedByOrganizationDayAndByCredential_NewestFirst_WithoutArguments()
    {
        TestTenant tenant = await _server.CreateTenantAsync();
        CreatedAccessKey key = await _server.CreateKeyAsync(tenant);
        const string Secret = "argument-value-that-must-not-be-stored";
        using (HttpResponseMessage list = await _server.Http.SendAsync(LegacyCall(key.Token, "tools/list"), Cancel))
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        // A tool that takes an argument (whoami takes none, and refuses one it does not take), with a value never to be stored.
        using (HttpResponseMessage search = await _server.Http.SendAsync(LegacyCall(key.Token, "tools/call", Call("list_participants", new JsonObject { ["search"] = Secret }), id: 2), Cancel))
            Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        using (HttpResponseMessage denied = await _server.Http.SendAsync(LegacyCall(key.Token, "tools/call", Call("write_probe"), id: 3), Cancel))
            Assert.Equal(HttpStatusCode.OK, denied.StatusCode);

        IAuditStore audit = _server.Services.GetRequiredService<IAuditStore>();
        IReadOnlyList<AuditEntry> day = await WaitForAsync(() => audit.ReadOrganizationDayAsync(tenant.OrganizationId, DateOnly.FromDateTime(DateTime.UtcNow), 10, Cancel), 3);
        IReadOnlyList<AuditEntry> byKey = await WaitForAsync(() => audit.ReadCredentialAsync(key.Key.Id, 10, Cancel), 3);

        Assert.Equal(day.Select(e => (e.Method, e.Tool, e.Status)), byKey.Select(e => (e.Method, e.Tool, e.Status)));
        AuditEntry newest = day[0];
        Assert.Equal(("tools/call", "write_probe"), (newest.Method, newest.Tool));
        AuditEntry call = day[1];
        Assert.Equal((tenant.OrganizationId, TestTenant.Coordinator, "AccessKey", key.Key.Id, "tools/call", "list_participants", "ok", 200),
            (call.OrganizationId, call.UserId, call.CredentialKind, call.CredentialId, call.Method, call.Tool, call.Outcome, call.Status));
        Assert.Equal("tools/list", day[2].Method);
        Assert.DoesNotContain(day, e => e.ToString().Contains(Secret, StringComparison.Ordinal));
        Assert.DoesNotContain(day, e => e.ToString().Contains(key.Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RefusedRequests_AreAuditedWithTheirStatus()
    {
        TestTenant tenant = await _server.CreateTenantAsync();
        CreatedAccessKey key = await _server.CreateKeyAsync(tenant, TestTenant.Coordinator, OAuth.Identity.Scopes.ParticipantsRead);
        using (HttpResponseMessage response = await _server.Http.SendAsync(LegacyCall(key.Token, "tools/call", Call("write_probe")), Cancel))
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);

        IAuditStore audit = _server.Services.GetRequiredService<IAuditStore>();
        AuditEntry entry = (await WaitForAsync(() => audit.ReadCredentialAsync(key.Key.Id, 10, Cancel), 1))[0];

        Assert.Equal(("write_probe", "rejected", 403), (entry.Tool, entry.Outcome, entry.Status));
    }

    [Fact]
    public async Task OneOrganizationsDay_DoesNotShowAnothersRequests()
    {
        TestTenant a = await _server.CreateTenantAsync();
        TestTenant b = await _server.CreateTenantAsync();
        CreatedAccessKey keyOfA = await _server.CreateKeyAsync(a);
        (await _server.Http.SendAsync(LegacyCall(keyOfA.Token, "ping"), Cancel)).Dispose();

        IAuditStore audit = _server.Services.GetRequiredService<IAuditStore>();
        await WaitForAsync(() => audit.ReadCredentialAsync(keyOfA.Key.Id, 10, Cancel), 1);

        Assert.Empty(await audit.ReadOrganizationDayAsync(b.OrganizationId, DateOnly.FromDateTime(DateTime.UtcNow), 10, Cancel));
    }
}
