using Azure;
using FunctionsMcp.Storage.Tables;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Storage.Tests.Tables;

public sealed class TableConcurrencyTests(AzuriteFixture azurite) : TableTestBase(azurite)
{
    [Fact]
    public async Task TwoWritersOfOneVersion_OneWins_TheOtherGetsPreconditionFailed()
    {
        await Table.AddEntityAsync(new TableEntity("c", "counter") { ["Value"] = 0 }, Cancel);
        TableEntity first = await Table.GetEntityAsync<TableEntity>("c", "counter", cancellationToken: Cancel);
        TableEntity second = await Table.GetEntityAsync<TableEntity>("c", "counter", cancellationToken: Cancel);

        Task<ETag> a = Table.UpdateEntityAsync(new TableEntity("c", "counter") { ["Value"] = 1, ["Writer"] = "a" }, first.ETag, TableUpdateMode.Replace, Cancel);
        Task<ETag> b = Table.UpdateEntityAsync(new TableEntity("c", "counter") { ["Value"] = 1, ["Writer"] = "b" }, second.ETag, TableUpdateMode.Replace, Cancel);
        Task all = Task.WhenAll(a, b);
        await Assert.ThrowsAnyAsync<TableStorageException>(() => all);

        Task<ETag>[] writes = [a, b];
        Assert.Equal(1, writes.Count(w => w.IsCompletedSuccessfully));
        Task<ETag> loser = Assert.Single(writes, w => w.IsFaulted);
        Assert.Equal(TableFailure.PreconditionFailed, ((TableStorageException)loser.Exception!.InnerException!).Failure);

        string winner = writes[0].IsCompletedSuccessfully ? "a" : "b";
        Assert.Equal(winner, (await Table.GetEntityAsync<TableEntity>("c", "counter", cancellationToken: Cancel)).GetString("Writer"));
    }

    [Fact]
    public async Task ConcurrentIncrementsThatRetryOnConflict_LoseNoUpdate()
    {
        const int Writers = 8;
        await Table.AddEntityAsync(new TableEntity("c", "counter") { ["Value"] = 0 }, Cancel);
        int conflicts = 0;

        async Task IncrementAsync()
        {
            while (true)
            {
                TableEntity current = await Table.GetEntityAsync<TableEntity>("c", "counter", cancellationToken: Cancel);
                var next = new TableEntity("c", "counter") { ["Value"] = current.GetInt32("Value")!.Value + 1 };
                try
                {
                    await Table.UpdateEntityAsync(next, current.ETag, TableUpdateMode.Replace, Cancel);
                    return;
                }
                catch (TableStorageException ex) when (ex.Failure == TableFailure.PreconditionFailed)
                {
                    Interlocked.Increment(ref conflicts);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(IncrementAsync, Cancel)));

        Assert.Equal(Writers, (await Table.GetEntityAsync<TableEntity>("c", "counter", cancellationToken: Cancel)).GetInt32("Value"));
    }
}
