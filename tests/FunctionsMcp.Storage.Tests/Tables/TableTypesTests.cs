using System.Runtime.Serialization;
using Azure;
using FunctionsMcp.Storage.Tables;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Storage.Tests.Tables;

public sealed class TableTypesTests(AzuriteFixture azurite) : TableTestBase(azurite)
{
    public enum Status { Active, Archived }

    public sealed class Sample : ITableEntity
    {
        public string PartitionKey { get; set; } = string.Empty;
        public string RowKey { get; set; } = string.Empty;
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public string? Name { get; set; }
        public int Count { get; set; }
        public long Big { get; set; }
        public double Ratio { get; set; }
        public bool Flag { get; set; }
        public DateTimeOffset When { get; set; }
        public DateTime WhenUtc { get; set; }
        public Guid Id { get; set; }
        public byte[]? Bytes { get; set; }
        public Status State { get; set; }
        public decimal Money { get; set; }
        public int? Missing { get; set; }

        [IgnoreDataMember]
        public string Ignored { get; set; } = "not stored";
    }

    [Fact]
    public async Task DictionaryEntity_EveryEdmType_RoundTripsWithItsType()
    {
        var when = new DateTimeOffset(2026, 11, 22, 2, 5, 54, TimeSpan.Zero).AddTicks(6259857);
        var id = Guid.NewGuid();
        var entity = new TableEntity("types", "1")
        {
            ["Text"] = "hello",
            ["Int"] = -42,
            ["Long"] = 9_007_199_254_740_993L,
            ["IntegralDouble"] = 3.0,
            ["Double"] = 0.1,
            ["NaN"] = double.NaN,
            ["Bool"] = true,
            ["Date"] = when,
            ["Guid"] = id,
            ["Bytes"] = new byte[] { 0, 1, 254, 255 },
        };

        await Table.AddEntityAsync(entity, Cancel);
        TableEntity read = await Table.GetEntityAsync<TableEntity>("types", "1", cancellationToken: Cancel);

        Assert.Equal("hello", read["Text"]);
        Assert.Equal(-42, Assert.IsType<int>(read["Int"]));
        Assert.Equal(9_007_199_254_740_993L, Assert.IsType<long>(read["Long"]));
        Assert.Equal(3.0, Assert.IsType<double>(read["IntegralDouble"]));
        Assert.Equal(0.1, Assert.IsType<double>(read["Double"]));
        Assert.True(double.IsNaN(Assert.IsType<double>(read["NaN"])));
        Assert.True(Assert.IsType<bool>(read["Bool"]));
        Assert.Equal(when, Assert.IsType<DateTimeOffset>(read["Date"]));
        Assert.Equal(id, Assert.IsType<Guid>(read["Guid"]));
        Assert.Equal(new byte[] { 0, 1, 254, 255 }, Assert.IsType<byte[]>(read["Bytes"]));
    }

    [Fact]
    public async Task TypedEntity_RoundTripsEveryPropertyAndSkipsIgnoredAndNull()
    {
        var sample = new Sample
        {
            PartitionKey = "typed",
            RowKey = "1",
            Name = "Ngā",
            Count = 7,
            Big = long.MaxValue,
            Ratio = 2.0,
            Flag = true,
            When = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.FromHours(10)),
            WhenUtc = new DateTime(2024, 6, 30, 0, 0, 0, DateTimeKind.Utc),
            Id = Guid.NewGuid(),
            Bytes = [1, 2, 3],
            State = Status.Archived,
            Money = 1234.56m,
        };

        ETag etag = await Table.AddEntityAsync(sample, Cancel);
        Sample read = await Table.GetEntityAsync<Sample>("typed", "1", cancellationToken: Cancel);
        TableEntity raw = await Table.GetEntityAsync<TableEntity>("typed", "1", cancellationToken: Cancel);

        Assert.Equal(etag, read.ETag);
        Assert.Equal((sample.Name, sample.Count, sample.Big, sample.Ratio, sample.Flag), (read.Name, read.Count, read.Big, read.Ratio, read.Flag));
        Assert.Equal(sample.When, read.When);
        Assert.Equal(sample.WhenUtc, read.WhenUtc);
        Assert.Equal(sample.Id, read.Id);
        Assert.Equal(sample.Bytes, read.Bytes);
        Assert.Equal(Status.Archived, read.State);
        Assert.Equal(1234.56m, read.Money);
        Assert.Null(read.Missing);
        Assert.False(raw.ContainsKey("Missing"));
        Assert.False(raw.ContainsKey("Ignored"));
        Assert.Equal("Archived", raw["State"]);
        Assert.Equal("1234.56", raw["Money"]);
    }

    [Theory]
    [InlineData("Zoë Ngā 日本語 😀")]
    [InlineData("O'Brien")]
    [InlineData("space and % and + and &")]
    [InlineData("مرحبا")]
    public async Task UnicodeAndPunctuation_InKeysAndValues_RoundTrip(string text)
    {
        await Table.AddEntityAsync(new TableEntity(text, text) { ["Value"] = text }, Cancel);

        TableEntity read = await Table.GetEntityAsync<TableEntity>(text, text, cancellationToken: Cancel);
        List<TableEntity> queried = await Table.QueryAsync<TableEntity>(TableFilter.Create($"PartitionKey eq {text} and Value eq {text}"), cancellationToken: Cancel).ToListAsync(Cancel);

        Assert.Equal((text, text, text), (read.PartitionKey, read.RowKey, read.GetString("Value")));
        Assert.Equal(text, Assert.Single(queried).RowKey);
        Assert.True(await Table.DeleteEntityAsync(text, text, read.ETag, Cancel));
    }

    [Fact]
    public async Task UnsupportedPropertyType_IsRefusedWithThePropertyName()
    {
        var entity = new TableEntity("x", "1") { ["When"] = TimeSpan.FromHours(1) };

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => Table.AddEntityAsync(entity, Cancel));

        Assert.Contains("When", error.Message, StringComparison.Ordinal);
    }
}
