using Azure.Data.Tables;
using FunctionsMcp.Ndis.Common;
using FunctionsMcp.Ndis.Participants;
using FunctionsMcp.Storage.Ndis;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Storage.Tests.Ndis;

/// <summary>The participant rules and the table store together, against Azurite.</summary>
public sealed class ParticipantServiceTests(AzuriteFixture azurite)
{
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));
    private readonly string _org = "org" + Guid.NewGuid().ToString("N")[..10];
    private ParticipantService? _service;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private ParticipantService Service => _service ??= new ParticipantService(
        new TableParticipantStore(new TableProvider(new TableServiceClient(azurite.ConnectionString))), _time);

    private static int s_next = 1000;

    internal static ParticipantFields Fields(string given = "Ava", string family = "Nguyen", string? ndis = null, DateOnly? planEnd = null) => new(
        ndis ?? "43" + Interlocked.Increment(ref s_next).ToString("D7", System.Globalization.CultureInfo.InvariantCulture),
        given, family, null, new DateOnly(1988, 4, 2), "ava@example.org", "0412 345 678",
        new Address("1 Main St", "Parramatta", AustralianState.NSW, "2150"),
        new DateOnly(2026, 7, 1), planEnd ?? new DateOnly(2027, 6, 30), PlanManagement.Plan, "Autism");

    private async Task<Participant> CreateAsync(ParticipantFields fields)
    {
        RecordOutcome<Participant> created = await Service.CreateAsync(_org, "coordinator", fields, Cancel);
        Assert.True(created.Succeeded, created.Message);
        return created.Value!;
    }

    private async Task<List<ParticipantSummary>> ListAllAsync(ParticipantQuery query)
    {
        var all = new List<ParticipantSummary>();
        string? cursor = null;
        do
        {
            RecordOutcome<RecordPage<ParticipantSummary>> page = await Service.ListAsync(_org, query with { Cursor = cursor }, Cancel);
            Assert.True(page.Succeeded, page.Message);
            all.AddRange(page.Value!.Items);
            cursor = page.Value.NextCursor;
        }
        while (cursor is not null);
        return all;
    }

    [Fact]
    public async Task Create_ThenGet_ReturnsTheRecordWithVersionAndStamp()
    {
        Participant created = await CreateAsync(Fields());

        RecordOutcome<Participant> read = await Service.GetAsync(_org, created.Id, Cancel);

        Assert.Equal(created with { Version = read.Value!.Version }, read.Value);
        Assert.Equal(created.Version, read.Value.Version);
        Assert.Equal(("coordinator", _time.GetUtcNow()), (read.Value.Stamp.CreatedBy, read.Value.Stamp.CreatedAt));
        Assert.Equal(ParticipantStatus.Active, read.Value.Status);
    }

    [Theory]
    [InlineData("12345", "ndis_number", "'12345' is not an NDIS number: it has 9 digits and starts with 43")]
    [InlineData("512345678", "ndis_number", "'512345678' is not an NDIS number: it has 9 digits and starts with 43")]
    public async Task Create_WithBadNdisNumber_NamesTheFieldAndRule(string ndis, string field, string message)
    {
        RecordOutcome<Participant> result = await Service.CreateAsync(_org, "c", Fields(ndis: ndis), Cancel);

        Assert.Equal(RecordFailure.Invalid, result.Failure);
        FieldError error = Assert.Single(result.Errors);
        Assert.Equal((field, message), (error.Field, error.Message));
    }

    [Fact]
    public async Task Create_WithPlanEndBeforePlanStart_SaysWhich()
    {
        ParticipantFields fields = Fields() with { PlanStart = new DateOnly(2024, 6, 30), PlanEnd = new DateOnly(2024, 1, 1) };

        RecordOutcome<Participant> result = await Service.CreateAsync(_org, "c", fields, Cancel);

        Assert.Equal("plan_end: plan_end 2024-01-01 is before plan_start 2024-06-30", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public async Task Create_WithSeveralBrokenRules_ReportsEachAndWritesNothing()
    {
        ParticipantFields fields = Fields(given: " ") with { DateOfBirth = new DateOnly(2030, 1, 1), Email = "not-an-email", Address = new Address(null, null, AustralianState.VIC, "30000") };

        RecordOutcome<Participant> result = await Service.CreateAsync(_org, "c", fields, Cancel);

        Assert.Equal(["given_name", "date_of_birth", "email", "address.postcode"], result.Errors.Select(e => e.Field));
        Assert.Empty(await ListAllAsync(new ParticipantQuery(null, ParticipantStatusFilter.All, null, 50, null)));
    }

    [Fact]
    public async Task Create_WithAnNdisNumberAlreadyUsedInTheOrganization_IsADuplicate_AndWritesNothing()
    {
        Participant first = await CreateAsync(Fields());

        RecordOutcome<Participant> second = await Service.CreateAsync(_org, "c", Fields(given: "Other", ndis: first.NdisNumber), Cancel);

        Assert.Equal(RecordFailure.Duplicate, second.Failure);
        Assert.Equal("ndis_number", Assert.Single(second.Errors).Field);
        Assert.Single(await ListAllAsync(new ParticipantQuery(null, ParticipantStatusFilter.All, null, 50, null)));
    }

    [Fact]
    public async Task TheSameNdisNumber_InAnotherOrganization_IsAllowed()
    {
        Participant mine = await CreateAsync(Fields());
        var other = new ParticipantService(new TableParticipantStore(new TableProvider(new TableServiceClient(azurite.ConnectionString))), _time);

        RecordOutcome<Participant> theirs = await other.CreateAsync(_org + "b", "c", Fields(ndis: mine.NdisNumber), Cancel);

        Assert.True(theirs.Succeeded);
    }

    [Fact]
    public async Task Update_WithTheCurrentVersion_ChangesOnlyTheGivenFields_AndTheVersion()
    {
        Participant created = await CreateAsync(Fields());
        _time.Advance(TimeSpan.FromHours(1));

        RecordOutcome<Participant> updated = await Service.UpdateAsync(_org, "worker", created.Id, created.Version, new ParticipantChanges(Phone: "0299990000"), Cancel);

        Assert.True(updated.Succeeded, updated.Message);
        Assert.Equal("0299990000", updated.Value!.Phone);
        Assert.Equal(created.FamilyName, updated.Value.FamilyName);
        Assert.NotEqual(created.Version, updated.Value.Version);
        Assert.Equal(("worker", _time.GetUtcNow(), "coordinator"), (updated.Value.Stamp.UpdatedBy, updated.Value.Stamp.UpdatedAt, updated.Value.Stamp.CreatedBy));
    }

    [Fact]
    public async Task Update_WithAStaleVersion_IsRefusedWithAReReadMessage_AndChangesNothing()
    {
        Participant created = await CreateAsync(Fields());
        RecordOutcome<Participant> first = await Service.UpdateAsync(_org, "a", created.Id, created.Version, new ParticipantChanges(GivenName: "Zoe"), Cancel);

        RecordOutcome<Participant> stale = await Service.UpdateAsync(_org, "b", created.Id, created.Version, new ParticipantChanges(GivenName: "Yara"), Cancel);

        Assert.Equal(RecordFailure.StaleVersion, stale.Failure);
        Assert.Contains("read it again and retry", stale.Message, StringComparison.Ordinal);
        Assert.Equal("Zoe", (await Service.GetAsync(_org, created.Id, Cancel)).Value!.GivenName);
        Assert.Equal(first.Value!.Version, (await Service.GetAsync(_org, created.Id, Cancel)).Value!.Version);
    }

    [Fact]
    public async Task Update_WithAMalformedVersion_IsStale()
    {
        Participant created = await CreateAsync(Fields());

        RecordOutcome<Participant> result = await Service.UpdateAsync(_org, "a", created.Id, "garbage", new ParticipantChanges(GivenName: "Zoe"), Cancel);

        Assert.Equal(RecordFailure.StaleVersion, result.Failure);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public async Task UpdateOrArchive_WithoutAVersion_IsRefused_NeverTreatedAsAnyVersion(string version)
    {
        Participant created = await CreateAsync(Fields());

        RecordOutcome<Participant> update = await Service.UpdateAsync(_org, "a", created.Id, version, new ParticipantChanges(GivenName: "Zoe"), Cancel);
        RecordOutcome<Participant> archive = await Service.ArchiveAsync(_org, "a", created.Id, version, Cancel);

        Assert.Equal("version", Assert.Single(update.Errors).Field);
        Assert.Equal("version", Assert.Single(archive.Errors).Field);
        Assert.Equal(created.Version, (await Service.GetAsync(_org, created.Id, Cancel)).Value!.Version);
    }

    [Theory]
    [InlineData("pt_aaaaaaaaaaaa")]
    [InlineData("not-an-id")]
    [InlineData("pt_../../etc")]
    public async Task UnknownOrMalformedIds_AreNotFound(string id)
    {
        Assert.Equal(RecordFailure.NotFound, (await Service.GetAsync(_org, id, Cancel)).Failure);
        Assert.Equal(RecordFailure.NotFound, (await Service.UpdateAsync(_org, "a", id, "v", new ParticipantChanges(), Cancel)).Failure);
    }

    [Fact]
    public async Task AnotherOrganizationsParticipant_IsNotFound()
    {
        Participant mine = await CreateAsync(Fields());

        RecordOutcome<Participant> result = await Service.GetAsync(_org + "x", mine.Id, Cancel);

        Assert.Equal(RecordFailure.NotFound, result.Failure);
        Assert.Equal($"participant {mine.Id} was not found", result.Message);
    }

    [Fact]
    public async Task ArchiveAndRestore_MoveTheParticipantBetweenLists()
    {
        Participant p = await CreateAsync(Fields());

        RecordOutcome<Participant> archived = await Service.ArchiveAsync(_org, "a", p.Id, p.Version, Cancel);
        Assert.Empty(await ListAllAsync(new ParticipantQuery(null, ParticipantStatusFilter.Active, null, 25, null)));
        Assert.Equal(p.Id, Assert.Single(await ListAllAsync(new ParticipantQuery(null, ParticipantStatusFilter.Archived, null, 25, null))).Id);
        Assert.Equal(RecordFailure.Invalid, (await Service.UpdateAsync(_org, "a", p.Id, archived.Value!.Version, new ParticipantChanges(GivenName: "X"), Cancel)).Failure);

        RecordOutcome<Participant> restored = await Service.RestoreAsync(_org, "a", p.Id, archived.Value!.Version, Cancel);
        Assert.Equal(ParticipantStatus.Active, restored.Value!.Status);
        Assert.Single(await ListAllAsync(new ParticipantQuery(null, ParticipantStatusFilter.Active, null, 25, null)));
        Assert.Empty(await ListAllAsync(new ParticipantQuery(null, ParticipantStatusFilter.Archived, null, 25, null)));
    }

    [Fact]
    public async Task List_PagesInNameOrder_WithoutGapsOrRepeats()
    {
        string[] families = ["Zhang", "Abbott", "O'Brien", "Müller", "Nguyen", "brown", "Smith", "Ávila"];
        foreach (string family in families)
            await CreateAsync(Fields(family: family));

        List<ParticipantSummary> all = await ListAllAsync(new ParticipantQuery(null, ParticipantStatusFilter.Active, null, 3, null));

        Assert.Equal(["Abbott", "Ávila", "brown", "Müller", "Nguyen", "O'Brien", "Smith", "Zhang"], all.Select(p => p.FamilyName));
    }

    [Theory]
    [InlineData("ngu", new[] { "Nguyen" })]
    [InlineData("NGUYEN", new[] { "Nguyen" })]
    [InlineData("obri", new[] { "O'Brien" })]
    [InlineData("o'brien", new[] { "O'Brien" })]
    [InlineData("mull", new[] { "Müller" })]
    [InlineData("an", new[] { "Anderson", "Andrews" })]
    [InlineData("anna and", new[] { "Anderson" })]
    [InlineData("zzz", new string[0])]
    [InlineData("x' or true or 'a", new string[0])]
    public async Task Search_MatchesNamePrefixes_CaseAndAccentInsensitive_EachParticipantOnce(string search, string[] expectedFamilies)
    {
        await CreateAsync(Fields(given: "Ava", family: "Nguyen"));
        await CreateAsync(Fields(given: "Liam", family: "O'Brien"));
        await CreateAsync(Fields(given: "Jonas", family: "Müller"));
        await CreateAsync(Fields(given: "Anna", family: "Anderson"));
        await CreateAsync(Fields(given: "Tom", family: "Andrews"));

        List<ParticipantSummary> found = await ListAllAsync(new ParticipantQuery(search, ParticipantStatusFilter.Active, null, 2, null));

        Assert.Equal(expectedFamilies, found.Select(p => p.FamilyName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Search_ByFullNdisNumber_FindsExactlyThatParticipant()
    {
        Participant target = await CreateAsync(Fields(given: "Target"));
        await CreateAsync(Fields(given: "Other"));

        List<ParticipantSummary> found = await ListAllAsync(new ParticipantQuery(target.NdisNumber[..3] + " " + target.NdisNumber[3..], ParticipantStatusFilter.Active, null, 25, null));

        Assert.Equal(target.Id, Assert.Single(found).Id);
    }

    [Fact]
    public async Task PlanEndsBefore_ListsOnlyThoseWhosePlanEndsEarlier_InDateOrder()
    {
        await CreateAsync(Fields(family: "Late", planEnd: new DateOnly(2027, 12, 31)));
        await CreateAsync(Fields(family: "Soon", planEnd: new DateOnly(2027, 1, 15)));
        await CreateAsync(Fields(family: "Sooner", planEnd: new DateOnly(2026, 12, 1)));

        List<ParticipantSummary> ending = await ListAllAsync(new ParticipantQuery(null, ParticipantStatusFilter.Active, new DateOnly(2027, 2, 1), 25, null));
        List<ParticipantSummary> searched = await ListAllAsync(new ParticipantQuery("soon", ParticipantStatusFilter.Active, new DateOnly(2027, 1, 1), 25, null));

        Assert.Equal(["Sooner", "Soon"], ending.Select(p => p.FamilyName));
        Assert.Equal(["Sooner"], searched.Select(p => p.FamilyName));
    }

    [Fact]
    public async Task Update_ThatRenames_MovesTheParticipantInSearchAndOrder()
    {
        Participant p = await CreateAsync(Fields(given: "Ava", family: "Nguyen"));

        RecordOutcome<Participant> renamed = await Service.UpdateAsync(_org, "a", p.Id, p.Version, new ParticipantChanges(FamilyName: "Tran", NdisNumber: "439999999"), Cancel);

        Assert.True(renamed.Succeeded, renamed.Message);
        Assert.Empty(await ListAllAsync(new ParticipantQuery("nguyen", ParticipantStatusFilter.Active, null, 25, null)));
        Assert.Equal(p.Id, Assert.Single(await ListAllAsync(new ParticipantQuery("tran", ParticipantStatusFilter.Active, null, 25, null))).Id);
        Assert.Equal(p.Id, Assert.Single(await ListAllAsync(new ParticipantQuery("439999999", ParticipantStatusFilter.Active, null, 25, null))).Id);
        Assert.Empty(await ListAllAsync(new ParticipantQuery(p.NdisNumber, ParticipantStatusFilter.Active, null, 25, null)));
        Assert.True((await Service.CreateAsync(_org, "c", Fields(ndis: p.NdisNumber), Cancel)).Succeeded, "the old NDIS number is free again");
    }

    [Fact]
    public async Task Update_ToAnNdisNumberTakenByAnother_IsADuplicate_AndChangesNothing()
    {
        Participant a = await CreateAsync(Fields(family: "Alpha"));
        Participant b = await CreateAsync(Fields(family: "Beta"));

        RecordOutcome<Participant> result = await Service.UpdateAsync(_org, "x", b.Id, b.Version, new ParticipantChanges(NdisNumber: a.NdisNumber, FamilyName: "Gamma"), Cancel);

        Assert.Equal(RecordFailure.Duplicate, result.Failure);
        Assert.Equal("Beta", (await Service.GetAsync(_org, b.Id, Cancel)).Value!.FamilyName);
        Assert.Empty(await ListAllAsync(new ParticipantQuery("gamma", ParticipantStatusFilter.Active, null, 25, null)));
    }

    [Theory]
    [InlineData("not-a-cursor")]
    [InlineData("WyI5IiwiIl0")]
    public async Task List_WithACursorItDidNotIssue_IsInvalid(string cursor)
    {
        RecordOutcome<RecordPage<ParticipantSummary>> page = await Service.ListAsync(_org, new ParticipantQuery(null, ParticipantStatusFilter.Active, null, 25, cursor), Cancel);

        Assert.Equal("cursor", Assert.Single(page.Errors).Field);
    }
}
