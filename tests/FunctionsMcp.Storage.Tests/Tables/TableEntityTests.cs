using Azure;
using FunctionsMcp.Storage.Tables;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Storage.Tests.Tables;

public sealed class TableEntityTests(AzuriteFixture azurite) : TableTestBase(azurite)
{
    private static TableEntity Person(string rowKey, string name, int age) =>
        new("p", rowKey) { ["Name"] = name, ["Age"] = age };

    [Fact]
    public async Task CreateIfNotExists_OnExistingTable_ReturnsFalse()
    {
        Assert.False(await Table.CreateIfNotExistsAsync(Cancel));
    }

    [Fact]
    public async Task CreateAndDeleteTable_ShowsInListingOnlyWhileItExists()
    {
        TableClient other = Service.GetTableClient(AzuriteFixture.UniqueTableName("x"));

        Assert.True(await other.CreateIfNotExistsAsync(Cancel));
        Assert.Contains(other.Name, await Service.GetTableNamesAsync(cancellationToken: Cancel));
        Assert.True(await Service.DeleteTableAsync(other.Name, Cancel));
        Assert.DoesNotContain(other.Name, await Service.GetTableNamesAsync(cancellationToken: Cancel));
        Assert.False(await other.DeleteAsync(Cancel));
    }

    [Fact]
    public async Task AddEntity_ThenGet_ReturnsItsPropertiesAndTheSameETag()
    {
        ETag added = await Table.AddEntityAsync(Person("1", "Ada", 36), Cancel);

        TableEntity read = await Table.GetEntityAsync<TableEntity>("p", "1", cancellationToken: Cancel);

        Assert.Equal("Ada", read.GetString("Name"));
        Assert.Equal(36, read.GetInt32("Age"));
        Assert.Equal(added, read.ETag);
        Assert.NotNull(read.Timestamp);
    }

    [Fact]
    public async Task AddEntity_WhenKeysAreTaken_ThrowsAlreadyExistsAndKeepsTheFirst()
    {
        await Table.AddEntityAsync(Person("1", "Ada", 36), Cancel);

        var error = await Assert.ThrowsAsync<TableStorageException>(() => Table.AddEntityAsync(Person("1", "Bob", 50), Cancel));

        Assert.Equal(TableFailure.AlreadyExists, error.Failure);
        Assert.Equal("EntityAlreadyExists", error.ErrorCode);
        Assert.Equal("Ada", (await Table.GetEntityAsync<TableEntity>("p", "1", cancellationToken: Cancel)).GetString("Name"));
    }

    [Fact]
    public async Task GetEntity_WhenMissing_ThrowsNotFound_AndIfExistsReturnsNull()
    {
        var error = await Assert.ThrowsAsync<TableStorageException>(() => Table.GetEntityAsync<TableEntity>("p", "nobody", cancellationToken: Cancel));

        Assert.Equal(TableFailure.NotFound, error.Failure);
        Assert.Null(await Table.GetEntityIfExistsAsync<TableEntity>("p", "nobody", cancellationToken: Cancel));
    }

    [Fact]
    public async Task GetEntityIfExists_OnMissingTable_ThrowsTableNotFoundRatherThanNull()
    {
        TableClient missing = Service.GetTableClient(AzuriteFixture.UniqueTableName("missing"));

        var error = await Assert.ThrowsAsync<TableStorageException>(() => missing.GetEntityIfExistsAsync<TableEntity>("p", "1", cancellationToken: Cancel));

        Assert.Equal(TableFailure.NotFound, error.Failure);
        Assert.Equal("TableNotFound", error.ErrorCode);
    }

    [Fact]
    public async Task GetEntity_WithSelect_ReturnsOnlyTheChosenProperties()
    {
        await Table.AddEntityAsync(Person("1", "Ada", 36), Cancel);

        TableEntity read = await Table.GetEntityAsync<TableEntity>("p", "1", ["Name"], Cancel);

        Assert.Equal("Ada", read.GetString("Name"));
        Assert.False(read.ContainsKey("Age"));
    }

