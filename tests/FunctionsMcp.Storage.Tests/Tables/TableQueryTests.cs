using System.Globalization;
using Azure;
using FunctionsMcp.Storage.Tables;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Storage.Tests.Tables;

public sealed class TableQueryTests(AzuriteFixture azurite) : TableTestBase(azurite)
{
    private async Task InsertRowsAsync(string partition, int count)
    {
        for (int start = 0; start < count; start += TableTransaction.MaxActions)
        {
            IEnumerable<TableTransactionAction> batch = Enumerable.Range(start, Math.Min(TableTransaction.MaxActions, count - start))
                .Select(i => new TableTransactionAction(
                    TableTransactionActionType.Add,
                    new TableEntity(partition, i.ToString("D5", CultureInfo.InvariantCulture)) { ["N"] = i }));
            await Table.SubmitTransactionAsync(batch, Cancel);
        }
    }

    [Fact]
    public async Task Query_Over1500Entities_FollowsContinuationsAndReturnsEachOnceInKeyOrder()
    {
        await InsertRowsAsync("big", 1500);

        var pages = new List<int>();
        var rows = new List<string>();
        await foreach (Page<TableEntity> page in Table.QueryAsync<TableEntity>(TableFilter.PartitionKeyEquals("big"), cancellationToken: Cancel).AsPages())
        {
            pages.Add(page.Values.Count);
            rows.AddRange(page.Values.Select(e => e.RowKey));
        }

        Assert.True(pages.Count >= 2, $"expected several pages, got {pages.Count}");
        Assert.All(pages, size => Assert.InRange(size, 0, 1000));
        Assert.Equal(1500, rows.Count);
        Assert.Equal(rows.Order(StringComparer.Ordinal), rows);
        Assert.Equal(1500, rows.Distinct().Count());
    }

    [Fact]
    public async Task Query_AsAsyncEnumerable_YieldsEveryEntity()
    {
        await InsertRowsAsync("all", 250);

        int count = 0;
        await foreach (TableEntity _ in Table.QueryAsync<TableEntity>(TableFilter.PartitionKeyEquals("all"), maxPerPage: 40, cancellationToken: Cancel))
            count++;

        Assert.Equal(250, count);
    }

    [Fact]
    public async Task AsPages_ResumedFromAContinuationToken_ContinuesWithoutOverlapOrGap()
    {
        await InsertRowsAsync("resume", 30);
        AsyncPageable<TableEntity> query = Table.QueryAsync<TableEntity>(TableFilter.PartitionKeyEquals("resume"), cancellationToken: Cancel);

        (IReadOnlyList<TableEntity> first, string? token) = await query.ReadPageAsync(null, 12, Cancel);
        (IReadOnlyList<TableEntity> second, string? token2) = await query.ReadPageAsync(token, 12, Cancel);
        (IReadOnlyList<TableEntity> third, string? end) = await query.ReadPageAsync(token2, 12, Cancel);

        Assert.Equal(12, first.Count);
        Assert.NotNull(token);
        Assert.Equal("00012", second[0].RowKey);
        Assert.Equal(6, third.Count);
        Assert.Null(end);
    }

    [Fact]
    public async Task Query_WithSelect_ReturnsOnlyChosenProperties()
    {
        await Table.AddEntityAsync(new TableEntity("s", "1") { ["Name"] = "Ada", ["Secret"] = "x" }, Cancel);

        List<TableEntity> rows = await Table.QueryAsync<TableEntity>(TableFilter.PartitionKeyEquals("s"), selectProperties: ["Name"], cancellationToken: Cancel).ToListAsync(Cancel);

        TableEntity row = Assert.Single(rows);
        Assert.Equal("Ada", row.GetString("Name"));
        Assert.False(row.ContainsKey("Secret"));
    }

    [Theory]
    [InlineData("x' or true or 'a")]
    [InlineData("' or PartitionKey ne '")]
    [InlineData("O'Brien")]
    [InlineData("'); DROP TABLE x; --")]
    public async Task Filter_WithHostileValue_MatchesOnlyThatLiteral(string hostile)
    {
        await Table.AddEntityAsync(new TableEntity("h", "plain") { ["Name"] = "plain" }, Cancel);
        await Table.AddEntityAsync(new TableEntity("h", "other") { ["Name"] = "other" }, Cancel);
        await Table.AddEntityAsync(new TableEntity("h", "hostile") { ["Name"] = hostile }, Cancel);

        List<TableEntity> rows = await Table.QueryAsync<TableEntity>(TableFilter.Create($"PartitionKey eq {"h"} and Name eq {hostile}"), cancellationToken: Cancel).ToListAsync(Cancel);

        TableEntity row = Assert.Single(rows);
        Assert.Equal("hostile", row.RowKey);
    }

    [Fact]
    public async Task Filter_WithTypedLiterals_ComparesByType()
    {
        var when = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
        var id = Guid.NewGuid();
        await Table.AddEntityAsync(new TableEntity("typed", "1") { ["Big"] = 5_000_000_000L, ["At"] = when, ["Id"] = id, ["On"] = true, ["Score"] = 2.5 }, Cancel);
        await Table.AddEntityAsync(new TableEntity("typed", "2") { ["Big"] = 1L, ["At"] = when.AddDays(-10), ["Id"] = Guid.NewGuid(), ["On"] = false, ["Score"] = 1.0 }, Cancel);

        async Task<string> OnlyMatchAsync(TableFilter filter) =>
            Assert.Single(await Table.QueryAsync<TableEntity>(TableFilter.PartitionKeyEquals("typed").And(filter), cancellationToken: Cancel).ToListAsync(Cancel)).RowKey;

        Assert.Equal("1", await OnlyMatchAsync(TableFilter.Create($"Big gt {4_000_000_000L}")));
        Assert.Equal("1", await OnlyMatchAsync(TableFilter.Create($"At ge {when.AddDays(-1)}")));
        Assert.Equal("1", await OnlyMatchAsync(TableFilter.Create($"Id eq {id}")));
        Assert.Equal("2", await OnlyMatchAsync(TableFilter.Create($"On eq {false}")));
        Assert.Equal("1", await OnlyMatchAsync(TableFilter.Create($"Score gt {2.0}")));
    }

    [Fact]
    public async Task RowKeyPrefix_ReturnsOnlyThatRangeOfThePartition()
    {
        foreach (string row in new[] { "goal_1", "goal_2", "goalx", "plan_1" })
            await Table.AddEntityAsync(new TableEntity("org", row), Cancel);
        await Table.AddEntityAsync(new TableEntity("org2", "goal_9"), Cancel);

        List<TableEntity> rows = await Table.QueryAsync<TableEntity>(TableFilter.RowKeyPrefix("org", "goal_"), cancellationToken: Cancel).ToListAsync(Cancel);

        Assert.Equal(["goal_1", "goal_2"], rows.Select(r => r.RowKey));
    }
}
