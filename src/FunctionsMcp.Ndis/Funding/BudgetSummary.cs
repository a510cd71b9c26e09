using FunctionsMcp.Ndis.Catalogue;

namespace FunctionsMcp.Ndis.Funding;

/// <summary>
/// The figures of a group of funding lines (all of them, one budget, or one support category) on a day, in AUD.
/// <list type="bullet">
/// <item><see cref="Remaining"/> = allocated − committed − spent.</item>
/// <item><see cref="DailyBurnRate"/>: a line's rate is spent ÷ the days elapsed in its period up to and including the day;
/// the group's is the sum of its lines' rates, rounded to cents (half away from zero).</item>
/// <item><see cref="ProjectedRunOut"/> = the day + ceiling((allocated − spent) ÷ daily burn rate) days; null when nothing
/// has been spent (a rate of 0.00: under half a cent a day); at the latest 9999-12-31.</item>
/// <item><see cref="PeriodEnd"/>: the latest period end of the group's lines (null only when there are none).</item>
/// <item><see cref="RunsOutBeforePeriodEnd"/>: the projected run-out is earlier than the period end.</item>
/// </list>
/// </summary>
public sealed record BudgetFigures(
    string Name,
    decimal Allocated,
    decimal Committed,
    decimal Spent,
    decimal Remaining,
    decimal DailyBurnRate,
    DateOnly? ProjectedRunOut,
    DateOnly? PeriodEnd,
    bool RunsOutBeforePeriodEnd)
{
    /// <summary>The figures of <paramref name="lines"/> on <paramref name="asOf"/>; every line's period must contain that day.</summary>
    public static BudgetFigures Of(string name, IReadOnlyCollection<FundingLine> lines, DateOnly asOf)
    {
        decimal allocated = lines.Sum(l => l.Allocated);
        decimal committed = lines.Sum(l => l.Committed);
        decimal spent = lines.Sum(l => l.Spent);
        decimal rate = decimal.Round(lines.Sum(l => l.Spent / (asOf.DayNumber - l.PeriodStart.DayNumber + 1)), 2, MidpointRounding.AwayFromZero);
        DateOnly? runOut = rate > 0 ? RunOut(asOf, Math.Ceiling((allocated - spent) / rate)) : null;
        DateOnly? periodEnd = lines.Count > 0 ? lines.Max(l => l.PeriodEnd) : null;
        return new BudgetFigures(name, allocated, committed, spent, allocated - committed - spent, rate, runOut, periodEnd, runOut < periodEnd);
    }

    private static DateOnly RunOut(DateOnly asOf, decimal days) =>
        days > DateOnly.MaxValue.DayNumber - asOf.DayNumber ? DateOnly.MaxValue : asOf.AddDays((int)days);
}

/// <summary>
/// A participant's budget on a day (<see cref="AsOf"/>): the funding lines whose period contains that day, in total,
/// by budget (Core, Capacity Building, Capital: those with lines) and by support category (those with lines, 01 to 15).
/// See <see cref="BudgetFigures"/> for how each figure is worked out.
/// </summary>
public sealed record BudgetSummary(
    string ParticipantId,
    DateOnly AsOf,
    BudgetFigures Total,
    IReadOnlyList<BudgetFigures> Budgets,
    IReadOnlyList<BudgetFigures> Categories)
{
    public const string TotalName = "Total";

    private static readonly string[] s_budgets = ["Core", "Capacity Building", "Capital"];

    /// <summary>Every amount is in Australian dollars.</summary>
    public string Currency { get; } = "AUD";

    /// <summary>The summary of the <paramref name="lines"/> whose period contains <paramref name="asOf"/>; the others are left out.</summary>
    public static BudgetSummary Of(string participantId, DateOnly asOf, IEnumerable<FundingLine> lines)
    {
        List<FundingLine> current = lines.Where(l => l.PeriodStart <= asOf && asOf <= l.PeriodEnd).ToList();
        return new BudgetSummary(
            participantId,
            asOf,
            BudgetFigures.Of(TotalName, current, asOf),
            [.. s_budgets
                .Select(budget => current.Where(l => l.Budget == budget).ToList())
                .Where(group => group.Count > 0)
                .Select(group => BudgetFigures.Of(group[0].Budget, group, asOf))],
            [.. current
                .GroupBy(l => l.SupportCategory, StringComparer.Ordinal)
                .OrderBy(group => group.Key, StringComparer.Ordinal)
                .Select(group => BudgetFigures.Of(SupportCatalogue.CategoryName(group.Key), group.ToList(), asOf))]);
    }
}