    [Fact]
    public async Task Upsert_CreatesWhenMissing_MergeKeepsOtherProperties_ReplaceRemovesThem()
    {
        await Table.UpsertEntityAsync(Person("1", "Ada", 36), TableUpdateMode.Merge, Cancel);

        await Table.UpsertEntityAsync(new TableEntity("p", "1") { ["City"] = "Perth" }, TableUpdateMode.Merge, Cancel);
        TableEntity merged = await Table.GetEntityAsync<TableEntity>("p", "1", cancellationToken: Cancel);
        Assert.Equal(("Ada", "Perth"), (merged.GetString("Name"), merged.GetString("City")));

        await Table.UpsertEntityAsync(new TableEntity("p", "1") { ["City"] = "Hobart" }, TableUpdateMode.Replace, Cancel);
        TableEntity replaced = await Table.GetEntityAsync<TableEntity>("p", "1", cancellationToken: Cancel);
        Assert.Null(replaced.GetString("Name"));
        Assert.Equal("Hobart", replaced.GetString("City"));
    }

    [Fact]
    public async Task Update_WithCurrentETag_SucceedsAndChangesTheETag()
    {
        ETag first = await Table.AddEntityAsync(Person("1", "Ada", 36), Cancel);

        ETag second = await Table.UpdateEntityAsync(Person("1", "Ada", 37), first, TableUpdateMode.Replace, Cancel);

        Assert.NotEqual(first, second);
        Assert.Equal(37, (await Table.GetEntityAsync<TableEntity>("p", "1", cancellationToken: Cancel)).GetInt32("Age"));
    }

    [Fact]
    public async Task Update_WithStaleETag_ThrowsPreconditionFailedAndChangesNothing()
    {
        ETag stale = await Table.AddEntityAsync(Person("1", "Ada", 36), Cancel);
        await Table.UpdateEntityAsync(Person("1", "Ada", 37), stale, TableUpdateMode.Merge, Cancel);

        var error = await Assert.ThrowsAsync<TableStorageException>(
            () => Table.UpdateEntityAsync(Person("1", "Ada", 99), stale, TableUpdateMode.Merge, Cancel));

        Assert.Equal(TableFailure.PreconditionFailed, error.Failure);
        Assert.Equal("UpdateConditionNotSatisfied", error.ErrorCode);
        Assert.Equal(37, (await Table.GetEntityAsync<TableEntity>("p", "1", cancellationToken: Cancel)).GetInt32("Age"));
    }

    [Fact]
    public async Task Update_OfMissingEntity_ThrowsNotFound()
    {
        var error = await Assert.ThrowsAsync<TableStorageException>(
            () => Table.UpdateEntityAsync(Person("ghost", "Nobody", 1), ETag.All, TableUpdateMode.Merge, Cancel));

        Assert.Equal(TableFailure.NotFound, error.Failure);
    }

    [Fact]
    public async Task Delete_WithStaleETag_ThrowsPreconditionFailed_WithCurrentETag_Deletes()
    {
        ETag stale = await Table.AddEntityAsync(Person("1", "Ada", 36), Cancel);
        ETag current = await Table.UpdateEntityAsync(Person("1", "Ada", 37), stale, TableUpdateMode.Merge, Cancel);

        var error = await Assert.ThrowsAsync<TableStorageException>(() => Table.DeleteEntityAsync("p", "1", stale, Cancel));
        Assert.Equal(TableFailure.PreconditionFailed, error.Failure);
        Assert.NotNull(await Table.GetEntityIfExistsAsync<TableEntity>("p", "1", cancellationToken: Cancel));

        Assert.True(await Table.DeleteEntityAsync("p", "1", current, Cancel));
        Assert.Null(await Table.GetEntityIfExistsAsync<TableEntity>("p", "1", cancellationToken: Cancel));
        Assert.False(await Table.DeleteEntityAsync("p", "1", cancellationToken: Cancel));
    }
}
