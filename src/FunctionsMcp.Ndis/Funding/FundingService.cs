using FunctionsMcp.Ndis.Catalogue;
using FunctionsMcp.Ndis.Common;
using FunctionsMcp.Ndis.Participants;

namespace FunctionsMcp.Ndis.Funding;

/// <summary>
/// What staff can do with funding lines, whichever tool asks: the rules, the participant and plan-period checks, the
/// version check and the who-and-when of every write; and the budget summary worked out from the lines. The
/// organization always comes from the caller.
/// </summary>
public sealed class FundingService(IFundingStore store, IParticipantStore participants, TimeProvider time)
{
    /// <summary>The most funding lines a budget summary reads for one participant.</summary>
    public const int MaxSummaryLines = 500;

    public async Task<RecordOutcome<RecordPage<FundingLine>>> ListAsync(string organizationId, FundingLineQuery query, CancellationToken cancellationToken)
    {
        string? category = string.IsNullOrWhiteSpace(query.SupportCategory) ? null : query.SupportCategory.Trim();
        if (category is not null && !SupportCatalogue.IsCategory(category))
            return RecordOutcome<RecordPage<FundingLine>>.Invalid([SupportCatalogue.CategoryError(category)]);
        if (await participants.FindAsync(organizationId, query.ParticipantId, cancellationToken) is null)
            return RecordOutcome<RecordPage<FundingLine>>.NotFound(ParticipantChecks.NotFound(query.ParticipantId));
        return await store.ListAsync(organizationId, query with { SupportCategory = category, PageSize = Paging.Size(query.PageSize) }, cancellationToken);
    }

    public async Task<RecordOutcome<FundingLine>> GetAsync(string organizationId, string id, CancellationToken cancellationToken) =>
        await FindAsync(organizationId, id, cancellationToken) is { } found ? RecordOutcome<FundingLine>.Ok(found) : NotFound(id);

    public async Task<RecordOutcome<FundingLine>> CreateAsync(string organizationId, string actor, string participantId, FundingLineFields fields, CancellationToken cancellationToken)
    {
        fields = Clean(fields);
        if (await CheckAsync(organizationId, participantId, fields, cancellationToken) is { } refused)
            return refused;

        DateTimeOffset now = time.GetUtcNow();
        var line = new FundingLine(RecordIds.New(FundingLine.IdPrefix), participantId, fields.SupportCategory, fields.Allocated, fields.Committed, fields.Spent,
            fields.PeriodStart, fields.PeriodEnd, fields.Notes, new Stamp(now, actor, now, actor), Version: string.Empty);
        return await store.AddAsync(organizationId, line, cancellationToken);
    }

    public async Task<RecordOutcome<FundingLine>> UpdateAsync(string organizationId, string actor, string id, string version, FundingLineChanges changes, CancellationToken cancellationToken)
    {
        // Without a version there is nothing to check concurrency against; never fall back to "any version".
        if (string.IsNullOrWhiteSpace(version))
            return RecordOutcome<FundingLine>.Invalid([new FieldError("version", "is required: read the funding line first and send the version it returned")]);
        if (await FindAsync(organizationId, id, cancellationToken) is not { } current)
            return NotFound(id);

        FundingLineFields fields = Clean(changes.ApplyTo(current.ToFields()));
        if (await CheckAsync(organizationId, current.ParticipantId, fields, cancellationToken) is { } refused)
            return refused;

        DateTimeOffset now = time.GetUtcNow();
        FundingLine updated = current with
        {
            SupportCategory = fields.SupportCategory, Allocated = fields.Allocated, Committed = fields.Committed, Spent = fields.Spent,
            PeriodStart = fields.PeriodStart, PeriodEnd = fields.PeriodEnd, Notes = fields.Notes,
            Stamp = current.Stamp with { UpdatedAt = now, UpdatedBy = actor },
        };
        return await store.ReplaceAsync(organizationId, updated, version, cancellationToken);
    }

    /// <summary>
    /// The participant's budget on <paramref name="asOf"/> (default: today, UTC) from the funding lines whose period
    /// contains that day (at most <see cref="MaxSummaryLines"/> lines are read). See <see cref="BudgetFigures"/> for the
    /// definitions. A participant without current lines gets zero totals and empty lists.
    /// </summary>
    public async Task<RecordOutcome<BudgetSummary>> GetBudgetSummaryAsync(string organizationId, string participantId, DateOnly? asOf, CancellationToken cancellationToken)
    {
        if (await participants.FindAsync(organizationId, participantId, cancellationToken) is null)
            return RecordOutcome<BudgetSummary>.NotFound(ParticipantChecks.NotFound(participantId));

        var lines = new List<FundingLine>();
        string? cursor = null;
        do
        {
            RecordOutcome<RecordPage<FundingLine>> page = await store.ListAsync(organizationId, new FundingLineQuery(participantId, null, Paging.MaxSize, cursor), cancellationToken);
            if (!page.Succeeded)
                return new RecordOutcome<BudgetSummary>(null, page.Failure, page.Message, page.Errors);
            lines.AddRange(page.Value!.Items);
            cursor = page.Value.NextCursor;
        }
        while (cursor is not null && lines.Count < MaxSummaryLines);

        DateOnly day = asOf ?? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        return RecordOutcome<BudgetSummary>.Ok(BudgetSummary.Of(participantId, day, lines.Take(MaxSummaryLines)));
    }

    /// <summary>The rules, then the participant (in the organization, active) and its plan period; null when all hold.</summary>
    private async Task<RecordOutcome<FundingLine>?> CheckAsync(string organizationId, string participantId, FundingLineFields fields, CancellationToken cancellationToken)
    {
        IReadOnlyList<FieldError> errors = FundingRules.Validate(fields);
        if (errors.Count > 0)
            return RecordOutcome<FundingLine>.Invalid(errors);

        Participant? participant = await participants.FindAsync(organizationId, participantId, cancellationToken);
        if (participant is null)
            return RecordOutcome<FundingLine>.NotFound(ParticipantChecks.NotFound(participantId));
        if (participant.Status == ParticipantStatus.Archived)
            return RecordOutcome<FundingLine>.Invalid([new FieldError("participant_id", $"participant {participantId} is archived: restore it before changing its funding")]);

        errors = FundingRules.WithinPlan(fields, participant);
        return errors.Count > 0 ? RecordOutcome<FundingLine>.Invalid(errors) : null;
    }

    private async Task<FundingLine?> FindAsync(string organizationId, string? id, CancellationToken cancellationToken) =>
        RecordIds.IsWellFormed(id, FundingLine.IdPrefix) ? await store.GetAsync(organizationId, id!, cancellationToken) : null;

    private static RecordOutcome<FundingLine> NotFound(string id) => RecordOutcome<FundingLine>.NotFound($"funding line {id} was not found");

    private static FundingLineFields Clean(FundingLineFields f) => f with
    {
        SupportCategory = f.SupportCategory?.Trim() ?? string.Empty,
        Notes = TextRule.Blank(f.Notes),
    };
}
