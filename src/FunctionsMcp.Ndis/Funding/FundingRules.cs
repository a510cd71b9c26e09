using System.Globalization;
using FunctionsMcp.Ndis.Catalogue;
using FunctionsMcp.Ndis.Common;
using FunctionsMcp.Ndis.Participants;

namespace FunctionsMcp.Ndis.Funding;

/// <summary>The rules funding lines must meet. Messages name the field as the tools do and say what is wrong.</summary>
public static class FundingRules
{
    /// <summary>The most any one amount may be, in AUD.</summary>
    public const decimal MaxAmount = 10_000_000m;
    public const int MaxNotesLength = 2000;

    public static IReadOnlyList<FieldError> Validate(FundingLineFields f)
    {
        var errors = new List<FieldError>();
        if (!SupportCatalogue.IsCategory(f.SupportCategory))
            errors.Add(SupportCatalogue.CategoryError(f.SupportCategory));
        bool amountsValid = Amount(errors, "allocated", f.Allocated) & Amount(errors, "committed", f.Committed) & Amount(errors, "spent", f.Spent);
        if (amountsValid && f.Committed + f.Spent > f.Allocated)
        {
            errors.Add(new("allocated",
                $"committed {Money(f.Committed)} + spent {Money(f.Spent)} is more than allocated {Money(f.Allocated)}: a line cannot commit and spend more than it allocates"));
        }

        if (f.PeriodEnd <= f.PeriodStart)
            errors.Add(new("period_end", $"period_end {Iso(f.PeriodEnd)} is {(f.PeriodEnd == f.PeriodStart ? "the same day as" : "before")} period_start {Iso(f.PeriodStart)}"));
        TextRule.Check(errors, "notes", f.Notes, MaxNotesLength, required: false, allowLineBreaks: true);

        return errors;
    }

    /// <summary>The period must lie inside the participant's plan; messages name the field and both dates.</summary>
    public static IReadOnlyList<FieldError> WithinPlan(FundingLineFields f, Participant participant)
    {
        var errors = new List<FieldError>();
        if (f.PeriodStart < participant.PlanStart)
            errors.Add(new("period_start", $"period_start {Iso(f.PeriodStart)} is before the participant's plan_start {Iso(participant.PlanStart)}"));
        if (f.PeriodEnd > participant.PlanEnd)
            errors.Add(new("period_end", $"period_end {Iso(f.PeriodEnd)} is after the participant's plan_end {Iso(participant.PlanEnd)}"));
        return errors;
    }

    /// <summary>An amount, two decimals, invariant culture (e.g. <c>1234.50</c>).</summary>
    public static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    private static bool Amount(List<FieldError> errors, string field, decimal value)
    {
        string shown = value.ToString(CultureInfo.InvariantCulture);
        string? problem = value switch
        {
            < 0 => $"{shown} is negative: amounts are AUD of 0 or more",
            > MaxAmount => $"{shown} is more than 10,000,000: amounts are AUD of at most 10,000,000",
            _ when decimal.Round(value, 2) != value => $"{shown} has more than two decimal places: amounts are AUD with cents",
            _ => null,
        };
        if (problem is not null)
            errors.Add(new(field, problem));
        return problem is null;
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
