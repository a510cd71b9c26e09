using FunctionsMcp.Ndis.Catalogue;
using FunctionsMcp.Ndis.Common;
using FunctionsMcp.Ndis.Participants;

namespace FunctionsMcp.Ndis.CarePlans;

/// <summary>
/// What staff can do with care plans, whichever tool asks: the rules, the status moves, the participant and
/// catalogue checks, the version check and the who-and-when of every write. The organization always comes from
/// the caller. A superseded plan is the record of what was in force and never changes again.
/// </summary>
public sealed class CarePlanService(ICarePlanStore store, IParticipantStore participants, ICatalogueStore catalogue, TimeProvider time)
{
    private const string Records = "care plans";

    public async Task<RecordOutcome<RecordPage<CarePlan>>> ListAsync(string organizationId, CarePlanQuery query, CancellationToken cancellationToken)
    {
        if (await participants.FindAsync(organizationId, query.ParticipantId, cancellationToken) is null)
            return RecordOutcome<RecordPage<CarePlan>>.NotFound(ParticipantChecks.NotFound(query.ParticipantId));
        return await store.ListAsync(organizationId, query with { PageSize = Paging.Size(query.PageSize) }, cancellationToken);
    }

    public async Task<RecordOutcome<CarePlan>> GetAsync(string organizationId, string id, CancellationToken cancellationToken) =>
        await FindAsync(organizationId, id, cancellationToken) is { } found ? RecordOutcome<CarePlan>.Ok(found) : NotFound(id);

    public async Task<RecordOutcome<CarePlan>> CreateAsync(string organizationId, string actor, string participantId, CarePlanFields fields, CancellationToken cancellationToken)
    {
        fields = Clean(fields);
        var errors = new List<FieldError>(CarePlanRules.Validate(fields));
        if (CarePlanRules.NewStatus(fields.Status) is { } status)
            errors.Insert(0, status);
        if (errors.Count == 0)
            errors.AddRange(await UnknownItemsAsync(fields.Supports, [], cancellationToken));
        if (errors.Count > 0)
            return RecordOutcome<CarePlan>.Invalid(errors);
        if (await participants.RequireActiveAsync<CarePlan>(organizationId, participantId, Records, cancellationToken) is { } refused)
            return refused;

        DateTimeOffset now = time.GetUtcNow();
        var plan = new CarePlan(RecordIds.New(CarePlan.IdPrefix), participantId, fields.Status, fields.EffectiveFrom, fields.EffectiveTo, fields.Summary,
            fields.Supports, fields.Risks, fields.ReviewDate, new Stamp(now, actor, now, actor), Version: string.Empty);
        return await store.AddAsync(organizationId, plan, cancellationToken);
    }

    public async Task<RecordOutcome<CarePlan>> UpdateAsync(string organizationId, string actor, string id, string version, CarePlanChanges changes, CancellationToken cancellationToken)
    {
        // Without a version there is nothing to check concurrency against; never fall back to "any version".
        if (string.IsNullOrWhiteSpace(version))
            return RecordOutcome<CarePlan>.Invalid([new FieldError("version", "is required: read the care plan first and send the version it returned")]);
        if (await FindAsync(organizationId, id, cancellationToken) is not { } current)
            return NotFound(id);
        if (current.Version != version)
            return Stale(id, version);
        if (current.Status == CarePlanStatus.Superseded)
            return RecordOutcome<CarePlan>.Invalid([new FieldError("status", $"care plan {id} is superseded and can no longer change: create a new care plan instead")]);

        CarePlanFields fields = Clean(changes.ApplyTo(current.ToFields()));
        var errors = new List<FieldError>(CarePlanRules.Validate(fields));
        if (CarePlanRules.Transition(current.Status, fields.Status) is { } move)
            errors.Insert(0, move);
        if (errors.Count == 0)
            errors.AddRange(await UnknownItemsAsync(fields.Supports, current.Supports, cancellationToken));
        if (errors.Count > 0)
            return RecordOutcome<CarePlan>.Invalid(errors);
        if (await participants.RequireActiveAsync<CarePlan>(organizationId, current.ParticipantId, Records, cancellationToken) is { } refused)
            return refused;

        CarePlan updated = current with
        {
            Status = fields.Status, EffectiveFrom = fields.EffectiveFrom, EffectiveTo = fields.EffectiveTo, Summary = fields.Summary,
            Supports = fields.Supports, Risks = fields.Risks, ReviewDate = fields.ReviewDate,
            Stamp = current.Stamp with { UpdatedAt = time.GetUtcNow(), UpdatedBy = actor },
        };
        return await store.ReplaceAsync(organizationId, current, updated, version, cancellationToken);
    }

    private static RecordOutcome<CarePlan> Stale(string id, string version) =>
        RecordOutcome<CarePlan>.Stale($"care plan {id} has changed since version {version} was read: read it again and retry with the new version");

    /// <summary>Supports whose item is not in the catalogue (items the plan already had are not looked up again).</summary>
    private async Task<List<FieldError>> UnknownItemsAsync(IReadOnlyList<CarePlanSupport> supports, IReadOnlyList<CarePlanSupport> known, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var checkedItems = new HashSet<string>(known.Select(s => s.ItemNumber), StringComparer.Ordinal);
        for (int i = 0; i < supports.Count; i++)
        {
            string item = supports[i].ItemNumber;
            if (checkedItems.Add(item) && await catalogue.GetAsync(item, cancellationToken) is null)
                errors.Add(new FieldError($"supports[{i}].item_number", $"{item} is not in the support catalogue: find the item with search_catalogue"));
        }

        return errors;
    }

    private async Task<CarePlan?> FindAsync(string organizationId, string? id, CancellationToken cancellationToken) =>
        RecordIds.IsWellFormed(id, CarePlan.IdPrefix) ? await store.GetAsync(organizationId, id!, cancellationToken) : null;

    private static RecordOutcome<CarePlan> NotFound(string id) => RecordOutcome<CarePlan>.NotFound($"care plan {id} was not found");

    private static CarePlanFields Clean(CarePlanFields f) => f with
    {
        Summary = f.Summary?.Trim() ?? string.Empty,
        Supports = f.Supports?.Select(s => s is null ? s! : new CarePlanSupport(s.ItemNumber?.Trim() ?? string.Empty, s.Frequency?.Trim() ?? string.Empty, s.Provider?.Trim() ?? string.Empty, TextRule.Blank(s.Notes))).ToArray() ?? [],
        Risks = f.Risks?.Select(r => r is null ? r! : r with { Description = r.Description?.Trim() ?? string.Empty, Mitigation = r.Mitigation?.Trim() ?? string.Empty }).ToArray() ?? [],
    };
}
