using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using FunctionsMcp.Ndis.CarePlans;
using FunctionsMcp.Ndis.Catalogue;
using FunctionsMcp.Ndis.Common;
using FunctionsMcp.OAuth.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsMcp.Mcp.Models.CarePlans;

public sealed record ListCarePlansParameters(
    [property: Description("The participant whose care plans to list (pt_…).")][property: StringLength(40)] string ParticipantId,
    [property: Description("Only plans with this status: draft, active, under_review or superseded (default: all).")] CarePlanStatus? Status = null,
    [property: Description("How many per page, 1 to 100 (default 25).")][property: Range(1, 100)] int? PageSize = null,
    [property: Description("The next_cursor of the previous page, to get the next one.")][property: StringLength(2000)] string? Cursor = null);

public sealed record CarePlanIdParameters(
    [property: Description("The care plan's id, as returned by list_care_plans (cp_…).")][property: StringLength(40)] string Id);

public sealed record CarePlanSupportParameters(
    [property: Description("The NDIS support item number, e.g. 01_011_0107_1_1; it must be in the support catalogue (find it with search_catalogue).")][property: RegularExpression(SupportCatalogue.ItemNumberPattern)] string ItemNumber,
    [property: Description("How often, e.g. '3 hours, Monday and Thursday mornings'.")][property: StringLength(CarePlanRules.MaxFrequencyLength, MinimumLength = 1)] string Frequency,
    [property: Description("Who delivers it: a team, a staff member, or another provider.")][property: StringLength(CarePlanRules.MaxProviderLength, MinimumLength = 1)] string Provider,
    [property: Description("What staff delivering it need to know.")][property: StringLength(CarePlanRules.MaxSupportNotesLength)] string? Notes = null)
{
    public CarePlanSupport ToSupport() => new(ItemNumber, Frequency, Provider, Notes);
}

public sealed record CarePlanRiskParameters(
    [property: Description("The risk, e.g. 'Choking: eats quickly'.")][property: StringLength(CarePlanRules.MaxRiskDescriptionLength, MinimumLength = 1)] string Description,
    [property: Description("low, medium or high.")] RiskLevel Level,
    [property: Description("How staff prevent or respond to it.")][property: StringLength(CarePlanRules.MaxMitigationLength, MinimumLength = 1)] string Mitigation)
{
    public CarePlanRisk ToRisk() => new(Description, Level, Mitigation);
}

public sealed record CreateCarePlanParameters(
    [property: Description("The participant the plan is for (pt_…); must be active.")][property: StringLength(40)] string ParticipantId,
    [property: Description("The first day the plan applies (yyyy-MM-dd).")] DateOnly EffectiveFrom,
    [property: Description("What the plan is for and how the participant is supported, in plain words.")][property: StringLength(CarePlanRules.MaxSummaryLength, MinimumLength = 1)] string Summary,
    [property: Description("draft (default) or active. A participant has one current plan (active or under review) at a time.")] CarePlanStatus? Status = null,
    [property: Description("The last day the plan applies (yyyy-MM-dd), after effective_from; leave out for open-ended.")] DateOnly? EffectiveTo = null,
    [property: Description("When the plan is next reviewed (yyyy-MM-dd), between effective_from and effective_to; required for an active plan.")] DateOnly? ReviewDate = null,
    [property: Description("The supports the plan provides (at most 20).")][property: MaxLength(CarePlanRules.MaxSupports)] IReadOnlyList<CarePlanSupportParameters>? Supports = null,
    [property: Description("Known risks and how they are managed (at most 10).")][property: MaxLength(CarePlanRules.MaxRisks)] IReadOnlyList<CarePlanRiskParameters>? Risks = null)
{
    public CarePlanFields ToFields() => new(Status ?? CarePlanStatus.Draft, EffectiveFrom, EffectiveTo, Summary, CarePlanModel.Supports(Supports) ?? [], CarePlanModel.Risks(Risks) ?? [], ReviewDate);
}

public sealed record UpdateCarePlanParameters(
    [property: Description("The care plan's id (cp_…).")][property: StringLength(40)] string Id,
    [property: Description("The version from the latest get_care_plan or update; a stale one is refused.")][property: StringLength(200)] string Version,
    [property: Description("New status. draft → active or superseded; active → under_review or superseded; under_review → active or superseded. Superseded plans never change.")] CarePlanStatus? Status = null,
    [property: Description("New first day (yyyy-MM-dd).")] DateOnly? EffectiveFrom = null,
    [property: Description("New last day (yyyy-MM-dd).")] DateOnly? EffectiveTo = null,
    [property: Description("New summary.")][property: StringLength(CarePlanRules.MaxSummaryLength, MinimumLength = 1)] string? Summary = null,
    [property: Description("New review date (yyyy-MM-dd).")] DateOnly? ReviewDate = null,
    [property: Description("The plan's supports, replacing the whole list (at most 20).")][property: MaxLength(CarePlanRules.MaxSupports)] IReadOnlyList<CarePlanSupportParameters>? Supports = null,
    [property: Description("The plan's risks, replacing the whole list (at most 10).")][property: MaxLength(CarePlanRules.MaxRisks)] IReadOnlyList<CarePlanRiskParameters>? Risks = null)
{
    public CarePlanChanges ToChanges() => new(Status, EffectiveFrom, EffectiveTo, Summary, CarePlanModel.Supports(Supports), CarePlanModel.Risks(Risks), ReviewDate);
}

