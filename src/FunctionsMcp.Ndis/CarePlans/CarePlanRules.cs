using System.Globalization;
using FunctionsMcp.Ndis.Catalogue;
using FunctionsMcp.Ndis.Common;

namespace FunctionsMcp.Ndis.CarePlans;

/// <summary>The rules care plans must meet. Messages name the field as the tools do and say what is wrong.</summary>
public static class CarePlanRules
{
    public const int MaxSummaryLength = 4000;
    public const int MaxSupports = 20;
    public const int MaxRisks = 10;
    public const int MaxFrequencyLength = 100;
    public const int MaxProviderLength = 150;
    public const int MaxSupportNotesLength = 300;
    public const int MaxRiskDescriptionLength = 300;
    public const int MaxMitigationLength = 600;

    private static readonly DateOnly s_earliest = new(2000, 1, 1);

    public static IReadOnlyList<FieldError> Validate(CarePlanFields f)
    {
        var errors = new List<FieldError>();
        if (!Enum.IsDefined(f.Status))
            errors.Add(new("status", "is not a care plan status"));
        if (f.EffectiveFrom <= s_earliest)
            errors.Add(new("effective_from", $"{Iso(f.EffectiveFrom)} is not after 2000-01-01"));
        if (f.EffectiveTo is { } to && to <= f.EffectiveFrom)
            errors.Add(new("effective_to", $"effective_to {Iso(to)} is not after effective_from {Iso(f.EffectiveFrom)}"));
        if (f.ReviewDate is { } review && review < f.EffectiveFrom)
            errors.Add(new("review_date", $"review_date {Iso(review)} is before effective_from {Iso(f.EffectiveFrom)}"));
        else if (f.ReviewDate is { } late && f.EffectiveTo is { } end && late > end)
            errors.Add(new("review_date", $"review_date {Iso(late)} is after effective_to {Iso(end)}"));
        else if (f.ReviewDate is null && f.Status == CarePlanStatus.Active)
            errors.Add(new("review_date", "is required for an active care plan: set the date it will next be reviewed"));
        TextRule.Check(errors, "summary", f.Summary, MaxSummaryLength, required: true, allowLineBreaks: true);
        Supports(errors, f.Supports);
        Risks(errors, f.Risks);
        return errors;
    }

    /// <summary>Which moves between statuses are allowed; null when <paramref name="to"/> may follow <paramref name="from"/>.</summary>
    public static FieldError? Transition(CarePlanStatus from, CarePlanStatus to) => (from, to) switch
    {
        _ when from == to => null,
        (CarePlanStatus.Draft, CarePlanStatus.Active or CarePlanStatus.Superseded) => null,
        (CarePlanStatus.Active, CarePlanStatus.UnderReview or CarePlanStatus.Superseded) => null,
        (CarePlanStatus.UnderReview, CarePlanStatus.Active or CarePlanStatus.Superseded) => null,
        (_, CarePlanStatus.Draft) => new("status", $"a care plan that is {Name(from)} cannot go back to draft: set it to under_review to revise it"),
        _ => new("status", $"a care plan cannot go from {Name(from)} to {Name(to)}"),
    };

    /// <summary>A new plan starts as a draft or goes straight into force.</summary>
    public static FieldError? NewStatus(CarePlanStatus status) =>
        status is CarePlanStatus.Draft or CarePlanStatus.Active ? null : new("status", $"a new care plan is draft or active, not {Name(status)}");

    public static string Name(CarePlanStatus status) => status switch
    {
        CarePlanStatus.UnderReview => "under_review",
        _ => status.ToString().ToLowerInvariant(),
    };

    private static void Supports(List<FieldError> errors, IReadOnlyList<CarePlanSupport>? supports)
    {
        if (supports is null)
            return;
        if (supports.Count > MaxSupports)
        {
            errors.Add(new("supports", $"has {supports.Count} supports; at most {MaxSupports} are allowed"));
            return;
        }

        for (int i = 0; i < supports.Count; i++)
        {
            string at = $"supports[{i}]";
            if (supports[i] is not { } s)
            {
                errors.Add(new(at, "is empty"));
                continue;
            }

            if (!SupportCatalogue.IsItemNumber(s.ItemNumber))
                errors.Add(SupportCatalogue.ItemNumberError(s.ItemNumber) with { Field = at + ".item_number" });
            TextRule.Check(errors, at + ".frequency", s.Frequency, MaxFrequencyLength, required: true);
            TextRule.Check(errors, at + ".provider", s.Provider, MaxProviderLength, required: true);
            TextRule.Check(errors, at + ".notes", s.Notes, MaxSupportNotesLength, required: false, allowLineBreaks: true);
        }
    }

    private static void Risks(List<FieldError> errors, IReadOnlyList<CarePlanRisk>? risks)
    {
        if (risks is null)
            return;
        if (risks.Count > MaxRisks)
        {
            errors.Add(new("risks", $"has {risks.Count} risks; at most {MaxRisks} are allowed"));
            return;
        }

        for (int i = 0; i < risks.Count; i++)
        {
            string at = $"risks[{i}]";
            if (risks[i] is not { } r)
            {
                errors.Add(new(at, "is empty"));
                continue;
            }

            TextRule.Check(errors, at + ".description", r.Description, MaxRiskDescriptionLength, required: true, allowLineBreaks: true);
            if (!Enum.IsDefined(r.Level))
                errors.Add(new(at + ".level", "is not a risk level"));
            TextRule.Check(errors, at + ".mitigation", r.Mitigation, MaxMitigationLength, required: true, allowLineBreaks: true);
        }
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
