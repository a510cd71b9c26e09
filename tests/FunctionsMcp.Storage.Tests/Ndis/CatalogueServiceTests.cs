using Azure.Data.Tables;
using FunctionsMcp.Ndis.Catalogue;
using FunctionsMcp.Ndis.Common;
using FunctionsMcp.Storage.Ndis;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Storage.Tests.Ndis;

/// <summary>The shared support catalogue: the sample, its loading, search and item-number rules, against Azurite.</summary>
public sealed class CatalogueServiceTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private TableCatalogueStore _store = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private CatalogueService Service => new(_store);

    public async ValueTask InitializeAsync()
    {
        _store = new TableCatalogueStore(new TableProvider(new TableServiceClient(azurite.ConnectionString)));
        await _store.LoadAsync(SampleCatalogue.Items, Cancel);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<List<CatalogueItem>> SearchAllAsync(string? search, string? category, int pageSize)
    {
        var all = new List<CatalogueItem>();
        string? cursor = null;
        do
        {
            RecordOutcome<RecordPage<CatalogueItem>> page = await Service.SearchAsync(new CatalogueQuery(search, category, pageSize, cursor), Cancel);
            Assert.True(page.Succeeded, page.Message);
            all.AddRange(page.Value!.Items);
            cursor = page.Value.NextCursor;
        }
        while (cursor is not null);
        return all;
    }

    [Fact]
    public void TheSample_HasAboutFortyValidItems_InEveryRegionPricedConsistently()
    {
        IReadOnlyList<CatalogueItem> items = SampleCatalogue.Items;

        Assert.InRange(items.Count, 35, 60);
        Assert.Equal(items.Count, items.Select(i => i.ItemNumber).Distinct().Count());
        Assert.All(items, item =>
        {
            Assert.True(SupportCatalogue.IsItemNumber(item.ItemNumber), item.ItemNumber);
            Assert.Equal(item.ItemNumber[..2], item.SupportCategory);
            Assert.Equal(item.ItemNumber.Split('_')[2], item.RegistrationGroup);
            Assert.True(item.PriceLimits.National is null || (item.PriceLimits.Remote >= item.PriceLimits.National && item.PriceLimits.VeryRemote >= item.PriceLimits.Remote), item.ItemNumber);
        });
        CatalogueItem selfCare = items.Single(i => i.ItemNumber == "01_011_0107_1_1");
        Assert.Equal(("Assistance with Daily Life", "Core", CatalogueUnit.Hour), (selfCare.SupportCategoryName, selfCare.SupportPurpose, selfCare.Unit));
    }

    [Theory]
    [InlineData("01_011_0107_1_1", true)]
    [InlineData("15_054_0128_1_3", true)]
    [InlineData("03_090000911_0103_1_1", true)]
    [InlineData("1_011_0107_1_1", false)]
    [InlineData("01_11_0107_1_1", false)]
    [InlineData("01_011_107_1_1", false)]
    [InlineData("01_011_0107_11_1", false)]
    [InlineData("01-011-0107-1-1", false)]
    [InlineData("16_011_0107_1_1", false)]
    [InlineData("00_011_0107_1_1", false)]
    [InlineData("01_011_0107_1_1 ", false)]
    [InlineData("01_011_0107_1_1_T", false)]
    [InlineData("", false)]
    public void ItemNumbers_FollowTheOfficialFormat(string number, bool valid) =>
        Assert.Equal(valid, SupportCatalogue.IsItemNumber(number));

    [Fact]
    public async Task Get_ByItemNumber_ReturnsTheItemWithItsPriceLimits()
    {
        RecordOutcome<CatalogueItem> item = await Service.GetAsync("01_011_0107_1_1", Cancel);

        Assert.Equal(SampleCatalogue.Items.Single(i => i.ItemNumber == "01_011_0107_1_1"), item.Value);
        Assert.Equal(67.56m, item.Value!.PriceLimits.National);
    }

    [Fact]
    public async Task Get_WithAMalformedNumber_IsInvalid_AndAnUnknownOneNotFound()
    {
        RecordOutcome<CatalogueItem> malformed = await Service.GetAsync("01-011-0107", Cancel);
        RecordOutcome<CatalogueItem> unknown = await Service.GetAsync("01_999_0107_1_1", Cancel);

        Assert.Equal(RecordFailure.Invalid, malformed.Failure);
        Assert.StartsWith("item_number: '01-011-0107' is not an NDIS support item number", malformed.Message, StringComparison.Ordinal);
        Assert.Equal((RecordFailure.NotFound, "support item 01_999_0107_1_1 is not in the catalogue"), (unknown.Failure!.Value, unknown.Message));
    }

    [Fact]
    public async Task Search_ByWords_FindsEachItemOnce()
    {
        List<CatalogueItem> found = await SearchAllAsync("self care sat", null, 1);
        List<CatalogueItem> therapy = await SearchAllAsync("therapy", null, 3);

        Assert.Equal(["01_013_0107_1_1"], found.Select(i => i.ItemNumber));
        Assert.Equal(therapy.Count, therapy.Select(i => i.ItemNumber).Distinct().Count());
        Assert.Contains(therapy, i => i.ItemNumber == "15_054_0128_1_3");
    }

    [Fact]
    public async Task Search_ByCategory_AndByCategoryAndWords()
    {
        List<CatalogueItem> coordination = await SearchAllAsync(null, "07", 2);
        List<CatalogueItem> weekendCommunity = await SearchAllAsync("saturday", "04", 10);

        Assert.Equal(SampleCatalogue.Items.Where(i => i.SupportCategory == "07").Select(i => i.ItemNumber).Order(StringComparer.Ordinal), coordination.Select(i => i.ItemNumber));
        Assert.Equal(["04_105_0125_6_1"], weekendCommunity.Select(i => i.ItemNumber));
    }

    [Fact]
    public async Task Search_WithoutCriteria_PagesThroughTheWholeSample()
    {
        List<CatalogueItem> all = await SearchAllAsync(null, null, 7);

        HashSet<string> sample = [.. SampleCatalogue.Items.Select(i => i.ItemNumber)];
        Assert.Equal(all.Count, all.Select(i => i.ItemNumber).Distinct().Count());
        Assert.Equal(sample.Order(StringComparer.Ordinal), all.Select(i => i.ItemNumber).Where(sample.Contains));
    }

    [Theory]
    [InlineData("16")]
    [InlineData("1")]
    [InlineData("core")]
    public async Task Search_WithAnUnknownCategory_SaysWhatACategoryIs(string category)
    {
        RecordOutcome<RecordPage<CatalogueItem>> result = await Service.SearchAsync(new CatalogueQuery(null, category, 25, null), Cancel);

        Assert.Equal("support_category", Assert.Single(result.Errors).Field);
    }

    [Fact]
    public async Task LoadingAgain_WritesNothing_AndAChangedItemReplacesItsIndexRows()
    {
        Assert.Equal(0, await _store.LoadAsync(SampleCatalogue.Items, Cancel));

        // An item outside the sample (the whole-catalogue test looks at sample items only).
        var store = new TableCatalogueStore(new TableProvider(new TableServiceClient(azurite.ConnectionString)));
        CatalogueItem original = SampleCatalogue.Items[0] with { ItemNumber = "01_998_0107_1_1", Name = "Zebra Test Item" };
        await store.LoadAsync([original], Cancel);
        await store.LoadAsync([original with { Name = "Yak Test Item" }], Cancel);

        Assert.Empty((await new CatalogueService(store).SearchAsync(new CatalogueQuery("zebra", null, 25, null), Cancel)).Value!.Items);
        Assert.Equal("Yak Test Item", Assert.Single((await new CatalogueService(store).SearchAsync(new CatalogueQuery("yak", null, 25, null), Cancel)).Value!.Items).Name);
    }
}
