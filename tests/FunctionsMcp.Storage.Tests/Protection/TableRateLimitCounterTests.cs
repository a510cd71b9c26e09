using Azure.Core;
using Azure.Data.Tables;
using FunctionsMcp.OAuth.Protection;
using FunctionsMcp.Storage.Protection;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Storage.Tests.Protection;

/// <summary>
/// The shared rate-limit counters on Azurite: claims are capped at the limit, ETag-checked between instances (each
/// instance is its own counter with its own client), cost one conditional write when nothing changed, and go back.
/// </summary>
public sealed class TableRateLimitCounterTests(AzuriteFixture azurite)
{
    private const long Window = 29_000_000;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>One app instance's counter: its own client and its own remembered versions.</summary>
    private TableRateLimitCounter Instance(StorageRequests? requests = null)
    {
        TableClientOptions options = TableStorageClientFactory.ClientOptions(0, TimeSpan.FromSeconds(30));
        if (requests is not null)
            options.AddPolicy(requests, HttpPipelinePosition.PerRetry);
        return new TableRateLimitCounter(new TableProvider(new TableServiceClient(azurite.ConnectionString, options)));
    }

    private static string NewOrganization() => "o" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Claim_IsCappedAtWhatIsLeft_ThenRefusedWithoutCountingAnything()
    {
        TableRateLimitCounter counter = Instance();
        string organization = NewOrganization();

        RateLimitGrant first = await counter.ClaimAsync(organization, "k1", Window, new RateLimitClaim(8, 8), 10, 100, Cancel);
        RateLimitGrant second = await counter.ClaimAsync(organization, "k1", Window, new RateLimitClaim(8, 8), 10, 100, Cancel);
        RateLimitGrant third = await counter.ClaimAsync(organization, "k1", Window, new RateLimitClaim(8, 8), 10, 100, Cancel);
        RateLimitGrant other = await Instance().ClaimAsync(organization, "k2", Window, new RateLimitClaim(1, 1), 10, 100, Cancel);

        Assert.Equal(new RateLimitGrant(8, 8, 8, 8, null), first);
        Assert.Equal(new RateLimitGrant(2, 8, 10, 16, null), second);
        Assert.Equal(new RateLimitGrant(0, 0, 10, 16, RateLimitScope.Credential), third);
        // The refused claim added nothing to the organization's counter.
        Assert.Equal(new RateLimitGrant(1, 1, 1, 17, null), other);
    }

    [Fact]
    public async Task OrganizationCounter_RefusesWhenSpent_WhateverTheCredentialHasLeft()
    {
        TableRateLimitCounter counter = Instance();
        string organization = NewOrganization();
        await counter.ClaimAsync(organization, "k1", Window, new RateLimitClaim(5, 5), 100, 5, Cancel);

        RateLimitGrant refused = await counter.ClaimAsync(organization, "k2", Window, new RateLimitClaim(1, 1), 100, 5, Cancel);
        RateLimitGrant fromItsOwnShare = await counter.ClaimAsync(organization, "k2", Window, new RateLimitClaim(1, 0), 100, 5, Cancel);

        Assert.Equal(RateLimitScope.Organization, refused.RefusedBy);
        Assert.Equal(new RateLimitGrant(1, 0, 1, 5, null), fromItsOwnShare);
    }

    [Fact]
    public async Task ClaimsFromTwoInstancesAtOnce_NeverAddUpToMoreThanTheLimit()
    {
        TableRateLimitCounter first = Instance();
        TableRateLimitCounter second = Instance();
        string organization = NewOrganization();

        RateLimitGrant[] grants = await Task.WhenAll(Enumerable.Range(0, 24).Select(i =>
            (i % 2 == 0 ? first : second).ClaimAsync(organization, "k", Window, new RateLimitClaim(7, 7), 100, 1000, Cancel)));

        Assert.Equal(100, grants.Sum(g => g.Credential));
        Assert.Equal(100, grants.Max(g => g.CredentialCount));
        // The organization's counter lost no claim either: it holds every block granted from it.
        Assert.Equal(grants.Count(g => g.RefusedBy is null) * 7, grants.Sum(g => g.Organization));
        Assert.Equal(grants.Sum(g => g.Organization), grants.Max(g => g.OrganizationCount));
    }

