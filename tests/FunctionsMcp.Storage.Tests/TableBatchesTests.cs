using Azure;
using Azure.Data.Tables;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Storage.Tests;

public sealed class TableBatchesTests(AzuriteFixture azurite) : TableTestBase(azurite)
{
    private static TableTransactionAction Add(string partition, int row) =>
        new(TableTransactionActionType.Add, new TableEntity(partition, $"r{row:D3}"));

    [Fact]
    public void Split_CutsOnePartitionIntoChunksOfAtMost100_InOrder()
    {
        TableTransactionAction[] actions = [.. Enumerable.Range(0, 250).Select(i => Add("a", i))];

        IReadOnlyList<TableTransactionAction[]> batches = TableBatches.Split(actions);

        Assert.Equal([100, 100, 50], batches.Select(b => b.Length));
        Assert.Equal(actions, batches.SelectMany(b => b));
    }

    [Fact]
    public void Split_NeverMixesPartitions_AndKeepsEachPartitionsOrder()
    {
        TableTransactionAction[] actions = [Add("a", 1), Add("b", 1), Add("a", 2), Add("c", 1), Add("b", 2)];

        IReadOnlyList<TableTransactionAction[]> batches = TableBatches.Split(actions);

        Assert.Equal(3, batches.Count);
        Assert.All(batches, b => Assert.Single(b.Select(a => a.Entity.PartitionKey).Distinct()));
        Assert.Equal(["a", "b", "c"], batches.Select(b => b[0].Entity.PartitionKey));
        Assert.Equal(["r001", "r002"], batches[0].Select(a => a.Entity.RowKey));
        Assert.Equal(["r001", "r002"], batches[1].Select(a => a.Entity.RowKey));
    }

    [Fact]
    public void Split_OfExactly100_IsOneBatch_And101IsTwo()
    {
        Assert.Single(TableBatches.Split(Enumerable.Range(0, 100).Select(i => Add("a", i))));
        Assert.Equal([100, 1], TableBatches.Split(Enumerable.Range(0, 101).Select(i => Add("a", i))).Select(b => b.Length));
        Assert.Empty(TableBatches.Split([]));
    }

    public static TheoryData<string, TableTransactionAction[]> NotAtomic => new()
    {
        { "empty", [] },
        { "101 actions", [.. Enumerable.Range(0, 101).Select(i => Add("b", i))] },
        { "two partitions", [Add("b", 1), Add("c", 2)] },
    };

    [Theory]
    [MemberData(nameof(NotAtomic))]
    public async Task SubmitAtomic_RefusesWhatCannotBeOneTransaction_WithoutWriting(string why, TableTransactionAction[] actions)
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => TableBatches.SubmitAtomicAsync(Table, actions, Cancel));

        Assert.Empty(await Table.QueryAsync<TableEntity>(cancellationToken: Cancel).ToListAsync(Cancel));
        Assert.NotNull(why);
    }

    [Fact]
    public async Task SubmitAtomic_OfTheMaximum100_WritesThemAll_AndAnswersEachVersion()
    {
        IReadOnlyList<Response> written = await TableBatches.SubmitAtomicAsync(Table, [.. Enumerable.Range(0, 100).Select(i => Add("b", i))], Cancel);

        Assert.Equal(100, written.Count);
        Assert.Equal((await Table.GetEntityAsync<TableEntity>("b", "r000", cancellationToken: Cancel)).Value.ETag.ToString(), written[0].Version());
        Assert.Equal(100, await Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"b"}"), cancellationToken: Cancel).CountAsync(Cancel));
    }

    [Fact]
    public async Task SubmitAtomic_WithOneFailingAction_WritesNothing_AndNamesTheActionAndFailure()
    {
        await Table.AddEntityAsync(new TableEntity("b", "taken"), Cancel);

        var error = await Assert.ThrowsAsync<TableTransactionFailedException>(() => TableBatches.SubmitAtomicAsync(Table,
        [
            Add("b", 1),
            new(TableTransactionActionType.UpsertReplace, new TableEntity("b", "second")),
            new(TableTransactionActionType.Add, new TableEntity("b", "taken")),
        ], Cancel));

        Assert.Equal(TableFailure.AlreadyExists, error.Failure);
        Assert.Equal(2, error.FailedTransactionActionIndex);
        Assert.False((await Table.GetEntityIfExistsAsync<TableEntity>("b", "second", cancellationToken: Cancel)).HasValue);
    }
}
