using Azure.Data.Tables;
using FunctionsMcp.Ndis.Common;
using FunctionsMcp.Ndis.Goals;
using FunctionsMcp.Ndis.Participants;
using FunctionsMcp.Storage.Ndis;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Storage.Tests.Ndis;

/// <summary>The goal and activity rules and the table store together, against Azurite.</summary>
public sealed class GoalServiceTests(AzuriteFixture azurite)
{
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));
    private readonly string _org = "org" + Guid.NewGuid().ToString("N")[..10];
    private ParticipantService? _participants;
    private GoalService? _service;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private TableProvider Tables => field ??= new TableProvider(new TableServiceClient(azurite.ConnectionString));

    private ParticipantService Participants => _participants ??= new ParticipantService(new TableParticipantStore(Tables), _time);

    private GoalService Service => _service ??= new GoalService(new TableGoalStore(Tables), new TableParticipantStore(Tables), _time);

    private static GoalFields Fields(string title = "Catch the bus to work on my own") =>
        new(title, "Travel training twice a week", GoalCategory.Work, GoalStatus.NotStarted, new DateOnly(2027, 6, 30));

    private static GoalActivityFields Activity(DateOnly? date = null, int minutes = 60) =>
        new(date ?? new DateOnly(2026, 11, 20), "worker", "Practised the 8:15 route", minutes, GoalActivityOutcome.Progressed);

    private async Task<Participant> ParticipantAsync(string? org = null)
    {
        RecordOutcome<Participant> created = await Participants.CreateAsync(org ?? _org, "coordinator", ParticipantServiceTests.Fields(), Cancel);
        Assert.True(created.Succeeded, created.Message);
        return created.Value!;
    }

    private async Task<Goal> GoalAsync(string participantId, GoalFields? fields = null, string? org = null)
    {
        RecordOutcome<Goal> created = await Service.CreateAsync(org ?? _org, "coordinator", participantId, fields ?? Fields(), Cancel);
        Assert.True(created.Succeeded, created.Message);
        return created.Value!;
    }

    [Fact]
    public async Task Create_ThenGet_ReturnsTheGoalWithVersionAndStamp()
    {
        Participant participant = await ParticipantAsync();
        Goal created = await GoalAsync(participant.Id);

        RecordOutcome<Goal> read = await Service.GetAsync(_org, created.Id, Cancel);

        Assert.StartsWith("gl_", created.Id, StringComparison.Ordinal);
        Assert.Equal(created, read.Value);
        Assert.False(string.IsNullOrEmpty(read.Value!.Version));
        Assert.Equal((participant.Id, "coordinator", _time.GetUtcNow()), (read.Value.ParticipantId, read.Value.Stamp.CreatedBy, read.Value.Stamp.CreatedAt));
    }

    public static TheoryData<string, GoalFields, string> BrokenGoals => new()
    {
        { "title", Fields(" "), "is required" },
        { "title", Fields(new string('x', 201)), "has 201 characters; at most 200 are allowed" },
        { "description", Fields() with { Description = new string('x', 2001) }, "has 2001 characters; at most 2000 are allowed" },
        { "target_date", Fields() with { TargetDate = new DateOnly(1999, 12, 31) }, "1999-12-31 is not after 2000-01-01" },
        { "category", Fields() with { Category = (GoalCategory)42 }, "is not an NDIS goal category" },
        { "status", Fields() with { Status = (GoalStatus)42 }, "is not a goal status" },
    };

    [Theory]
    [MemberData(nameof(BrokenGoals))]
    public async Task Create_ThatBreaksARule_NamesTheFieldAndRule(string field, GoalFields fields, string message)
    {
        Participant participant = await ParticipantAsync();

        RecordOutcome<Goal> result = await Service.CreateAsync(_org, "c", participant.Id, fields, Cancel);

        Assert.Equal(RecordFailure.Invalid, result.Failure);
        FieldError error = Assert.Single(result.Errors);
        Assert.Equal((field, message), (error.Field, error.Message));
    }

    [Fact]
    public async Task Create_ForAParticipantOfAnotherOrganizationOrUnknown_IsNotFound()
    {
        Participant theirs = await ParticipantAsync("org" + Guid.NewGuid().ToString("N")[..10]);

        RecordOutcome<Goal> foreign = await Service.CreateAsync(_org, "c", theirs.Id, Fields(), Cancel);
        RecordOutcome<Goal> unknown = await Service.CreateAsync(_org, "c", "pt_x", Fields(), Cancel);

        Assert.Equal((RecordFailure.NotFound, $"participant {theirs.Id} was not found"), (foreign.Failure, foreign.Message));
        Assert.Equal((RecordFailure.NotFound, "participant pt_x was not found"), (unknown.Failure, unknown.Message));
    }

    [Fact]
    public async Task CreateOrUpdate_ForAnArchivedParticipant_IsRefused()
    {
        Participant participant = await ParticipantAsync();
        Goal goal = await GoalAsync(participant.Id);
        Assert.True((await Participants.ArchiveAsync(_org, "c", participant.Id, participant.Version, Cancel)).Succeeded);

        RecordOutcome<Goal> create = await Service.CreateAsync(_org, "c", participant.Id, Fields(), Cancel);
        RecordOutcome<Goal> update = await Service.UpdateAsync(_org, "c", goal.Id, goal.Version, new GoalChanges(Status: GoalStatus.InProgress), Cancel);

        foreach (RecordOutcome<Goal> refused in new[] { create, update })
        {
            Assert.Equal(RecordFailure.Invalid, refused.Failure);
            Assert.Equal($"participant_id: participant {participant.Id} is archived: restore it before changing its goals", refused.Message);
        }
    }

    [Fact]
    public async Task Update_ChangesOnlyTheGivenFields_AndStampsWhoAndWhen()
    {
        Goal goal = await GoalAsync((await ParticipantAsync()).Id);
        _time.Advance(TimeSpan.FromHours(1));

        RecordOutcome<Goal> updated = await Service.UpdateAsync(_org, "other", goal.Id, goal.Version, new GoalChanges(Status: GoalStatus.InProgress), Cancel);

        Assert.True(updated.Succeeded, updated.Message);
        Assert.Equal((GoalStatus.InProgress, goal.Title, goal.TargetDate), (updated.Value!.Status, updated.Value.Title, updated.Value.TargetDate));
        Assert.Equal(("other", _time.GetUtcNow(), "coordinator"), (updated.Value.Stamp.UpdatedBy, updated.Value.Stamp.UpdatedAt, updated.Value.Stamp.CreatedBy));
        Assert.NotEqual(goal.Version, updated.Value.Version);
        Assert.Equal(updated.Value, (await Service.GetAsync(_org, goal.Id, Cancel)).Value);
    }

    [Fact]
    public async Task Update_WithAStaleVersion_IsRefusedWithAReReadMessage_AndChangesNothing()
    {
        Goal goal = await GoalAsync((await ParticipantAsync()).Id);
        Assert.True((await Service.UpdateAsync(_org, "c", goal.Id, goal.Version, new GoalChanges(Title: "First"), Cancel)).Succeeded);

        RecordOutcome<Goal> stale = await Service.UpdateAsync(_org, "c", goal.Id, goal.Version, new GoalChanges(Title: "Second"), Cancel);

        Assert.Equal(RecordFailure.StaleVersion, stale.Failure);
        Assert.Contains("read it again and retry", stale.Message, StringComparison.Ordinal);
        Assert.Equal("First", (await Service.GetAsync(_org, goal.Id, Cancel)).Value!.Title);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public async Task Update_WithoutAVersion_IsRefused(string version)
    {
        Goal goal = await GoalAsync((await ParticipantAsync()).Id);

        RecordOutcome<Goal> result = await Service.UpdateAsync(_org, "c", goal.Id, version, new GoalChanges(Title: "x"), Cancel);

        Assert.Equal("version: is required: read the goal first and send the version it returned", result.Message);
    }

    [Fact]
    public async Task AnotherOrganizationsGoal_IsNotFoundForEveryOperation()
    {
        string other = "org" + Guid.NewGuid().ToString("N")[..10];
        Participant theirs = await ParticipantAsync(other);
        Goal goal = await GoalAsync(theirs.Id, org: other);
        string message = $"goal {goal.Id} was not found";

        Assert.Equal(message, (await Service.GetAsync(_org, goal.Id, Cancel)).Message);
        Assert.Equal(message, (await Service.UpdateAsync(_org, "c", goal.Id, goal.Version, new GoalChanges(Title: "Hacked"), Cancel)).Message);
        Assert.Equal(message, (await Service.LogActivityAsync(_org, "c", goal.Id, Activity(), Cancel)).Message);
        Assert.Equal(message, (await Service.ListActivitiesAsync(_org, new GoalActivityQuery(goal.Id, 10, null), Cancel)).Message);
        Assert.Equal($"participant {theirs.Id} was not found", (await Service.ListAsync(_org, new GoalQuery(theirs.Id, null, 10, null), Cancel)).Message);
        Assert.Equal(goal.Title, (await Service.GetAsync(other, goal.Id, Cancel)).Value!.Title);
    }

    [Fact]
    public async Task List_ReturnsOnlyThatParticipantsGoals_FilteredByStatus_APageAtATime()
    {
        Participant participant = await ParticipantAsync();
        Participant another = await ParticipantAsync();
        await GoalAsync(another.Id);
        var ids = new List<string>();
        for (int i = 0; i < 5; i++)
            ids.Add((await GoalAsync(participant.Id, Fields() with { Status = i % 2 == 0 ? GoalStatus.InProgress : GoalStatus.Achieved })).Id);

        var seen = new List<Goal>();
        string? cursor = null;
        do
        {
            RecordOutcome<RecordPage<Goal>> page = await Service.ListAsync(_org, new GoalQuery(participant.Id, null, 2, cursor), Cancel);
            Assert.True(page.Succeeded, page.Message);
            Assert.True(page.Value!.Items.Count <= 2);
            seen.AddRange(page.Value.Items);
            cursor = page.Value.NextCursor;
        }
        while (cursor is not null);
        RecordOutcome<RecordPage<Goal>> inProgress = await Service.ListAsync(_org, new GoalQuery(participant.Id, GoalStatus.InProgress, 25, null), Cancel);

        Assert.Equal(ids.Order(StringComparer.Ordinal), seen.Select(g => g.Id).Order(StringComparer.Ordinal));
        Assert.Equal(3, inProgress.Value!.Items.Count);
        Assert.All(inProgress.Value.Items, g => Assert.Equal(GoalStatus.InProgress, g.Status));
        Assert.Equal(RecordFailure.Invalid, (await Service.ListAsync(_org, new GoalQuery(participant.Id, null, 2, "made-up"), Cancel)).Failure);
    }

    [Fact]
    public async Task Activities_AreListedNewestFirst_APageAtATime()
    {
        Goal goal = await GoalAsync((await ParticipantAsync()).Id);
        Goal otherGoal = await GoalAsync(goal.ParticipantId);
        await Service.LogActivityAsync(_org, "w", otherGoal.Id, Activity(), Cancel);
        DateOnly[] dates = [new(2026, 11, 1), new(2026, 11, 20), new(2026, 10, 5), new(2026, 11, 20), new(2026, 11, 10)];
        var logged = new List<GoalActivity>();
        foreach (DateOnly date in dates)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            RecordOutcome<GoalActivity> result = await Service.LogActivityAsync(_org, "worker", goal.Id, Activity(date), Cancel);
            Assert.True(result.Succeeded, result.Message);
            logged.Add(result.Value!);
        }

        var seen = new List<GoalActivity>();
        string? cursor = null;
        int pages = 0;
        do
        {
            RecordOutcome<RecordPage<GoalActivity>> page = await Service.ListActivitiesAsync(_org, new GoalActivityQuery(goal.Id, 2, cursor), Cancel);
            Assert.True(page.Succeeded, page.Message);
            seen.AddRange(page.Value!.Items);
            cursor = page.Value.NextCursor;
            pages++;
        }
        while (cursor is not null);

        // Newest date first; of the two on 20 November, the one logged later first.
        Assert.Equal([logged[3].Id, logged[1].Id, logged[4].Id, logged[0].Id, logged[2].Id], seen.Select(a => a.Id));
        Assert.True(pages >= 3);
        Assert.Equal(logged[3], seen[0]);
        Assert.Equal((goal.ParticipantId, "worker"), (seen[0].ParticipantId, seen[0].Stamp.CreatedBy));
    }

    public static TheoryData<string, GoalActivityFields, string> BrokenActivities => new()
    {
        { "date", Activity(new DateOnly(2026, 11, 23)), "2026-11-23 is in the future" },
        { "staff_member", Activity() with { StaffMember = "" }, "is required" },
        { "staff_member", Activity() with { StaffMember = new string('w', 101) }, "has 101 characters; at most 100 are allowed" },
        { "notes", Activity() with { Notes = new string('n', 4001) }, "has 4001 characters; at most 4000 are allowed" },
        { "minutes", Activity(minutes: 0), "0 is not between 1 and 1440" },
        { "minutes", Activity(minutes: 1441), "1441 is not between 1 and 1440" },
        { "outcome", Activity() with { Outcome = (GoalActivityOutcome)9 }, "is not an activity outcome" },
    };

    [Theory]
    [MemberData(nameof(BrokenActivities))]
    public async Task LogActivity_ThatBreaksARule_NamesTheFieldAndRule(string field, GoalActivityFields fields, string message)
    {
        Goal goal = await GoalAsync((await ParticipantAsync()).Id);

        RecordOutcome<GoalActivity> result = await Service.LogActivityAsync(_org, "w", goal.Id, fields, Cancel);

        Assert.Equal(RecordFailure.Invalid, result.Failure);
        FieldError error = Assert.Single(result.Errors);
        Assert.Equal((field, message), (error.Field, error.Message));
    }

    [Fact]
    public async Task LogActivity_Today_IsAccepted()
    {
        Goal goal = await GoalAsync((await ParticipantAsync()).Id);

        RecordOutcome<GoalActivity> result = await Service.LogActivityAsync(_org, "w", goal.Id, Activity(new DateOnly(2026, 11, 22)), Cancel);

        Assert.True(result.Succeeded, result.Message);
        Assert.StartsWith("ga_", result.Value!.Id, StringComparison.Ordinal);
    }
}