    [Fact]
    public async Task Claim_WithNothingChangedSinceTheLastOne_IsOneStorageRequest_AndAfterAnotherInstanceClaimedIsThree()
    {
        var requests = new StorageRequests();
        TableRateLimitCounter counter = Instance(requests);
        string organization = NewOrganization();
        await counter.ClaimAsync(organization, "k", Window, new RateLimitClaim(1, 1), 100, 1000, Cancel);

        int before = requests.ToTableOrBatches(TableNames.RateLimits);
        await counter.ClaimAsync(organization, "k", Window, new RateLimitClaim(1, 1), 100, 1000, Cancel);
        int unchanged = requests.ToTableOrBatches(TableNames.RateLimits) - before;

        await Instance().ClaimAsync(organization, "k", Window, new RateLimitClaim(1, 1), 100, 1000, Cancel);
        before = requests.ToTableOrBatches(TableNames.RateLimits);
        RateLimitGrant afterOther = await counter.ClaimAsync(organization, "k", Window, new RateLimitClaim(1, 1), 100, 1000, Cancel);
        int changed = requests.ToTableOrBatches(TableNames.RateLimits) - before;

        Assert.Equal(1, unchanged);
        // The conditional write is refused (412), the rows are read, the claim is written on top.
        Assert.Equal(3, changed);
        Assert.Equal(4, afterOther.CredentialCount);
    }

    [Fact]
    public async Task Claim_InTheNextWindow_StartsFromZero_InOneConditionalWrite()
    {
        var requests = new StorageRequests();
        TableRateLimitCounter counter = Instance(requests);
        string organization = NewOrganization();
        await counter.ClaimAsync(organization, "k", Window, new RateLimitClaim(10, 10), 10, 1000, Cancel);

        int before = requests.ToTableOrBatches(TableNames.RateLimits);
        RateLimitGrant next = await counter.ClaimAsync(organization, "k", Window + 1, new RateLimitClaim(3, 3), 10, 1000, Cancel);

        Assert.Equal(new RateLimitGrant(3, 3, 3, 3, null), next);
        Assert.Equal(1, requests.ToTableOrBatches(TableNames.RateLimits) - before);
    }

    [Fact]
    public async Task Return_HandsBackToThisWindowsCounters_SoAnotherInstanceCanClaimThem()
    {
        TableRateLimitCounter stopping = Instance();
        TableRateLimitCounter staying = Instance();
        string organization = NewOrganization();
        await stopping.ClaimAsync(organization, "k", Window, new RateLimitClaim(10, 10), 10, 1000, Cancel);
        RateLimitGrant spent = await staying.ClaimAsync(organization, "k", Window, new RateLimitClaim(1, 1), 10, 1000, Cancel);

        await stopping.ReturnAsync(organization, Window, 6, new Dictionary<string, int> { ["k"] = 6 }, Cancel);
        RateLimitGrant again = await staying.ClaimAsync(organization, "k", Window, new RateLimitClaim(10, 10), 10, 1000, Cancel);

        Assert.Equal(RateLimitScope.Credential, spent.RefusedBy);
        Assert.Equal(new RateLimitGrant(6, 10, 10, 14, null), again);
    }

    [Fact]
    public async Task Return_ForAnEndedWindow_LeavesTheNextWindowAlone()
    {
        TableRateLimitCounter first = Instance();
        TableRateLimitCounter second = Instance();
        string organization = NewOrganization();
        await first.ClaimAsync(organization, "k", Window, new RateLimitClaim(5, 5), 10, 1000, Cancel);
        await second.ClaimAsync(organization, "k", Window + 1, new RateLimitClaim(4, 4), 10, 1000, Cancel);

        await first.ReturnAsync(organization, Window, 5, new Dictionary<string, int> { ["k"] = 5 }, Cancel);
        RateLimitGrant next = await second.ClaimAsync(organization, "k", Window + 1, new RateLimitClaim(1, 1), 10, 1000, Cancel);

        Assert.Equal(5, next.CredentialCount);
        Assert.Equal(5, next.OrganizationCount);
    }
}
