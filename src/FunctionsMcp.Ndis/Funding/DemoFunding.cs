using FunctionsMcp.Ndis.Common;
using FunctionsMcp.Ndis.Participants;

namespace FunctionsMcp.Ndis.Funding;

/// <summary>
/// Demo funding lines for the local run: for each demo participant, the same two to five lines every time (fixed seed,
/// fixed ids), so loading them again changes nothing. Each line runs over the participant's plan; spent and committed
/// follow the share of the plan gone by, with some variation, and about one participant in five spends their Assistance
/// with Daily Life too fast. Amounts are invented.
/// </summary>
public static class DemoFunding
{
    private const string IdAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    private static readonly (string Category, int Least, int Most, string? Notes)[] s_lines =
    [
        ("01", 20_000, 120_000, "Daily personal care and community access, weekdays"),
        ("04", 8_000, 40_000, "Group and centre-based activities"),
        ("07", 2_500, 9_000, null),
        ("15", 3_000, 20_000, "Occupational therapy and speech pathology"),
        ("05", 1_500, 15_000, "Shower chair and a communication device"),
        ("02", 1_500, 4_000, null),
        ("12", 1_500, 5_000, "Exercise physiology"),
    ];

    /// <summary>The funding lines of <paramref name="participants"/> (one organization's demo participants) on <paramref name="today"/>.</summary>
    public static IReadOnlyList<FundingLine> For(string organizationId, IReadOnlyList<Participant> participants, DateOnly today)
    {
        var random = new Random(organizationId.Aggregate(37, (hash, c) => (hash * 31) + c));
        var lines = new List<FundingLine>();
        foreach (Participant participant in participants)
        {
            int days = participant.PlanEnd.DayNumber - participant.PlanStart.DayNumber + 1;
            decimal gone = Math.Clamp((decimal)(today.DayNumber - participant.PlanStart.DayNumber + 1) / days, 0m, 1m);
            bool fastBurner = random.Next(5) == 0;
            var stamp = new Stamp(new DateTimeOffset(participant.PlanStart.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), "demo",
                new DateTimeOffset(participant.PlanStart.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), "demo");

            // Every participant has Assistance with Daily Life, and one to four of the other categories.
            int others = 1 + random.Next(4);
            foreach (int choice in Enumerable.Range(1, s_lines.Length - 1).OrderBy(_ => random.Next()).Take(others).Prepend(0).ToList())
            {
                (string category, int least, int most, string? notes) = s_lines[choice];
                string id = $"{FundingLine.IdPrefix}_{new string([.. Enumerable.Range(0, 12).Select(_ => IdAlphabet[random.Next(IdAlphabet.Length)])])}";
                decimal allocated = random.Next(least * 100, most * 100) / 100m;
                decimal pace = fastBurner && choice == 0 ? 1.35m + (random.Next(35) / 100m) : 0.6m + (random.Next(36) / 100m);
                decimal spent = Cents(Math.Min(allocated * gone * pace, allocated * 0.97m));
                decimal committed = Cents((allocated - spent) * (0.2m + (random.Next(50) / 100m)));
                lines.Add(new FundingLine(id, participant.Id, category, allocated, committed, spent, participant.PlanStart, participant.PlanEnd, notes, stamp, Version: string.Empty));
            }
        }

        return lines;
    }

    private static decimal Cents(decimal amount) => decimal.Round(amount, 2, MidpointRounding.ToZero);
}
