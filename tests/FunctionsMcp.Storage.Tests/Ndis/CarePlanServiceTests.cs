using Azure.Data.Tables;
using FunctionsMcp.Ndis.CarePlans;
using FunctionsMcp.Ndis.Catalogue;
using FunctionsMcp.Ndis.Common;
using FunctionsMcp.Ndis.Participants;
using FunctionsMcp.Storage.Ndis;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Storage.Tests.Ndis;

/// <summary>The care plan rules, status moves and the table store together, against Azurite.</summary>
public sealed class CarePlanServiceTests(AzuriteFixture azurite)
{
    private static readonly DateOnly s_from = new(2026, 7, 1);
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));
    private readonly string _org = "org" + Guid.NewGuid().ToString("N")[..10];
    private ParticipantService? _participants;
    private CarePlanService? _service;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private TableProvider Tables => field ??= new TableProvider(new TableServiceClient(azurite.ConnectionString));

    private ParticipantService Participants => _participants ??= new ParticipantService(new TableParticipantStore(Tables), _time);

    private TableCarePlanStore Store => field ??= new TableCarePlanStore(Tables);

    private CarePlanService Service => _service ??= new CarePlanService(Store, new TableParticipantStore(Tables), new TableCatalogueStore(Tables), _time);

    private static CarePlanSupport Support(string item = "01_011_0107_1_1") => new(item, "3 hours, Monday and Thursday mornings", "Community team", null);

    private static CarePlanRisk Risk() => new("Choking: eats quickly", RiskLevel.High, "Cut food small; stay with her at meals");

    internal static CarePlanFields Fields(CarePlanStatus status = CarePlanStatus.Draft) =>
        new(status, s_from, new DateOnly(2027, 6, 30), "Morning routines and getting to work", [Support(), Support("04_104_0125_6_1")], [Risk()], new DateOnly(2027, 1, 15));

    private async Task<Participant> ParticipantAsync(string? org = null)
    {
        await new TableCatalogueStore(Tables).LoadAsync(SampleCatalogue.Items, Cancel);
        RecordOutcome<Participant> created = await Participants.CreateAsync(org ?? _org, "coordinator", ParticipantServiceTests.Fields(), Cancel);
        Assert.True(created.Succeeded, created.Message);
        return created.Value!;
    }

    private async Task<CarePlan> PlanAsync(string participantId, CarePlanFields? fields = null, string? org = null)
    {
        RecordOutcome<CarePlan> created = await Service.CreateAsync(org ?? _org, "coordinator", participantId, fields ?? Fields(), Cancel);
        Assert.True(created.Succeeded, created.Message);
        return created.Value!;
    }

    private static void AssertSame(CarePlan expected, CarePlan? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected with { Supports = [], Risks = [] }, actual with { Supports = [], Risks = [] });
        Assert.Equal(expected.Supports, actual.Supports);
        Assert.Equal(expected.Risks, actual.Risks);
    }

    [Fact]
    public async Task Create_ThenGet_ReturnsThePlanWithItsSupportsRisksVersionAndStamp()
    {
        Participant participant = await ParticipantAsync();
        CarePlan created = await PlanAsync(participant.Id);

        RecordOutcome<CarePlan> read = await Service.GetAsync(_org, created.Id, Cancel);

        Assert.StartsWith("cp_", created.Id, StringComparison.Ordinal);
        AssertSame(created, read.Value);
        Assert.Equal(["01_011_0107_1_1", "04_104_0125_6_1"], read.Value!.Supports.Select(s => s.ItemNumber));
        Assert.Equal(RiskLevel.High, Assert.Single(read.Value.Risks).Level);
        Assert.False(string.IsNullOrEmpty(read.Value.Version));
        Assert.Equal((participant.Id, "coordinator", _time.GetUtcNow()), (read.Value.ParticipantId, read.Value.Stamp.CreatedBy, read.Value.Stamp.CreatedAt));
    }

    [Fact]
    public async Task APlanAtEveryLimit_WithTextThatJsonEscapes_RoundTrips()
    {
        Participant participant = await ParticipantAsync();
        string quotes(int n) => new('"', n);
        var supports = Enumerable.Range(0, CarePlanRules.MaxSupports)
            .Select(_ => new CarePlanSupport("01_011_0107_1_1", quotes(CarePlanRules.MaxFrequencyLength), "é" + quotes(CarePlanRules.MaxProviderLength - 1), quotes(CarePlanRules.MaxSupportNotesLength)))
            .ToArray();
        var risks = Enumerable.Range(0, CarePlanRules.MaxRisks)
            .Select(_ => new CarePlanRisk(quotes(CarePlanRules.MaxRiskDescriptionLength), RiskLevel.Low, "\\" + quotes(CarePlanRules.MaxMitigationLength - 1)))
            .ToArray();

        CarePlan created = await PlanAsync(participant.Id, Fields() with { Summary = new string('s', CarePlanRules.MaxSummaryLength), Supports = supports, Risks = risks });

        AssertSame(created, (await Service.GetAsync(_org, created.Id, Cancel)).Value);
    }

    public static TheoryData<string, CarePlanFields, string> BrokenPlans => new()
    {
        { "summary", Fields() with { Summary = " " }, "is required" },
        { "summary", Fields() with { Summary = new string('x', 4001) }, "has 4001 characters; at most 4000 are allowed" },
        { "effective_from", Fields() with { EffectiveFrom = new DateOnly(1999, 1, 1), EffectiveTo = null, ReviewDate = null }, "1999-01-01 is not after 2000-01-01" },
        { "effective_to", Fields() with { EffectiveTo = new DateOnly(2026, 6, 30), ReviewDate = null }, "effective_to 2026-06-30 is not after effective_from 2026-07-01" },
        { "review_date", Fields() with { ReviewDate = new DateOnly(2026, 6, 1) }, "review_date 2026-06-01 is before effective_from 2026-07-01" },
        { "review_date", Fields() with { ReviewDate = new DateOnly(2027, 7, 1) }, "review_date 2027-07-01 is after effective_to 2027-06-30" },
        { "review_date", Fields(CarePlanStatus.Active) with { ReviewDate = null }, "is required for an active care plan: set the date it will next be reviewed" },
        { "status", Fields(CarePlanStatus.Superseded), "a new care plan is draft or active, not superseded" },
        { "status", Fields(CarePlanStatus.UnderReview), "a new care plan is draft or active, not under_review" },
        { "supports", Fields() with { Supports = Enumerable.Repeat(Support(), 21).ToArray() }, "has 21 supports; at most 20 are allowed" },
        { "supports[1].item_number", Fields() with { Supports = [Support(), Support("1_011_0107_1_1")] }, SupportCatalogue.ItemNumberError("1_011_0107_1_1").Message },
        { "supports[0].frequency", Fields() with { Supports = [Support() with { Frequency = "" }] }, "is required" },
        { "supports[0].provider", Fields() with { Supports = [Support() with { Provider = new string('p', 151) }] }, "has 151 characters; at most 150 are allowed" },
        { "supports[0]", Fields() with { Supports = [null!] }, "is empty" },
        { "risks", Fields() with { Risks = Enumerable.Repeat(Risk(), 11).ToArray() }, "has 11 risks; at most 10 are allowed" },
        { "risks[0].mitigation", Fields() with { Risks = [Risk() with { Mitigation = "  " }] }, "is required" },
        { "risks[0].level", Fields() with { Risks = [Risk() with { Level = (RiskLevel)7 }] }, "is not a risk level" },
        { "supports[0].item_number", Fields() with { Supports = [Support("01_999_0107_1_1")] }, "01_999_0107_1_1 is not in the support catalogue: find the item with search_catalogue" },
    };

    [Theory]
    [MemberData(nameof(BrokenPlans))]
    public async Task Create_ThatBreaksARule_NamesTheFieldAndRule_AndWritesNothing(string field, CarePlanFields fields, string message)
    {
        Participant participant = await ParticipantAsync();

        RecordOutcome<CarePlan> result = await Service.CreateAsync(_org, "c", participant.Id, fields, Cancel);

        Assert.Equal(RecordFailure.Invalid, result.Failure);
        FieldError error = Assert.Single(result.Errors);
        Assert.Equal((field, message), (error.Field, error.Message));
        Assert.Empty((await Service.ListAsync(_org, new CarePlanQuery(participant.Id, null, 10, null), Cancel)).Value!.Items);
    }

    [Fact]
    public async Task Create_ForAParticipantOfAnotherOrganizationUnknownOrArchived_IsRefused()
    {
        Participant theirs = await ParticipantAsync("org" + Guid.NewGuid().ToString("N")[..10]);
        Participant archived = await ParticipantAsync();
        Assert.True((await Participants.ArchiveAsync(_org, "c", archived.Id, archived.Version, Cancel)).Succeeded);

        RecordOutcome<CarePlan> foreign = await Service.CreateAsync(_org, "c", theirs.Id, Fields(), Cancel);
        RecordOutcome<CarePlan> unknown = await Service.CreateAsync(_org, "c", "pt_x", Fields(), Cancel);
        RecordOutcome<CarePlan> refused = await Service.CreateAsync(_org, "c", archived.Id, Fields(), Cancel);

        Assert.Equal((RecordFailure.NotFound, $"participant {theirs.Id} was not found"), (foreign.Failure, foreign.Message));
        Assert.Equal((RecordFailure.NotFound, "participant pt_x was not found"), (unknown.Failure, unknown.Message));
        Assert.Equal($"participant_id: participant {archived.Id} is archived: restore it before changing its care plans", refused.Message);
    }

    [Fact]
    public async Task Update_ChangesOnlyTheGivenFields_AndStampsWhoAndWhen()
    {
        CarePlan plan = await PlanAsync((await ParticipantAsync()).Id);
        _time.Advance(TimeSpan.FromHours(1));

        RecordOutcome<CarePlan> updated = await Service.UpdateAsync(_org, "other", plan.Id, plan.Version,
            new CarePlanChanges(Status: CarePlanStatus.Active, Supports: [Support("15_035_0106_1_3")]), Cancel);

        Assert.True(updated.Succeeded, updated.Message);
        Assert.Equal((CarePlanStatus.Active, plan.Summary, plan.ReviewDate), (updated.Value!.Status, updated.Value.Summary, updated.Value.ReviewDate));
        Assert.Equal("15_035_0106_1_3", Assert.Single(updated.Value.Supports).ItemNumber);
        Assert.Equal(plan.Risks, updated.Value.Risks);
        Assert.Equal(("other", _time.GetUtcNow(), "coordinator"), (updated.Value.Stamp.UpdatedBy, updated.Value.Stamp.UpdatedAt, updated.Value.Stamp.CreatedBy));
        Assert.NotEqual(plan.Version, updated.Value.Version);
        AssertSame(updated.Value, (await Service.GetAsync(_org, plan.Id, Cancel)).Value);
    }

    [Theory]
    [InlineData(CarePlanStatus.Draft, CarePlanStatus.UnderReview, "a care plan cannot go from draft to under_review")]
    [InlineData(CarePlanStatus.Active, CarePlanStatus.Draft, "a care plan that is active cannot go back to draft: set it to under_review to revise it")]
    public async Task Update_ToAStatusThatCannotFollow_IsRefused(CarePlanStatus from, CarePlanStatus to, string message)
    {
        CarePlan plan = await PlanAsync((await ParticipantAsync()).Id, Fields(from));

        RecordOutcome<CarePlan> result = await Service.UpdateAsync(_org, "c", plan.Id, plan.Version, new CarePlanChanges(Status: to), Cancel);

        Assert.Equal("status: " + message, result.Message);
        Assert.Equal(from, (await Service.GetAsync(_org, plan.Id, Cancel)).Value!.Status);
    }

    [Fact]
    public async Task ASupersededPlan_NeverChangesAgain()
    {
        CarePlan plan = await PlanAsync((await ParticipantAsync()).Id, Fields(CarePlanStatus.Active));
        RecordOutcome<CarePlan> superseded = await Service.UpdateAsync(_org, "c", plan.Id, plan.Version, new CarePlanChanges(Status: CarePlanStatus.Superseded), Cancel);
        Assert.True(superseded.Succeeded, superseded.Message);

        RecordOutcome<CarePlan> result = await Service.UpdateAsync(_org, "c", plan.Id, superseded.Value!.Version, new CarePlanChanges(Summary: "Edited history"), Cancel);

        Assert.Equal($"status: care plan {plan.Id} is superseded and can no longer change: create a new care plan instead", result.Message);
        Assert.Equal(plan.Summary, (await Service.GetAsync(_org, plan.Id, Cancel)).Value!.Summary);
    }

    [Fact]
    public async Task AParticipantHasOneCurrentPlan_AndAnotherBecomesCurrentOnlyOnceThatOneIsSuperseded()
    {
        Participant participant = await ParticipantAsync();
        CarePlan current = await PlanAsync(participant.Id, Fields(CarePlanStatus.Active));
        CarePlan next = await PlanAsync(participant.Id);
        CarePlan underReview = (await Service.UpdateAsync(_org, "c", current.Id, current.Version, new CarePlanChanges(Status: CarePlanStatus.UnderReview), Cancel)).Value!;

        RecordOutcome<CarePlan> secondActive = await Service.CreateAsync(_org, "c", participant.Id, Fields(CarePlanStatus.Active), Cancel);
        RecordOutcome<CarePlan> activateNext = await Service.UpdateAsync(_org, "c", next.Id, next.Version, new CarePlanChanges(Status: CarePlanStatus.Active), Cancel);
        Assert.True((await Service.UpdateAsync(_org, "c", underReview.Id, underReview.Version, new CarePlanChanges(Status: CarePlanStatus.Superseded), Cancel)).Succeeded);
        RecordOutcome<CarePlan> activateAfter = await Service.UpdateAsync(_org, "c", next.Id, next.Version, new CarePlanChanges(Status: CarePlanStatus.Active), Cancel);

        string taken = $"participant {participant.Id} already has a current care plan ({current.Id}, active or under review): set that plan to superseded first, or keep this one as a draft";
        Assert.Equal((RecordFailure.Duplicate, taken), (secondActive.Failure, secondActive.Message));
        Assert.Equal((RecordFailure.Duplicate, taken), (activateNext.Failure, activateNext.Message));
        Assert.True(activateAfter.Succeeded, activateAfter.Message);
        RecordOutcome<RecordPage<CarePlan>> active = await Service.ListAsync(_org, new CarePlanQuery(participant.Id, CarePlanStatus.Active, 10, null), Cancel);
        Assert.Equal(next.Id, Assert.Single(active.Value!.Items).Id);
    }

    [Fact]
    public async Task TwoDraftsActivatedFromTheSameReads_OnlyOneBecomesCurrent()
    {
        // Both writes pass the service's checks on the same reads; the marker row in the transaction decides.
        Participant participant = await ParticipantAsync();
        CarePlan first = await PlanAsync(participant.Id);
        CarePlan second = await PlanAsync(participant.Id);

        RecordOutcome<CarePlan> a = await Store.ReplaceAsync(_org, first, first with { Status = CarePlanStatus.Active }, first.Version, Cancel);
        RecordOutcome<CarePlan> b = await Store.ReplaceAsync(_org, second, second with { Status = CarePlanStatus.Active }, second.Version, Cancel);

        Assert.True(a.Succeeded, a.Message);
        Assert.Equal(RecordFailure.Duplicate, b.Failure);
        Assert.Equal(CarePlanStatus.Draft, (await Service.GetAsync(_org, second.Id, Cancel)).Value!.Status);
    }

    [Fact]
    public async Task Update_WithAStaleVersion_IsRefusedWithAReReadMessage_AndChangesNothing()
    {
        CarePlan plan = await PlanAsync((await ParticipantAsync()).Id);
        Assert.True((await Service.UpdateAsync(_org, "c", plan.Id, plan.Version, new CarePlanChanges(Summary: "First"), Cancel)).Succeeded);

        RecordOutcome<CarePlan> stale = await Service.UpdateAsync(_org, "c", plan.Id, plan.Version, new CarePlanChanges(Summary: "Second"), Cancel);
        RecordOutcome<CarePlan> raced = await Store.ReplaceAsync(_org, plan, plan with { Summary = "Third" }, plan.Version, Cancel);

        Assert.Equal(RecordFailure.StaleVersion, stale.Failure);
        Assert.Equal(RecordFailure.StaleVersion, raced.Failure);
        Assert.Equal($"care plan {plan.Id} has changed since version {plan.Version} was read: read it again and retry with the new version", stale.Message);
        Assert.Equal(stale.Message, raced.Message);
        Assert.Equal("First", (await Service.GetAsync(_org, plan.Id, Cancel)).Value!.Summary);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public async Task Update_WithoutAVersion_IsRefused(string version)
    {
        CarePlan plan = await PlanAsync((await ParticipantAsync()).Id);

        RecordOutcome<CarePlan> result = await Service.UpdateAsync(_org, "c", plan.Id, version, new CarePlanChanges(Summary: "x"), Cancel);

        Assert.Equal("version: is required: read the care plan first and send the version it returned", result.Message);
    }

    [Fact]
    public async Task AnotherOrganizationsPlan_IsNotFoundForEveryOperation()
    {
        string other = "org" + Guid.NewGuid().ToString("N")[..10];
        Participant theirs = await ParticipantAsync(other);
        CarePlan plan = await PlanAsync(theirs.Id, org: other);
        string message = $"care plan {plan.Id} was not found";

        Assert.Equal(message, (await Service.GetAsync(_org, plan.Id, Cancel)).Message);
        Assert.Equal(message, (await Service.UpdateAsync(_org, "c", plan.Id, plan.Version, new CarePlanChanges(Summary: "Hacked"), Cancel)).Message);
        Assert.Equal($"participant {theirs.Id} was not found", (await Service.ListAsync(_org, new CarePlanQuery(theirs.Id, null, 10, null), Cancel)).Message);
        Assert.Equal(plan.Summary, (await Service.GetAsync(other, plan.Id, Cancel)).Value!.Summary);
    }

    [Fact]
    public async Task List_ReturnsOnlyThatParticipantsPlans_FilteredByStatus_APageAtATime()
    {
        Participant participant = await ParticipantAsync();
        await PlanAsync((await ParticipantAsync()).Id);
        var ids = new List<string>();
        for (int i = 0; i < 5; i++)
            ids.Add((await PlanAsync(participant.Id, Fields(i == 0 ? CarePlanStatus.Active : CarePlanStatus.Draft))).Id);

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            RecordOutcome<RecordPage<CarePlan>> page = await Service.ListAsync(_org, new CarePlanQuery(participant.Id, null, 2, cursor), Cancel);
            Assert.True(page.Succeeded, page.Message);
            Assert.True(page.Value!.Items.Count <= 2);
            seen.AddRange(page.Value.Items.Select(p => p.Id));
            cursor = page.Value.NextCursor;
        }
        while (cursor is not null);
        RecordOutcome<RecordPage<CarePlan>> drafts = await Service.ListAsync(_org, new CarePlanQuery(participant.Id, CarePlanStatus.Draft, 25, null), Cancel);

        Assert.Equal(ids.Order(StringComparer.Ordinal), seen);
        Assert.Equal(4, drafts.Value!.Items.Count);
        Assert.Equal(RecordFailure.Invalid, (await Service.ListAsync(_org, new CarePlanQuery(participant.Id, null, 2, "made-up"), Cancel)).Failure);
    }
}
