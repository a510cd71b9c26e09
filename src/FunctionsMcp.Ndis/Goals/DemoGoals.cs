using FunctionsMcp.Ndis.Common;
using FunctionsMcp.Ndis.Participants;

namespace FunctionsMcp.Ndis.Goals;

/// <summary>
/// Demo goals and activities for the local run: for each demo participant, the same one to three goals and their
/// logged activities every time (fixed seed, ids and stamps), so loading them again changes nothing.
/// </summary>
public static class DemoGoals
{
    private static readonly (string Title, GoalCategory Category, string Description)[] s_goals =
    [
        ("Catch the bus to work on my own", GoalCategory.Work, "Travel training on the route to work until I can do it without a support worker."),
        ("Cook a healthy dinner twice a week", GoalCategory.DailyLiving, "Plan, shop for and cook simple meals with less prompting each week."),
        ("Join a local sports club", GoalCategory.SocialAndCommunity, "Find a club I like, go along with support, then on my own."),
        ("Move into my own unit", GoalCategory.Home, "Learn the skills to live independently and find a place close to family."),
        ("Walk 30 minutes every day", GoalCategory.HealthAndWellbeing, "Build strength and stamina with the exercise physiologist's programme."),
        ("Finish my Certificate II in Hospitality", GoalCategory.LifelongLearning, "Keep up with coursework and attend TAFE three days a week."),
        ("Make decisions about my own money", GoalCategory.ChoiceAndControl, "Understand my budget and choose how my funds are spent."),
        ("Keep in touch with my brother", GoalCategory.Relationships, "Call or visit my brother every week."),
    ];

    private static readonly string[] s_notes =
    [
        "Worked through the steps with verbal prompts; more confident than last week.",
        "Tired today; we did a shorter session and agreed to try again on Thursday.",
        "Did the whole task independently for the first time.",
        "Needed full support; anxious about the change in routine.",
        "Practised the plan we made with the OT; good progress.",
    ];

    /// <summary>The goals and activities of <paramref name="participants"/> (one organization's demo participants), logged by <paramref name="staff"/>.</summary>
    public static (IReadOnlyList<Goal> Goals, IReadOnlyList<GoalActivity> Activities) For(
        string organizationId, IReadOnlyList<Participant> participants, IReadOnlyList<string> staff, DateOnly today)
    {
        Random random = DemoIds.For(organizationId, 37);
        var goals = new List<Goal>();
        var activities = new List<GoalActivity>();
        foreach (Participant participant in participants)
        {
            foreach (int choice in Enumerable.Range(0, s_goals.Length).OrderBy(_ => random.Next()).Take(1 + random.Next(3)).ToList())
            {
                (string title, GoalCategory category, string description) = s_goals[choice];
                var status = (GoalStatus)random.Next(3);
                var created = new DateTimeOffset(participant.PlanStart.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero);
                var goal = new Goal(DemoIds.Next(random, Goal.IdPrefix), participant.Id, title, description, category, status,
                    participant.PlanEnd, new Stamp(created, "demo", created, "demo"), Version: string.Empty);
                goals.Add(goal);
                int logged = status == GoalStatus.NotStarted ? 0 : 1 + random.Next(5);
                for (int i = 0; i < logged; i++)
                {
                    DateOnly date = today.AddDays(-1 - random.Next(90));
                    var at = new DateTimeOffset(date.ToDateTime(new TimeOnly(17, i)), TimeSpan.Zero);
                    activities.Add(new GoalActivity(DemoIds.Next(random, GoalActivity.IdPrefix), goal.Id, participant.Id, date, staff[random.Next(staff.Count)],
                        s_notes[random.Next(s_notes.Length)], 30 * (1 + random.Next(6)), (GoalActivityOutcome)random.Next(3), new Stamp(at, "demo", at, "demo")));
                }
            }
        }

        return (goals, activities);
    }
}
