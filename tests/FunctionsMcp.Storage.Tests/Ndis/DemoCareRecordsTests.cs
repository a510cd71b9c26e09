using Azure.Data.Tables;
using FunctionsMcp.Ndis.CarePlans;
using FunctionsMcp.Ndis.Catalogue;
using FunctionsMcp.Ndis.Common;
using FunctionsMcp.Ndis.Goals;
using FunctionsMcp.Ndis.Participants;
using FunctionsMcp.Storage.Ndis;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Storage.Tests.Ndis;

/// <summary>The demo goals, activities and care plans: the same each time, within every rule, and loadable twice without change.</summary>
public sealed class DemoCareRecordsTests(AzuriteFixture azurite)
{
    private static readonly DateOnly s_today = new(2026, 11, 22);
    private static readonly IReadOnlyList<Participant> s_participants = DemoParticipants.For("sunrise", 30, s_today);
    private static readonly string[] s_staff = ["Sam Worker", "Jo Lee"];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public void DemoGoalsAndActivities_AreTheSameEachTime_AndPassEveryRule()
    {
        (IReadOnlyList<Goal> goals, IReadOnlyList<GoalActivity> activities) = DemoGoals.For("sunrise", s_participants, s_staff, s_today);
        (IReadOnlyList<Goal> again, IReadOnlyList<GoalActivity> againActivities) = DemoGoals.For("sunrise", s_participants, s_staff, s_today);

        Assert.Equal(goals, again);
        Assert.Equal(activities, againActivities);
        Assert.InRange(goals.Count, 30, 90);
        Assert.NotEmpty(activities);
        Assert.Equal(goals.Count, goals.Select(g => g.Id).Distinct().Count());
        Assert.All(goals, g => Assert.Empty(GoalRules.Validate(g.ToFields())));
        Assert.All(goals, g => Assert.True(RecordIds.IsWellFormed(g.Id, Goal.IdPrefix), g.Id));
        Assert.All(activities, a => Assert.Empty(GoalRules.Validate(new GoalActivityFields(a.Date, a.StaffMember, a.Notes, a.Minutes, a.Outcome), s_today)));
        Assert.All(activities, a => Assert.Contains(goals, g => g.Id == a.GoalId && g.ParticipantId == a.ParticipantId));
    }

    [Fact]
    public void DemoCarePlans_PassEveryRule_UseCatalogueItems_AndGiveEachParticipantOneCurrentPlan()
    {
        IReadOnlyList<CarePlan> plans = DemoCarePlans.For("sunrise", s_participants);
        var catalogue = SampleCatalogue.Items.Select(i => i.ItemNumber).ToHashSet(StringComparer.Ordinal);

        Assert.All(plans, p => Assert.Empty(CarePlanRules.Validate(p.ToFields())));
        Assert.All(plans.SelectMany(p => p.Supports), s => Assert.Contains(s.ItemNumber, catalogue));
        Assert.All(s_participants, participant => Assert.Single(plans, p => p.ParticipantId == participant.Id && CarePlan.IsCurrent(p.Status)));
        Assert.Contains(plans, p => p.Status == CarePlanStatus.Superseded);
        Assert.Equal(plans.Select(p => p.Id), DemoCarePlans.For("sunrise", s_participants).Select(p => p.Id));
    }

    [Fact]
    public async Task LoadingTwice_ChangesNothing()
    {
        var tables = new TableProvider(new TableServiceClient(azurite.ConnectionString));
        var goalStore = new TableGoalStore(tables);
        var planStore = new TableCarePlanStore(tables);
        string org = "demo" + Guid.NewGuid().ToString("N")[..8];
        (IReadOnlyList<Goal> goals, IReadOnlyList<GoalActivity> activities) = DemoGoals.For(org, s_participants, s_staff, s_today);
        IReadOnlyList<CarePlan> plans = DemoCarePlans.For(org, s_participants);

        async Task<int> LoadAsync()
        {
            int added = 0;
            foreach (Goal g in goals)
                added += (await goalStore.AddAsync(org, g, Cancel)).Succeeded ? 1 : 0;
            foreach (GoalActivity a in activities)
                added += (await goalStore.AddActivityAsync(org, a, Cancel)).Succeeded ? 1 : 0;
            foreach (CarePlan p in plans)
                added += (await planStore.AddAsync(org, p, Cancel)).Succeeded ? 1 : 0;
            return added;
        }

        int first = await LoadAsync();
        string planVersion = (await planStore.GetAsync(org, plans[0].Id, Cancel))!.Version;
        int second = await LoadAsync();

        Assert.Equal((goals.Count + activities.Count + plans.Count, 0), (first, second));
        Assert.Equal(planVersion, (await planStore.GetAsync(org, plans[0].Id, Cancel))!.Version);
        GoalActivity activity = activities[0];
        RecordOutcome<RecordPage<GoalActivity>> logged = await goalStore.ListActivitiesAsync(org, new GoalActivityQuery(activity.GoalId, 100, null), Cancel);
        Assert.Equal(activities.Count(a => a.GoalId == activity.GoalId), logged.Value!.Items.Count);
    }
}
