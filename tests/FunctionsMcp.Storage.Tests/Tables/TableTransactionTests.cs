using Azure;
using FunctionsMcp.Storage.Tables;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Storage.Tests.Tables;

public sealed class TableTransactionTests(AzuriteFixture azurite) : TableTestBase(azurite)
{
    private async Task<bool> ExistsAsync(string rowKey) =>
        await Table.GetEntityIfExistsAsync<TableEntity>("b", rowKey, cancellationToken: Cancel) is not null;

    [Fact]
    public async Task Transaction_WithEveryActionType_AppliesThemAll()
    {
        ETag mergeMe = await Table.AddEntityAsync(new TableEntity("b", "merge") { ["A"] = 1, ["B"] = 1 }, Cancel);
        await Table.AddEntityAsync(new TableEntity("b", "replace") { ["A"] = 1, ["B"] = 1 }, Cancel);
        await Table.AddEntityAsync(new TableEntity("b", "delete"), Cancel);
        await Table.AddEntityAsync(new TableEntity("b", "upsert") { ["A"] = 1 }, Cancel);

        IReadOnlyList<ETag> etags = await Table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("b", "new") { ["A"] = 7 }),
            new(TableTransactionActionType.UpdateMerge, new TableEntity("b", "merge") { ["B"] = 2 }, mergeMe),
            new(TableTransactionActionType.UpdateReplace, new TableEntity("b", "replace") { ["B"] = 2 }),
            new(TableTransactionActionType.Delete, new TableEntity("b", "delete")),
            new(TableTransactionActionType.UpsertMerge, new TableEntity("b", "upsert") { ["B"] = 2 }),
            new(TableTransactionActionType.UpsertReplace, new TableEntity("b", "fresh") { ["C"] = 3 }),
        ], Cancel);

        Assert.Equal(6, etags.Count);
        Assert.Equal(7, (await Table.GetEntityAsync<TableEntity>("b", "new", cancellationToken: Cancel)).GetInt32("A"));
        TableEntity merged = await Table.GetEntityAsync<TableEntity>("b", "merge", cancellationToken: Cancel);
        Assert.Equal((1, 2), (merged.GetInt32("A"), merged.GetInt32("B")));
        Assert.Equal(etags[1], merged.ETag);
        TableEntity replaced = await Table.GetEntityAsync<TableEntity>("b", "replace", cancellationToken: Cancel);
        Assert.Equal((null, 2), (replaced.GetInt32("A"), replaced.GetInt32("B")));
        Assert.False(await ExistsAsync("delete"));
        Assert.Equal(1, (await Table.GetEntityAsync<TableEntity>("b", "upsert", cancellationToken: Cancel)).GetInt32("A"));
        Assert.True(await ExistsAsync("fresh"));
    }

    [Fact]
    public async Task Transaction_WithOneFailingAction_WritesNothingAndNamesTheAction()
    {
        await Table.AddEntityAsync(new TableEntity("b", "taken") { ["A"] = 1 }, Cancel);

        var error = await Assert.ThrowsAsync<TableTransactionFailedException>(() => Table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("b", "first")),
            new(TableTransactionActionType.UpsertReplace, new TableEntity("b", "second")),
            new(TableTransactionActionType.Add, new TableEntity("b", "taken") { ["A"] = 2 }),
        ], Cancel));

        Assert.Equal(TableFailure.AlreadyExists, error.Failure);
        Assert.Equal(2, error.FailedActionIndex);
        Assert.False(await ExistsAsync("first"));
        Assert.False(await ExistsAsync("second"));
        Assert.Equal(1, (await Table.GetEntityAsync<TableEntity>("b", "taken", cancellationToken: Cancel)).GetInt32("A"));
    }

    [Fact]
    public async Task Transaction_WithStaleETag_FailsWithPreconditionFailedAndWritesNothing()
    {
        ETag stale = await Table.AddEntityAsync(new TableEntity("b", "x") { ["A"] = 1 }, Cancel);
        await Table.UpdateEntityAsync(new TableEntity("b", "x") { ["A"] = 2 }, stale, TableUpdateMode.Merge, Cancel);

        var error = await Assert.ThrowsAsync<TableTransactionFailedException>(() => Table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("b", "y")),
            new(TableTransactionActionType.UpdateMerge, new TableEntity("b", "x") { ["A"] = 3 }, stale),
        ], Cancel));

        Assert.Equal(TableFailure.PreconditionFailed, error.Failure);
        Assert.False(await ExistsAsync("y"));
        Assert.Equal(2, (await Table.GetEntityAsync<TableEntity>("b", "x", cancellationToken: Cancel)).GetInt32("A"));
    }

    [Fact]
    public async Task Transaction_OfTheMaximum100Actions_Succeeds()
    {
        IReadOnlyList<ETag> etags = await Table.SubmitTransactionAsync(
            Enumerable.Range(0, 100).Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("b", $"r{i:D3}"))), Cancel);

        Assert.Equal(100, etags.Count);
        Assert.Equal(100, await Table.QueryAsync<TableEntity>(TableFilter.PartitionKeyEquals("b"), cancellationToken: Cancel).CountAsync(Cancel));
    }

    public static TheoryData<string, TableTransactionAction[]> InvalidTransactions => new()
    {
        { "empty", [] },
        { "101 actions", Enumerable.Range(0, 101).Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("b", $"r{i}"))).ToArray() },
        { "two partitions", [new(TableTransactionActionType.Add, new TableEntity("b", "1")), new(TableTransactionActionType.Add, new TableEntity("c", "2"))] },
        { "same entity twice", [new(TableTransactionActionType.Add, new TableEntity("b", "1")), new(TableTransactionActionType.Delete, new TableEntity("b", "1"))] },
        { "bad key", [new(TableTransactionActionType.Add, new TableEntity("b", "a/b"))] },
    };

    [Theory]
    [MemberData(nameof(InvalidTransactions))]
    public async Task Transaction_BreakingTheRules_IsRefusedBeforeSending(string why, TableTransactionAction[] actions)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Table.SubmitTransactionAsync(actions, Cancel));
        Assert.Empty(await Table.QueryAsync<TableEntity>(cancellationToken: Cancel).ToListAsync(Cancel));
        Assert.NotNull(why);
    }
}
