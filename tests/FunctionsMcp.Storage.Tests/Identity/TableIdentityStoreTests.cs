using Azure.Data.Tables;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.Storage.Identity;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Storage.Tests.Identity;

/// <summary>
/// The identity store's updates, which the admin CLI's lifecycle commands make: a change is applied to what is stored at
/// the moment it is written, never to a stale read, so it cannot undo a write (a sign-in, another admin) that came between.
/// </summary>
public sealed class TableIdentityStoreTests(AzuriteFixture azurite)
{
    private readonly TableIdentityStore _store = new(new TableProvider(new TableServiceClient(azurite.ConnectionString)));
    private readonly string _org = "ids" + Guid.NewGuid().ToString("N")[..10];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private User Alex => new(_org, "alex", "Alex", "alex@example.org", Role.Coordinator);

    [Fact]
    public async Task UpdateUser_WhenAnotherWriteComesBetweenReadAndWrite_AppliesTheChangeToThatWrite()
    {
        await _store.SaveUserAsync(Alex, Cancel);
        int calls = 0;

        Updated<User>? updated = await _store.UpdateUserAsync(_org, "alex", user =>
        {
            // A sign-in renames the user after the update read the row and before it writes.
            if (calls++ == 0)
                _store.SaveUserAsync(Alex with { DisplayName = "Alex Renamed" }, Cancel).GetAwaiter().GetResult();
            return user with { Disabled = true };
        }, Cancel);

        Assert.Equal(2, calls);
        Assert.Equal(Alex with { DisplayName = "Alex Renamed" }, updated!.Before);
        Assert.Equal(Alex with { DisplayName = "Alex Renamed", Disabled = true }, await _store.GetUserAsync(_org, "alex", Cancel));
    }

    [Fact]
    public async Task UpdateOrganization_ChangesOnlyWhatTheChangeSays_AndAChangeInPlaceIsReportedUnchanged()
    {
        var organization = new Organization(_org, "Org", EntraTenantId: "tenant", RequestsPerMinute: 100);
        await _store.SaveOrganizationAsync(organization, Cancel);

        Updated<Organization>? first = await _store.UpdateOrganizationAsync(_org, o => o with { Suspended = true }, Cancel);
        Updated<Organization>? second = await _store.UpdateOrganizationAsync(_org, o => o with { Suspended = true }, Cancel);

        Assert.True(first!.Changed);
        Assert.False(second!.Changed);
        Assert.Equal(organization with { Suspended = true }, await _store.GetOrganizationAsync(_org, Cancel));
    }

    [Fact]
    public async Task Update_OfARecordThatDoesNotExist_ReturnsNullAndCreatesNothing()
    {
        Assert.Null(await _store.UpdateUserAsync(_org, "nobody", u => u with { Disabled = true }, Cancel));
        Assert.Null(await _store.UpdateOrganizationAsync(_org, o => o with { Suspended = true }, Cancel));
        Assert.Null(await _store.GetUserAsync(_org, "nobody", Cancel));
        Assert.Null(await _store.GetOrganizationAsync(_org, Cancel));
    }
}
