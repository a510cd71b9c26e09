using Azure.Data.Tables;
using FunctionsMcp.OAuth.Audit;
using FunctionsMcp.Storage.Audit;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Storage.Tests.Audit;

/// <summary>One credential's requests a page at a time, newest first, with a cursor that is a position (and only that).</summary>
public sealed class TableAuditStorePagingTests(AzuriteFixture azurite)
{
    private readonly TableAuditStore _store = new(new TableProvider(new TableServiceClient(azurite.ConnectionString)));
    private readonly DateTimeOffset _start = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<string> WriteAsync(int count)
    {
        string credential = "gr_" + Guid.NewGuid().ToString("N")[..12];
        AuditEntry[] entries = [.. Enumerable.Range(0, count).Select(i => new AuditEntry(_start.AddSeconds(i), "org", "user", "OAuthToken", credential, "dyn_app", "tools/call", $"t{i}", "ok", 200, 1))];
        Assert.Empty(await _store.WriteAsync(entries, Cancel));
        return credential;
    }

    [Fact]
    public async Task Pages_AreNewestFirst_EachStartingWhereTheLastEnded_AndTheLastHasNoCursor()
    {
        string credential = await WriteAsync(7);
        var seen = new List<string?>();
        string? after = null;
        int pages = 0;
        do
        {
            AuditPage page = (await _store.ReadCredentialPageAsync(credential, after, 3, Cancel))!;
            seen.AddRange(page.Entries.Select(e => e.Tool));
            after = page.Next;
            pages++;
        }
        while (after is not null);

        Assert.Equal(3, pages);
        Assert.Equal(["t6", "t5", "t4", "t3", "t2", "t1", "t0"], seen);
    }

    [Fact]
    public async Task AFullLastPage_HasNoCursor_AndAnUnknownCredentialIsEmpty()
    {
        string credential = await WriteAsync(3);

        AuditPage exact = (await _store.ReadCredentialPageAsync(credential, null, 3, Cancel))!;
        AuditPage none = (await _store.ReadCredentialPageAsync("gr_nobody", null, 3, Cancel))!;

        Assert.Equal(3, exact.Entries.Count);
        Assert.Null(exact.Next);
        Assert.Empty(none.Entries);
    }

    [Theory]
    [InlineData("not-a-cursor")]
    [InlineData("0000000000000000000_0000000g")]
    [InlineData("000000000000000000x_00000000")]
    [InlineData("' or PartitionKey ne '")]
    public async Task ACursorThisStoreDidNotMake_IsRefused(string after)
    {
        string credential = await WriteAsync(1);

        Assert.Null(await _store.ReadCredentialPageAsync(credential, after, 3, Cancel));
    }
}
