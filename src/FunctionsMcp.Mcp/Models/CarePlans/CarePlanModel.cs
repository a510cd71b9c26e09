using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using FunctionsMcp.Ndis.CarePlans;
using FunctionsMcp.Ndis.Catalogue;
using FunctionsMcp.Ndis.Common;
using FunctionsMcp.OAuth.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsMcp.Mcp.Models.CarePlans;

public sealed record ListCarePlansParameters(
    string ParticipantId,
    CarePlanStatus? Status = null,
    [property: DefaultValue(Paging.DefaultSize)][property: Range(1, Paging.MaxSize)] int? PageSize = null,
    string? Cursor = null);

public sealed record CarePlanIdParameters(
    string Id);

public sealed record CarePlanSupportParameters(
    [property: Description("From search_catalogue.")][property: RegularExpression(SupportCatalogue.ItemNumberPattern)] string ItemNumber,
    [property: StringLength(CarePlanRules.MaxFrequencyLength, MinimumLength = 1)] string Frequency,
    [property: StringLength(CarePlanRules.MaxProviderLength, MinimumLength = 1)] string Provider,
    [property: StringLength(CarePlanRules.MaxSupportNotesLength)] string? Notes = null)
{
    public CarePlanSupport ToSupport() => new(ItemNumber, Frequency, Provider, Notes);
}

public sealed record CarePlanRiskParameters(
    [property: StringLength(CarePlanRules.MaxRiskDescriptionLength, MinimumLength = 1)] string Description,
    RiskLevel Level,
    [property: StringLength(CarePlanRules.MaxMitigationLength, MinimumLength = 1)] string Mitigation)
{
    public CarePlanRisk ToRisk() => new(Description, Level, Mitigation);
}

public sealed record CreateCarePlanParameters(
    string ParticipantId,
    DateOnly EffectiveFrom,
    [property: StringLength(CarePlanRules.MaxSummaryLength, MinimumLength = 1)] string Summary,
    [property: Description("draft or active.")][property: DefaultValue(CarePlanStatus.Draft)] CarePlanStatus? Status = null,
    [property: Description("Leave out if open-ended.")] DateOnly? EffectiveTo = null,
    [property: Description("Required for an active plan.")] DateOnly? ReviewDate = null,
    [property: MaxLength(CarePlanRules.MaxSupports)] IReadOnlyList<CarePlanSupportParameters>? Supports = null,
    [property: MaxLength(CarePlanRules.MaxRisks)] IReadOnlyList<CarePlanRiskParameters>? Risks = null)
{
    public CarePlanFields ToFields() => new(Status ?? CarePlanStatus.Draft, EffectiveFrom, EffectiveTo, Summary, CarePlanModel.Supports(Supports) ?? [], CarePlanModel.Risks(Risks) ?? [], ReviewDate);
}

public sealed record UpdateCarePlanParameters(
    string Id,
    string Version,
    CarePlanStatus? Status = null,
    DateOnly? EffectiveFrom = null,
    DateOnly? EffectiveTo = null,
    [property: StringLength(CarePlanRules.MaxSummaryLength, MinimumLength = 1)] string? Summary = null,
    DateOnly? ReviewDate = null,
    [property: MaxLength(CarePlanRules.MaxSupports)] IReadOnlyList<CarePlanSupportParameters>? Supports = null,
    [property: MaxLength(CarePlanRules.MaxRisks)] IReadOnlyList<CarePlanRiskParameters>? Risks = null)
{
    public CarePlanChanges ToChanges() => new(Status, EffectiveFrom, EffectiveTo, Summary, CarePlanModel.Supports(Supports), CarePlanModel.Risks(Risks), ReviewDate);
}

/// <summary>The care plan model: one definition behind the typed care plan tools and the generic tools.</summary>
public static class CarePlanModel
{
    public const string Name = "care_plan";

    public static ModelDefinition Create() => new(Name, "How the provider supports a participant: status, effective dates, summary, supports (catalogue item, frequency, provider), risks and review date.",
    [
        new(Name, "list", "list_care_plans", "List care plans",
            "Lists a participant's care plans, optionally of one status (active: the plan in force). Returns a page of plans.",
            Scopes.CarePlansRead, typeof(ListCarePlansParameters), typeof(RecordPage<CarePlan>), ReadOnly: true, Destructive: false, Idempotent: true, ListAsync),
        new(Name, "view", "get_care_plan", "Get a care plan",
            "Gets one care plan with its supports and risks, and the version an update needs.",
            Scopes.CarePlansRead, typeof(CarePlanIdParameters), typeof(CarePlan), ReadOnly: true, Destructive: false, Idempotent: true,
            (call, p, ct) => Run(call, s => s.GetAsync(call.Principal.OrganizationId, ((CarePlanIdParameters)p).Id, ct))),
        new(Name, "create", "create_care_plan", "Create a care plan",
            "Writes a draft or active care plan for an active participant; support items must be in the catalogue. One plan is current (active or under review): to replace it, create a draft, supersede the old, activate the new.",
            Scopes.CarePlansWrite, typeof(CreateCarePlanParameters), typeof(CarePlan), ReadOnly: false, Destructive: false, Idempotent: false,
            (call, p, ct) =>
            {
                var create = (CreateCarePlanParameters)p;
                return Run(call, s => s.CreateAsync(call.Principal.OrganizationId, call.Principal.UserId, create.ParticipantId, create.ToFields(), ct));
            }),
        new(Name, "update", "update_care_plan", "Update a care plan",
            "Changes the given fields of a care plan (a list replaces the list); needs the current version. Status moves draft to active, active to and from under_review, any to superseded, which is final.",
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
