using Azure.Data.Tables;
using FunctionsMcp.OAuth.Grants;
using FunctionsMcp.Storage.Authorization;
using FunctionsMcp.Storage.Ndis;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Storage.Tests;

/// <summary>
/// Values that reach a filter from outside (a user id, an organization id) stay one literal: every store builds its
/// filters with <see cref="TableClient.CreateQueryFilter(FormattableString)"/>, which quotes and escapes them.
/// </summary>
public sealed class FilterValuesTests(AzuriteFixture azurite)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("x' or true or 'a")]
    [InlineData("' or PartitionKey ne '")]
    [InlineData("O'Brien")]
    [InlineData("'); DROP TABLE x; --")]
    [InlineData("Zoë Ngā 日本語 😀")]
    public async Task GrantList_ForAHostileUserId_MatchesOnlyThatUser(string hostile)
    {
        var store = new TableGrantStore(new TableProvider(new TableServiceClient(azurite.ConnectionString)));
        string organization = "org'" + Guid.NewGuid().ToString("N");
        DateTimeOffset now = DateTimeOffset.UtcNow;
        await store.AddAsync(new Grant("gr_plain", organization, "plain", "client", ["a"], now), Cancel);
        await store.AddAsync(new Grant("gr_other", organization, "other", "client", ["a"], now), Cancel);
        await store.AddAsync(new Grant("gr_hostile", organization, hostile, "client", ["a"], now), Cancel);

        IReadOnlyList<Grant> grants = await store.ListAsync(organization, hostile, Cancel);

        Assert.Equal("gr_hostile", Assert.Single(grants).Id);
        Assert.Equal(3, (await store.ListAsync(organization, null, Cancel)).Count);
    }

    [Theory]
    [InlineData("1234.50")]
    [InlineData("0.01")]
    [InlineData("0")]
    public void Money_RoundTripsAsAnExactInvariantString_WithItsScale(string stored)
    {
        Assert.Equal(stored, StoredDecimal.Format(StoredDecimal.Parse(stored)));
        Assert.Equal("1234.50", StoredDecimal.Format(1234.50m));
        Assert.Null(StoredDecimal.ParseOrNull(StoredDecimal.Format((decimal?)null)));
    }
}
