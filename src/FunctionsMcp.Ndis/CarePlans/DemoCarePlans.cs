using FunctionsMcp.Ndis.Common;
using FunctionsMcp.Ndis.Participants;

namespace FunctionsMcp.Ndis.CarePlans;

/// <summary>
/// Demo care plans for the local run: each demo participant has a current plan (most active, some under review)
/// over their NDIS plan, and some a superseded plan from the year before. Every support is an item of the sample
/// catalogue. Fixed seed, ids and stamps, so loading them again changes nothing.
/// </summary>
public static class DemoCarePlans
{
    private static readonly CarePlanSupport[] s_supports =
    [
        new("01_011_0107_1_1", "2 hours each weekday morning", "Personal care team", "Shower, dressing and breakfast routine"),
        new("01_015_0107_1_1", "1.5 hours Monday to Friday evenings", "Personal care team", null),
        new("01_020_0120_1_1", "2 hours every Wednesday", "Home support team", "Cleaning and laundry, working alongside the participant"),
        new("04_104_0125_6_1", "4 hours every Tuesday and Thursday", "Community access team", "Library, swimming and shopping"),
        new("04_105_0125_6_1", "3 hours every second Saturday", "Community access team", null),
        new("07_002_0106_8_3", "Up to 2 hours a month", "Support coordinator", "Monthly check-in and plan review preparation"),
        new("12_027_0126_3_3", "1 hour a fortnight", "Exercise physiologist (external provider)", null),
        new("15_617_0128_1_3", "1 hour a month", "Occupational therapist (external provider)", "Home safety and daily living skills"),
        new("15_622_0128_1_3", "1 hour a fortnight", "Speech pathologist (external provider)", "Communication device practice"),
        new("15_037_0117_1_3", "2 hours every Monday", "Skills development team", "Budgeting and cooking"),
    ];

    private static readonly CarePlanRisk[] s_risks =
    [
        new("Choking: eats quickly", RiskLevel.High, "Cut food into small pieces; a staff member stays for the whole meal."),
        new("Falls when tired in the evening", RiskLevel.Medium, "Walking frame within reach; night light on; check-in at 9 pm."),
        new("Seizures (epilepsy)", RiskLevel.High, "Follow the seizure management plan; midazolam kit travels with the participant."),
        new("Becomes distressed in crowded places", RiskLevel.Low, "Plan outings for quiet times; agreed signal to leave."),
        new("Sun sensitivity from medication", RiskLevel.Low, "Hat and sunscreen on outings; avoid midday sun."),
    ];

    /// <summary>The care plans of <paramref name="participants"/> (one organization's demo participants).</summary>
    public static IReadOnlyList<CarePlan> For(string organizationId, IReadOnlyList<Participant> participants)
    {
        Random random = DemoIds.For(organizationId, 43);
        var plans = new List<CarePlan>();
        foreach (Participant participant in participants)
        {
            bool previous = random.Next(4) == 0;
            if (previous)
                plans.Add(Plan(random, participant, CarePlanStatus.Superseded, participant.PlanStart.AddYears(-1), participant.PlanStart.AddDays(-1)));
            plans.Add(Plan(random, participant, random.Next(6) == 0 ? CarePlanStatus.UnderReview : CarePlanStatus.Active, participant.PlanStart, participant.PlanEnd));
        }

        return plans;
    }

    private static CarePlan Plan(Random random, Participant participant, CarePlanStatus status, DateOnly from, DateOnly to)
    {
        CarePlanSupport[] supports = [.. Enumerable.Range(0, s_supports.Length).OrderBy(_ => random.Next()).Take(2 + random.Next(3)).Order().Select(i => s_supports[i])];
        CarePlanRisk[] risks = [.. Enumerable.Range(0, s_risks.Length).OrderBy(_ => random.Next()).Take(random.Next(3)).Order().Select(i => s_risks[i])];
        string name = participant.PreferredName ?? participant.GivenName;
        string summary = $"Supports for {name} ({participant.PrimaryDisability}) to build independence at home and take part in the community, "
            + "as agreed with them and their family at the planning meeting.";
        var created = new DateTimeOffset(from.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);
        return new CarePlan(DemoIds.Next(random, CarePlan.IdPrefix), participant.Id, status, from, to, summary, supports, risks,
            from.AddMonths(6), new Stamp(created, "demo", created, "demo"), Version: string.Empty);
    }
}
