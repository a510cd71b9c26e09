using Azure.Data.Tables;
using FunctionsMcp.OAuth.Grants;
using FunctionsMcp.Storage;
using FunctionsMcp.Storage.Authorization;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.OAuth.Tests.Grants;

/// <summary>The connections service the CLI and the settings page share, against the real grant store in Azurite.</summary>
public sealed class GrantServiceTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly TableGrantStore _store;
    private readonly GrantService _service;
    private readonly string _org = "org" + Guid.NewGuid().ToString("N")[..8];

    public GrantServiceTests(AzuriteFixture azurite)
    {
        _store = new TableGrantStore(new TableProvider(new TableServiceClient(azurite.ConnectionString)));
        _service = new GrantService(_store, _time);
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<Grant> AddAsync(string user, string client = "dyn_app", string? organization = null)
    {
        var grant = new Grant("gr_" + Guid.NewGuid().ToString("N")[..12], organization ?? _org, user, client, ["participants:read"], _time.GetUtcNow(), ClientName: "App");
        await _store.AddAsync(grant, Cancel);
        return grant;
    }

    [Fact]
    public async Task FindAndRevoke_WithAnOwner_ReachOnlyThatPersonsGrants_AndAnotherOrganizationsNever()
    {
        Grant workers = await AddAsync("worker");
        Grant foreign = await AddAsync("worker", organization: "other" + _org);

        Assert.Null(await _service.FindAsync(_org, "coordinator", workers.Id, Cancel));
        Assert.Null(await _service.RevokeAsync(_org, "coordinator", workers.Id, GrantService.DisconnectedReason, Cancel));
        Assert.Null(await _service.FindAsync(_org, null, foreign.Id, Cancel));
        Assert.Null(await _service.RevokeAsync(_org, null, foreign.Id, GrantService.AdministratorReason, Cancel));
        Assert.True((await _store.GetAsync(_org, workers.Id, Cancel))!.IsActive);
        Assert.True((await _store.GetAsync("other" + _org, foreign.Id, Cancel))!.IsActive);

        Assert.True((await _service.RevokeAsync(_org, "worker", workers.Id, GrantService.DisconnectedReason, Cancel))!.IsActive);
        Grant revoked = (await _store.GetAsync(_org, workers.Id, Cancel))!;
        Assert.Equal((false, GrantService.DisconnectedReason, "App"), (revoked.IsActive, revoked.RevokedReason, revoked.ClientName));
    }

    [Fact]
    public async Task RevokeClient_DisconnectsThatAppsActiveConnections_OnlyTheUsersWhenNamed()
    {
        Grant a = await AddAsync("worker");
        Grant b = await AddAsync("coordinator");
        Grant other = await AddAsync("worker", client: "dyn_other");

        IReadOnlyList<Grant> workers = await _service.RevokeClientAsync(_org, "worker", "dyn_app", GrantService.AdministratorReason, Cancel);
        IReadOnlyList<Grant> rest = await _service.RevokeClientAsync(_org, null, "dyn_app", GrantService.ClientDeletedReason, Cancel);

        Assert.Equal([a.Id], workers.Select(g => g.Id));
        Assert.Equal([b.Id], rest.Select(g => g.Id));
        Assert.Equal(GrantService.AdministratorReason, (await _store.GetAsync(_org, a.Id, Cancel))!.RevokedReason);
        Assert.True((await _store.GetAsync(_org, other.Id, Cancel))!.IsActive);
    }
}