/// <summary>The care plan model: one definition behind the typed care plan tools and the generic tools.</summary>
public static class CarePlanModel
{
    public const string Name = "care_plan";

    public static ModelDefinition Create() => new(Name, "How the provider supports a participant: status, effective dates, summary, supports (catalogue item, frequency, provider), risks and review date.",
    [
        new(Name, "list", "list_care_plans", "List a participant's care plans",
            "Lists one participant's care plans a page at a time, optionally only those of one status. Use status active to find the plan staff work from now.",
            Scopes.CarePlansRead, typeof(ListCarePlansParameters), typeof(RecordPage<CarePlan>), ReadOnly: true, Destructive: false, Idempotent: true, ListAsync),
        new(Name, "view", "get_care_plan", "Get a care plan",
            "Gets one care plan with its supports and risks, and the version needed to update it.",
            Scopes.CarePlansRead, typeof(CarePlanIdParameters), typeof(CarePlan), ReadOnly: true, Destructive: false, Idempotent: true,
            (call, p, ct) => Run(call, s => s.GetAsync(call.Principal.OrganizationId, ((CarePlanIdParameters)p).Id, ct))),
        new(Name, "create", "create_care_plan", "Create a care plan",
            "Writes a new care plan for an active participant, as a draft (default) or active. A participant has one current plan (active or under review): to replace it, create the new plan as a draft, set the old one to superseded, then activate the new one. Every support's item number must be in the support catalogue. Returns the plan with its version.",
            Scopes.CarePlansWrite, typeof(CreateCarePlanParameters), typeof(CarePlan), ReadOnly: false, Destructive: false, Idempotent: false,
            (call, p, ct) =>
            {
                var create = (CreateCarePlanParameters)p;
                return Run(call, s => s.CreateAsync(call.Principal.OrganizationId, call.Principal.UserId, create.ParticipantId, create.ToFields(), ct));
            }),
        new(Name, "update", "update_care_plan", "Update a care plan",
            "Changes the given fields of a care plan, e.g. its status (active to under_review for a review) or its supports; fields left out stay as they are, and a list given replaces the whole list. Needs the current version: if it is refused as stale, get the plan again and retry. Superseded plans cannot change.",
            Scopes.CarePlansWrite, typeof(UpdateCarePlanParameters), typeof(CarePlan), ReadOnly: false, Destructive: true, Idempotent: false,
            (call, p, ct) =>
            {
                var update = (UpdateCarePlanParameters)p;
                return Run(call, s => s.UpdateAsync(call.Principal.OrganizationId, call.Principal.UserId, update.Id, update.Version, update.ToChanges(), ct));
            }),
    ]);

    // A null element ("supports": [null]) stays null, so the rules can name it rather than the call failing.
    internal static IReadOnlyList<CarePlanSupport>? Supports(IReadOnlyList<CarePlanSupportParameters>? supports) => supports?.Select(s => s?.ToSupport()!).ToArray();

    internal static IReadOnlyList<CarePlanRisk>? Risks(IReadOnlyList<CarePlanRiskParameters>? risks) => risks?.Select(r => r?.ToRisk()!).ToArray();

    private static async Task<OperationResult> ListAsync(ModelCall call, object parameters, CancellationToken cancellationToken)
    {
        var list = (ListCarePlansParameters)parameters;
        if (list.PageSize is < 1 or > Paging.MaxSize)
            return new OperationResult(null, RecordFailure.Invalid, $"page_size {list.PageSize} must be between 1 and {Paging.MaxSize}");
        var query = new CarePlanQuery(list.ParticipantId, list.Status, list.PageSize ?? Paging.DefaultSize, list.Cursor);
        return await Run(call, s => s.ListAsync(call.Principal.OrganizationId, query, cancellationToken));
    }

    private static async Task<OperationResult> Run<T>(ModelCall call, Func<CarePlanService, Task<RecordOutcome<T>>> action) where T : class =>
        OperationResult.From(await action(call.Services.GetRequiredService<CarePlanService>()));
}
