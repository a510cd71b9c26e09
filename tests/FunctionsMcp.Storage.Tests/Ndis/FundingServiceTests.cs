using System.Globalization;
using Azure.Data.Tables;
using FunctionsMcp.Ndis.Common;
using FunctionsMcp.Ndis.Funding;
using FunctionsMcp.Ndis.Participants;
using FunctionsMcp.Storage.Ndis;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Storage.Tests.Ndis;

/// <summary>The funding-line rules, the table store and the budget summary together, against Azurite.</summary>
public sealed class FundingServiceTests(AzuriteFixture azurite)
{
    private static readonly DateOnly s_planStart = new(2026, 7, 1);
    private static readonly DateOnly s_planEnd = new(2027, 6, 30);

    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));
    private readonly string _org = "org" + Guid.NewGuid().ToString("N")[..10];
    private ParticipantService? _participants;
    private FundingService? _service;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private TableProvider Tables => field ??= new TableProvider(new TableServiceClient(azurite.ConnectionString));

    private ParticipantService Participants => _participants ??= new ParticipantService(new TableParticipantStore(Tables), _time);

    private FundingService Service => _service ??= new FundingService(new TableFundingStore(Tables), new TableParticipantStore(Tables), _time);

    private static FundingLineFields Fields(string category = "01", decimal allocated = 36500m, decimal committed = 10000m, decimal spent = 9100m,
        DateOnly? start = null, DateOnly? end = null, string? notes = "Weekday personal care") =>
        new(category, allocated, committed, spent, start ?? s_planStart, end ?? s_planEnd, notes);

    private Task<Participant> ParticipantAsync(string? org = null) => Participants.CreateParticipantAsync(org ?? _org);

    private async Task<FundingLine> LineAsync(string participantId, FundingLineFields? fields = null, string? org = null)
    {
        RecordOutcome<FundingLine> created = await Service.CreateAsync(org ?? _org, "coordinator", participantId, fields ?? Fields(), Cancel);
        Assert.True(created.Succeeded, created.Message);
        return created.Value!;
    }

    [Fact]
    public async Task Create_ThenGet_ReturnsTheLineWithVersionStampAndDerivedNames()
    {
        Participant participant = await ParticipantAsync();
        FundingLine created = await LineAsync(participant.Id);

        RecordOutcome<FundingLine> read = await Service.GetAsync(_org, created.Id, Cancel);

        Assert.StartsWith("fl_", created.Id, StringComparison.Ordinal);
        Assert.Equal(created, read.Value);
        Assert.False(string.IsNullOrEmpty(read.Value!.Version));
        Assert.Equal(("Assistance with Daily Life", "Core"), (read.Value.SupportCategoryName, read.Value.Budget));
        Assert.Equal((participant.Id, "coordinator", _time.GetUtcNow()), (read.Value.ParticipantId, read.Value.Stamp.CreatedBy, read.Value.Stamp.CreatedAt));
    }

    [Fact]
    public async Task Amounts_RoundTripExactly()
    {
        FundingLine created = await LineAsync((await ParticipantAsync()).Id, Fields(allocated: 1234.50m, committed: 0m, spent: 0.01m));

        FundingLine read = (await Service.GetAsync(_org, created.Id, Cancel)).Value!;

        Assert.Equal((1234.50m, 0m, 0.01m), (read.Allocated, read.Committed, read.Spent));
        Assert.Equal(("1234.50", "0.01"), (read.Allocated.ToString(CultureInfo.InvariantCulture), read.Spent.ToString(CultureInfo.InvariantCulture)));
    }

    public static TheoryData<string, FundingLineFields, string> BrokenLines => new()
    {
        { "support_category", Fields(category: "16"), "'16' is not a support category: use its two-digit number, 01 to 15 (e.g. 01 for Assistance with Daily Life, 15 for Improved Daily Living Skills)" },
        { "support_category", Fields(category: "1"), "'1' is not a support category: use its two-digit number, 01 to 15 (e.g. 01 for Assistance with Daily Life, 15 for Improved Daily Living Skills)" },
        { "allocated", Fields(allocated: -5m, committed: 0m, spent: 0m), "-5 is negative: amounts are AUD of 0 or more" },
        { "committed", Fields(committed: -0.01m), "-0.01 is negative: amounts are AUD of 0 or more" },
        { "spent", Fields(spent: 10.005m), "10.005 has more than two decimal places: amounts are AUD with cents" },
        { "allocated", Fields(allocated: 10_000_000.01m), "10000000.01 is more than 10,000,000: amounts are AUD of at most 10,000,000" },
        { "allocated", Fields(allocated: 1000m, committed: 600m, spent: 500.5m), "committed 600.00 + spent 500.50 is more than allocated 1000.00: a line cannot commit and spend more than it allocates" },
        { "period_end", Fields(start: new DateOnly(2027, 6, 30), end: new DateOnly(2027, 1, 1)), "period_end 2027-01-01 is before period_start 2027-06-30" },
        { "period_end", Fields(start: new DateOnly(2027, 1, 1), end: new DateOnly(2027, 1, 1)), "period_end 2027-01-01 is the same day as period_start 2027-01-01" },
        { "notes", Fields(notes: new string('n', 2001)), "has 2001 characters; at most 2000 are allowed" },
        { "notes", Fields(notes: "Paid\u0007late"), "contains control characters" },
    };

    [Theory]
    [MemberData(nameof(BrokenLines))]
    public async Task Create_ThatBreaksARule_NamesTheFieldAndRule(string field, FundingLineFields fields, string message)
    {
        Participant participant = await ParticipantAsync();

        RecordOutcome<FundingLine> result = await Service.CreateAsync(_org, "c", participant.Id, fields, Cancel);

        Assert.Equal(RecordFailure.Invalid, result.Failure);
        FieldError error = Assert.Single(result.Errors);
        Assert.Equal((field, message), (error.Field, error.Message));
    }

    [Fact]
    public async Task Create_AtTheLimits_IsAccepted()
    {
        Participant participant = await ParticipantAsync();

        RecordOutcome<FundingLine> full = await Service.CreateAsync(_org, "c", participant.Id, Fields(allocated: 10_000_000m, committed: 4_000_000m, spent: 6_000_000m), Cancel);
        RecordOutcome<FundingLine> empty = await Service.CreateAsync(_org, "c", participant.Id, Fields(allocated: 0m, committed: 0m, spent: 0m, notes: "Line one\r\nLine two"), Cancel);

        Assert.True(full.Succeeded, full.Message);
        Assert.True(empty.Succeeded, empty.Message);
    }

    [Theory]
    [InlineData("2026-06-30", "2027-06-30", "period_start", "period_start 2026-06-30 is before the participant's plan_start 2026-07-01")]
    [InlineData("2026-07-01", "2027-07-01", "period_end", "period_end 2027-07-01 is after the participant's plan_end 2027-06-30")]
    public async Task CreateOrUpdate_WithAPeriodOutsideThePlan_IsRefused(string start, string end, string field, string message)
    {
        Participant participant = await ParticipantAsync();
        FundingLine line = await LineAsync(participant.Id);
        DateOnly periodStart = DateOnly.Parse(start, CultureInfo.InvariantCulture), periodEnd = DateOnly.Parse(end, CultureInfo.InvariantCulture);

        RecordOutcome<FundingLine> create = await Service.CreateAsync(_org, "c", participant.Id, Fields(start: periodStart, end: periodEnd), Cancel);
        RecordOutcome<FundingLine> update = await Service.UpdateAsync(_org, "c", line.Id, line.Version, new FundingLineChanges(PeriodStart: periodStart, PeriodEnd: periodEnd), Cancel);

        foreach (RecordOutcome<FundingLine> refused in new[] { create, update })
        {
            Assert.Equal(RecordFailure.Invalid, refused.Failure);
            FieldError error = Assert.Single(refused.Errors);
            Assert.Equal((field, message), (error.Field, error.Message));
        }

        Assert.Equal((s_planStart, s_planEnd), ((await Service.GetAsync(_org, line.Id, Cancel)).Value!.PeriodStart, (await Service.GetAsync(_org, line.Id, Cancel)).Value!.PeriodEnd));
    }

    [Fact]
    public async Task Create_ForAParticipantOfAnotherOrganizationOrUnknown_IsNotFound()
    {
        Participant theirs = await ParticipantAsync("org" + Guid.NewGuid().ToString("N")[..10]);

        RecordOutcome<FundingLine> foreign = await Service.CreateAsync(_org, "c", theirs.Id, Fields(), Cancel);
        RecordOutcome<FundingLine> unknown = await Service.CreateAsync(_org, "c", "pt_x", Fields(), Cancel);

        Assert.Equal((RecordFailure.NotFound, $"participant {theirs.Id} was not found"), (foreign.Failure, foreign.Message));
        Assert.Equal((RecordFailure.NotFound, "participant pt_x was not found"), (unknown.Failure, unknown.Message));
    }

    [Fact]
    public async Task CreateOrUpdate_ForAnArchivedParticipant_IsRefused()
    {
        Participant participant = await ParticipantAsync();
        FundingLine line = await LineAsync(participant.Id);
        Assert.True((await Participants.ArchiveAsync(_org, "c", participant.Id, participant.Version, Cancel)).Succeeded);

        RecordOutcome<FundingLine> create = await Service.CreateAsync(_org, "c", participant.Id, Fields(), Cancel);
        RecordOutcome<FundingLine> update = await Service.UpdateAsync(_org, "c", line.Id, line.Version, new FundingLineChanges(Spent: 9200m), Cancel);

        foreach (RecordOutcome<FundingLine> refused in new[] { create, update })
        {
            Assert.Equal(RecordFailure.Invalid, refused.Failure);
            Assert.Equal($"participant_id: participant {participant.Id} is archived: restore it before changing its funding", refused.Message);
        }

        Assert.Equal(9100m, (await Service.GetAsync(_org, line.Id, Cancel)).Value!.Spent);
    }

    [Fact]
    public async Task Update_ChangesOnlyTheGivenFields_AndStampsWhoAndWhen()
    {
        FundingLine line = await LineAsync((await ParticipantAsync()).Id);
        _time.Advance(TimeSpan.FromHours(1));

        RecordOutcome<FundingLine> updated = await Service.UpdateAsync(_org, "other", line.Id, line.Version, new FundingLineChanges(Spent: 9876.54m, SupportCategory: "04"), Cancel);

        Assert.True(updated.Succeeded, updated.Message);
        Assert.Equal((9876.54m, "04", "Core", line.Allocated, line.Committed, line.Notes),
            (updated.Value!.Spent, updated.Value.SupportCategory, updated.Value.Budget, updated.Value.Allocated, updated.Value.Committed, updated.Value.Notes));
        Assert.Equal(("other", _time.GetUtcNow(), "coordinator"), (updated.Value.Stamp.UpdatedBy, updated.Value.Stamp.UpdatedAt, updated.Value.Stamp.CreatedBy));
        Assert.NotEqual(line.Version, updated.Value.Version);
        Assert.Equal(updated.Value, (await Service.GetAsync(_org, line.Id, Cancel)).Value);
    }

    [Fact]
    public async Task Update_ThatBreaksARule_IsRefused_AndChangesNothing()
    {
        FundingLine line = await LineAsync((await ParticipantAsync()).Id);

        RecordOutcome<FundingLine> result = await Service.UpdateAsync(_org, "c", line.Id, line.Version, new FundingLineChanges(Spent: 30000m), Cancel);

        Assert.Equal("allocated: committed 10000.00 + spent 30000.00 is more than allocated 36500.00: a line cannot commit and spend more than it allocates", result.Message);
        Assert.Equal(line, (await Service.GetAsync(_org, line.Id, Cancel)).Value);
    }

    [Fact]
    public async Task Update_WithAStaleVersion_IsRefusedWithAReReadMessage_AndChangesNothing()
    {
        FundingLine line = await LineAsync((await ParticipantAsync()).Id);
        Assert.True((await Service.UpdateAsync(_org, "c", line.Id, line.Version, new FundingLineChanges(Spent: 9200m), Cancel)).Succeeded);

        RecordOutcome<FundingLine> stale = await Service.UpdateAsync(_org, "c", line.Id, line.Version, new FundingLineChanges(Spent: 9300m), Cancel);

        Assert.Equal(RecordFailure.StaleVersion, stale.Failure);
        Assert.Equal($"funding line {line.Id} has changed since version {line.Version} was read: read it again and retry with the new version", stale.Message);
        Assert.Equal(9200m, (await Service.GetAsync(_org, line.Id, Cancel)).Value!.Spent);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public async Task Update_WithoutAVersion_IsRefused(string version)
    {
        FundingLine line = await LineAsync((await ParticipantAsync()).Id);

        RecordOutcome<FundingLine> result = await Service.UpdateAsync(_org, "c", line.Id, version, new FundingLineChanges(Spent: 1m), Cancel);

        Assert.Equal("version: is required: read the funding line first and send the version it returned", result.Message);
    }

    [Theory]
    [InlineData("fl_x")]
    [InlineData("gl_abcdefghijkm")]
    [InlineData("fl_abcdefghijkm")]
    public async Task UnknownOrMalformedIds_AreNotFound(string id)
    {
        Assert.Equal($"funding line {id} was not found", (await Service.GetAsync(_org, id, Cancel)).Message);
        Assert.Equal($"funding line {id} was not found", (await Service.UpdateAsync(_org, "c", id, "v", new FundingLineChanges(Spent: 1m), Cancel)).Message);
    }

    [Fact]
    public async Task AnotherOrganizationsFunding_IsNotFoundForEveryOperation()
    {
        string other = "org" + Guid.NewGuid().ToString("N")[..10];
        Participant theirs = await ParticipantAsync(other);
        FundingLine line = await LineAsync(theirs.Id, org: other);
        string message = $"funding line {line.Id} was not found";

        Assert.Equal(message, (await Service.GetAsync(_org, line.Id, Cancel)).Message);
        Assert.Equal(message, (await Service.UpdateAsync(_org, "c", line.Id, line.Version, new FundingLineChanges(Spent: 0m), Cancel)).Message);
        Assert.Equal($"participant {theirs.Id} was not found", (await Service.ListAsync(_org, new FundingLineQuery(theirs.Id, null, 10, null), Cancel)).Message);
        Assert.Equal($"participant {theirs.Id} was not found", (await Service.GetBudgetSummaryAsync(_org, theirs.Id, null, Cancel)).Message);
        Assert.Equal(line, (await Service.GetAsync(other, line.Id, Cancel)).Value);
    }

    [Fact]
    public async Task List_ReturnsOnlyThatParticipantsLines_FilteredByCategory_APageAtATime()
    {
        Participant participant = await ParticipantAsync();
        Participant another = await ParticipantAsync();
        await LineAsync(another.Id);
        var ids = new List<string>();
        for (int i = 0; i < 5; i++)
            ids.Add((await LineAsync(participant.Id, Fields(category: i % 2 == 0 ? "01" : "07"))).Id);

        (List<FundingLine> seen, int pages) = await ServiceTestSteps.ReadAllAsync(2, cursor => Service.ListAsync(_org, new FundingLineQuery(participant.Id, null, 2, cursor), Cancel));
        RecordOutcome<RecordPage<FundingLine>> coordination = await Service.ListAsync(_org, new FundingLineQuery(participant.Id, " 07 ", 25, null), Cancel);

        Assert.Equal(ids.Order(StringComparer.Ordinal), seen.Select(l => l.Id).Order(StringComparer.Ordinal));
        Assert.True(pages >= 3);
        Assert.Equal(2, coordination.Value!.Items.Count);
        Assert.All(coordination.Value.Items, l => Assert.Equal(("07", "Support Coordination", "Capacity Building"), (l.SupportCategory, l.SupportCategoryName, l.Budget)));
        Assert.Equal(RecordFailure.Invalid, (await Service.ListAsync(_org, new FundingLineQuery(participant.Id, null, 2, "made-up"), Cancel)).Failure);
        Assert.Equal("support_category", Assert.Single((await Service.ListAsync(_org, new FundingLineQuery(participant.Id, "Core", 2, null), Cancel)).Errors).Field);
    }

    [Fact]
    public async Task AddingAnExistingId_IsADuplicate_NotAnException()
    {
        var store = new TableFundingStore(Tables);
        FundingLine line = await LineAsync((await ParticipantAsync()).Id);

        RecordOutcome<FundingLine> again = await store.AddAsync(_org, line with { Spent = 1m }, Cancel);

        Assert.Equal((RecordFailure.Duplicate, $"funding line {line.Id} already exists"), (again.Failure, again.Message));
        Assert.Equal(line, await store.GetAsync(_org, line.Id, Cancel));
    }

    [Fact]
    public async Task BudgetSummary_WorksOutTheFiguresOfTheLinesCurrentOnAsOf()
    {
        // As of 2026-09-29: 91 days of a period from 2026-07-01 have gone by, 29 of one from 2026-09-01.
        Participant participant = await ParticipantAsync();
        await LineAsync(participant.Id, Fields("01", 36500m, 10000m, 9100m));                                                       // 100.00 a day
        await LineAsync(participant.Id, Fields("01", 10000m, 0m, 290m, new DateOnly(2026, 9, 1), new DateOnly(2026, 12, 31)));     // 10.00 a day
        await LineAsync(participant.Id, Fields("15", 5000m, 1000m, 2730m));                                                        // 30.00 a day: too fast
        await LineAsync(participant.Id, Fields("05", 3000m, 500m, 0m));                                                            // nothing spent
        await LineAsync(participant.Id, Fields("07", 4000m, 0m, 0m, new DateOnly(2027, 1, 1), s_planEnd));                         // not current

        RecordOutcome<BudgetSummary> result = await Service.GetBudgetSummaryAsync(_org, participant.Id, new DateOnly(2026, 9, 29), Cancel);

        Assert.True(result.Succeeded, result.Message);
        BudgetSummary summary = result.Value!;
        Assert.Equal((participant.Id, new DateOnly(2026, 9, 29), "AUD"), (summary.ParticipantId, summary.AsOf, summary.Currency));
        // (54500 − 12120) ÷ 140 = 302.71 → 303 days.
        Assert.Equal(new BudgetFigures("Total", 54500m, 11500m, 12120m, 30880m, 140m, new DateOnly(2027, 7, 29), s_planEnd, false), summary.Total);
        // (46500 − 9390) ÷ 110 = 337.36 → 338 days; (5000 − 2730) ÷ 30 = 75.67 → 76 days.
        BudgetFigures dailyLife = new("Assistance with Daily Life", 46500m, 10000m, 9390m, 27110m, 110m, new DateOnly(2027, 9, 2), s_planEnd, false);
        BudgetFigures skills = new("Improved Daily Living Skills", 5000m, 1000m, 2730m, 1270m, 30m, new DateOnly(2026, 12, 14), s_planEnd, true);
        BudgetFigures technology = new("Assistive Technology", 3000m, 500m, 0m, 2500m, 0m, null, s_planEnd, false);
        Assert.Equal([dailyLife with { Name = "Core" }, skills with { Name = "Capacity Building" }, technology with { Name = "Capital" }], summary.Budgets);
        Assert.Equal([dailyLife, technology, skills], summary.Categories);
    }

    [Fact]
    public async Task BudgetSummary_ProjectsRunOutFromTheBurnRateRoundedToCents()
    {
        // 1000.00 spent over 3 days is 333.33 a day (not 333.333…): 1000 ÷ 333.33 = 3.00003 → 4 days, not 3.
        Participant participant = await ParticipantAsync();
        await LineAsync(participant.Id, Fields("02", 2000m, 0m, 1000m));

        BudgetSummary summary = (await Service.GetBudgetSummaryAsync(_org, participant.Id, new DateOnly(2026, 7, 3), Cancel)).Value!;

        Assert.Equal((333.33m, new DateOnly(2026, 7, 7), true), (summary.Total.DailyBurnRate, summary.Total.ProjectedRunOut, summary.Total.RunsOutBeforePeriodEnd));
        Assert.Equal("Transport", Assert.Single(summary.Categories).Name);
    }

    [Fact]
    public async Task BudgetSummary_WithoutCurrentLines_HasZeroTotalsAndEmptyLists_AsOfTodayByDefault()
    {
        Participant participant = await ParticipantAsync();
        await LineAsync(participant.Id, Fields(start: new DateOnly(2027, 1, 1)));

        RecordOutcome<BudgetSummary> result = await Service.GetBudgetSummaryAsync(_org, participant.Id, null, Cancel);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(new DateOnly(2026, 11, 22), result.Value!.AsOf);
        Assert.Equal(new BudgetFigures("Total", 0m, 0m, 0m, 0m, 0m, null, null, false), result.Value.Total);
        Assert.Empty(result.Value.Budgets);
        Assert.Empty(result.Value.Categories);
    }

    [Fact]
    public async Task BudgetSummary_ReadsEveryPageOfTheParticipantsLines()
    {
        Participant participant = await ParticipantAsync();
        var store = new TableFundingStore(Tables);
        for (int i = 0; i < 105; i++)
        {
            var line = new FundingLine(RecordIds.New(FundingLine.IdPrefix), participant.Id, "01", 100m, 0m, 1m, s_planStart, s_planEnd, null,
                new Stamp(_time.GetUtcNow(), "c", _time.GetUtcNow(), "c"), string.Empty);
            Assert.True((await store.AddAsync(_org, line, Cancel)).Succeeded);
        }

        BudgetSummary summary = (await Service.GetBudgetSummaryAsync(_org, participant.Id, s_planStart, Cancel)).Value!;

        Assert.Equal((10500m, 105m), (summary.Total.Allocated, summary.Total.Spent));
    }

    [Fact]
    public void DemoFunding_IsTheSameEachTime_AndPassesTheRulesInsideEachPlan()
    {
        DateOnly today = new(2026, 11, 22);
        IReadOnlyList<Participant> participants = DemoParticipants.For("sunrise", 30, today);

        IReadOnlyList<FundingLine> demo = DemoFunding.For("sunrise", participants, today);

        Assert.Equal(demo, DemoFunding.For("sunrise", participants, today));
        Assert.Equal(demo.Select(l => l.Id), DemoFunding.For("sunrise", participants, today.AddDays(40)).Select(l => l.Id));
        Assert.Equal(demo.Count, demo.Select(l => l.Id).Distinct().Count());
        Assert.All(participants, p => Assert.InRange(demo.Count(l => l.ParticipantId == p.Id), 2, 5));
        Assert.All(demo, l =>
        {
            Participant owner = participants.Single(p => p.Id == l.ParticipantId);
            Assert.True(RecordIds.IsWellFormed(l.Id, FundingLine.IdPrefix), l.Id);
            Assert.Empty(FundingRules.Validate(l.ToFields()));
            Assert.Empty(FundingRules.WithinPlan(l.ToFields(), owner));
        });
        Assert.Contains(participants, p => BudgetSummary.Of(p.Id, today, demo.Where(l => l.ParticipantId == p.Id)).Total.RunsOutBeforePeriodEnd);
        Assert.Contains(participants, p => !BudgetSummary.Of(p.Id, today, demo.Where(l => l.ParticipantId == p.Id)).Total.RunsOutBeforePeriodEnd);
    }
}
