using Azure.Data.Tables;
using FunctionsMcp.Ndis.Common;
using FunctionsMcp.Ndis.Staff;
using FunctionsMcp.Storage.Ndis;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Storage.Tests.Ndis;

/// <summary>Reading staff through the service and the table store, against Azurite.</summary>
public sealed class StaffServiceTests(AzuriteFixture azurite)
{
    private readonly string _org = "stf" + Guid.NewGuid().ToString("N")[..10];
    private TableStaffStore? _store;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private TableStaffStore Store => _store ??= new TableStaffStore(new TableProvider(new TableServiceClient(azurite.ConnectionString)));

    private StaffService Service => new(Store);

    private async Task<StaffMember> AddAsync(string given, string family, StaffRole role = StaffRole.SupportWorker, string? org = null)
    {
        var member = new StaffMember(RecordIds.New(StaffMember.IdPrefix), given, family, role, "x@example.org", "0412345678", ["First Aid (HLTAID011)", "NDIS Worker Screening Check"], true);
        Assert.True((await Store.AddAsync(org ?? _org, member, Cancel)).Succeeded);
        return member;
    }

    private async Task<List<StaffMember>> ListAllAsync(string? search, int pageSize)
    {
        var all = new List<StaffMember>();
        string? cursor = null;
        do
        {
            RecordOutcome<RecordPage<StaffMember>> page = await Service.ListAsync(_org, new StaffQuery(search, pageSize, cursor), Cancel);
            Assert.True(page.Succeeded, page.Message);
            all.AddRange(page.Value!.Items);
            cursor = page.Value.NextCursor;
        }
        while (cursor is not null);
        return all;
    }

    [Fact]
    public async Task List_IsByFamilyThenGivenName_AcrossPages()
    {
        foreach ((string given, string family) in new[] { ("Zoe", "Evans"), ("Ann", "Baker"), ("Tom", "D'Souza"), ("Bea", "Adams"), ("Al", "Adams") })
            await AddAsync(given, family);

        List<StaffMember> all = await ListAllAsync(null, 2);

        Assert.Equal(["Al Adams", "Bea Adams", "Ann Baker", "Tom D'Souza", "Zoe Evans"], all.Select(s => $"{s.GivenName} {s.FamilyName}"));
    }

    [Fact]
    public async Task List_SaysHowManyMoreFollow_CountingUpTo100_AndTheLastPageHasNoCursor()
    {
        await Task.WhenAll(Enumerable.Range(0, 105).Select(i => AddAsync("Sam", $"Family{i:000}")));

        RecordPage<StaffMember> first = (await Service.ListAsync(_org, new StaffQuery(null, 2, null), Cancel)).Value!;
        RecordPage<StaffMember> near = (await Service.ListAsync(_org, new StaffQuery(null, 100, null), Cancel)).Value!;
        RecordPage<StaffMember> last = (await Service.ListAsync(_org, new StaffQuery(null, 100, near.NextCursor), Cancel)).Value!;
        RecordPage<StaffMember> words = (await Service.ListAsync(_org, new StaffQuery("sam", 100, null), Cancel)).Value!;

        Assert.Equal((2, Paging.MoreCountedUpTo), (first.Items.Count, first.More));
        Assert.Equal((100, 5), (near.Items.Count, near.More));
        Assert.Equal((5, 0, null), (last.Items.Count, last.More, last.NextCursor));
        Assert.Equal((100, 5), (words.Items.Count, words.More));
    }

    [Fact]
    public async Task ACursor_ResumesAfterTheLastRowItGave_EvenWhenRowsWereAddedBeforeIt()
    {
        await AddAsync("Bea", "Baker");
        await AddAsync("Dan", "Dunn");
        await AddAsync("Eve", "Evans");
        RecordPage<StaffMember> first = (await Service.ListAsync(_org, new StaffQuery(null, 2, null), Cancel)).Value!;

        await AddAsync("Al", "Adams");
        RecordPage<StaffMember> second = (await Service.ListAsync(_org, new StaffQuery(null, 2, first.NextCursor), Cancel)).Value!;

        Assert.Equal(["Baker", "Dunn"], first.Items.Select(s => s.FamilyName));
        Assert.Equal(["Evans"], second.Items.Select(s => s.FamilyName));
        Assert.Equal((0, null), (second.More, second.NextCursor));
    }

    [Theory]
    [InlineData("dso", new[] { "Tom D'Souza" })]
    [InlineData("souza", new[] { "Tom D'Souza" })]
    [InlineData("ad", new[] { "Al Adams", "Bea Adams" })]
    [InlineData("bea ad", new[] { "Bea Adams" })]
    [InlineData("ÉVANS", new[] { "Zoe Evans" })]
    [InlineData("nobody", new string[0])]
    public async Task List_SearchesByNamePrefix_EachPersonOnce(string search, string[] expected)
    {
        foreach ((string given, string family) in new[] { ("Zoe", "Evans"), ("Tom", "D'Souza"), ("Bea", "Adams"), ("Al", "Adams") })
            await AddAsync(given, family);

        List<StaffMember> found = await ListAllAsync(search, 1);

        Assert.Equal(expected, found.Select(s => $"{s.GivenName} {s.FamilyName}"));
    }

    [Fact]
    public async Task Get_ReturnsTheWholeRecord_AndAnotherOrganizationsIdIsNotFound()
    {
        StaffMember nurse = await AddAsync("Mele", "Tupou", StaffRole.Nurse);

        RecordOutcome<StaffMember> mine = await Service.GetAsync(_org, nurse.Id, Cancel);
        RecordOutcome<StaffMember> theirs = await Service.GetAsync(_org + "x", nurse.Id, Cancel);

        Assert.Equal(nurse, mine.Value);
        Assert.Equal((RecordFailure.NotFound, $"staff member {nurse.Id} was not found"), (theirs.Failure!.Value, theirs.Message));
        Assert.Empty((await Service.ListAsync(_org + "x", new StaffQuery("tupou", 25, null), Cancel)).Value!.Items);
    }

    [Theory]
    [InlineData("st_aaaaaaaaaaaa")]
    [InlineData("../etc")]
    public async Task UnknownOrMalformedIds_AreNotFound(string id) =>
        Assert.Equal(RecordFailure.NotFound, (await Service.GetAsync(_org, id, Cancel)).Failure);

    [Fact]
    public async Task ASearchWithoutLettersOrAForeignCursor_IsInvalid()
    {
        Assert.Equal("search", Assert.Single((await Service.ListAsync(_org, new StaffQuery("--", 25, null), Cancel)).Errors).Field);
        Assert.Equal("cursor", Assert.Single((await Service.ListAsync(_org, new StaffQuery(null, 25, "bad"), Cancel)).Errors).Field);
    }

    [Fact]
    public async Task DemoStaff_AreTheSameEachTime_AndLoadingTwiceChangesNothing()
    {
        IReadOnlyList<StaffMember> demo = DemoStaff.For(_org, 12);
        Assert.Equal(demo, DemoStaff.For(_org, 12));
        Assert.Equal(12, demo.Select(s => s.Id).Distinct().Count());

        int first = 0, second = 0;
        foreach (StaffMember s in demo)
            first += (await Store.AddAsync(_org, s, Cancel)).Succeeded ? 1 : 0;
        foreach (StaffMember s in demo)
            second += (await Store.AddAsync(_org, s, Cancel)).Succeeded ? 1 : 0;

        Assert.Equal((12, 0), (first, second));
        Assert.Equal(12, (await ListAllAsync(null, 100)).Count);
    }
}
