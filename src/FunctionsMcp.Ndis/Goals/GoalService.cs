using FunctionsMcp.Ndis.Common;
using FunctionsMcp.Ndis.Participants;

namespace FunctionsMcp.Ndis.Goals;

/// <summary>
/// What staff can do with goals and their activities, whichever tool asks: the rules, the participant check,
/// the version check and the who-and-when of every write. The organization always comes from the caller.
/// Activities are append-only: logged and listed, never changed.
/// </summary>
public sealed class GoalService(IGoalStore store, IParticipantStore participants, TimeProvider time)
{
    public async Task<RecordOutcome<RecordPage<Goal>>> ListAsync(string organizationId, GoalQuery query, CancellationToken cancellationToken)
    {
        if (await participants.FindAsync(organizationId, query.ParticipantId, cancellationToken) is null)
            return RecordOutcome<RecordPage<Goal>>.NotFound(ParticipantChecks.NotFound(query.ParticipantId));
        return await store.ListAsync(organizationId, query with { PageSize = Paging.Size(query.PageSize) }, cancellationToken);
    }

    public async Task<RecordOutcome<Goal>> GetAsync(string organizationId, string id, CancellationToken cancellationToken) =>
        await FindAsync(organizationId, id, cancellationToken) is { } found ? RecordOutcome<Goal>.Ok(found) : NotFound(id);

    public async Task<RecordOutcome<Goal>> CreateAsync(string organizationId, string actor, string participantId, GoalFields fields, CancellationToken cancellationToken)
    {
        fields = Clean(fields);
        IReadOnlyList<FieldError> errors = GoalRules.Validate(fields);
        if (errors.Count > 0)
            return RecordOutcome<Goal>.Invalid(errors);
        if (await participants.RequireActiveAsync<Goal>(organizationId, participantId, "goals", cancellationToken) is { } refused)
            return refused;

        DateTimeOffset now = time.GetUtcNow();
        var goal = new Goal(RecordIds.New(Goal.IdPrefix), participantId, fields.Title, fields.Description, fields.Category, fields.Status, fields.TargetDate,
            new Stamp(now, actor, now, actor), Version: string.Empty);
        return await store.AddAsync(organizationId, goal, cancellationToken);
    }

    public async Task<RecordOutcome<Goal>> UpdateAsync(string organizationId, string actor, string id, string version, GoalChanges changes, CancellationToken cancellationToken)
    {
        // Without a version there is nothing to check concurrency against; never fall back to "any version".
        if (string.IsNullOrWhiteSpace(version))
            return RecordOutcome<Goal>.Invalid([new FieldError("version", "is required: read the goal first and send the version it returned")]);
        if (await FindAsync(organizationId, id, cancellationToken) is not { } current)
            return NotFound(id);

        GoalFields fields = Clean(changes.ApplyTo(current.ToFields()));
        IReadOnlyList<FieldError> errors = GoalRules.Validate(fields);
        if (errors.Count > 0)
            return RecordOutcome<Goal>.Invalid(errors);
        if (await participants.RequireActiveAsync<Goal>(organizationId, current.ParticipantId, "goals", cancellationToken) is { } refused)
            return refused;

        DateTimeOffset now = time.GetUtcNow();
        Goal updated = current with
        {
            Title = fields.Title, Description = fields.Description, Category = fields.Category, Status = fields.Status, TargetDate = fields.TargetDate,
            Stamp = current.Stamp with { UpdatedAt = now, UpdatedBy = actor },
        };
        return await store.ReplaceAsync(organizationId, updated, version, cancellationToken);
    }

    public async Task<RecordOutcome<RecordPage<GoalActivity>>> ListActivitiesAsync(string organizationId, GoalActivityQuery query, CancellationToken cancellationToken)
    {
        if (await FindAsync(organizationId, query.GoalId, cancellationToken) is null)
            return RecordOutcome<RecordPage<GoalActivity>>.NotFound(GoalNotFound(query.GoalId));
        return await store.ListActivitiesAsync(organizationId, query with { PageSize = Paging.Size(query.PageSize) }, cancellationToken);
    }

    public async Task<RecordOutcome<GoalActivity>> LogActivityAsync(string organizationId, string actor, string goalId, GoalActivityFields fields, CancellationToken cancellationToken)
    {
        fields = fields with { StaffMember = fields.StaffMember?.Trim() ?? string.Empty, Notes = TextRule.Blank(fields.Notes) };
        DateTimeOffset now = time.GetUtcNow();
        IReadOnlyList<FieldError> errors = GoalRules.Validate(fields, DateOnly.FromDateTime(now.UtcDateTime));
        if (errors.Count > 0)
            return RecordOutcome<GoalActivity>.Invalid(errors);
        if (await FindAsync(organizationId, goalId, cancellationToken) is not { } goal)
            return RecordOutcome<GoalActivity>.NotFound(GoalNotFound(goalId));

        var activity = new GoalActivity(RecordIds.New(GoalActivity.IdPrefix), goal.Id, goal.ParticipantId, fields.Date, fields.StaffMember, fields.Notes,
            fields.Minutes, fields.Outcome, new Stamp(now, actor, now, actor));
        return await store.AddActivityAsync(organizationId, activity, cancellationToken);
    }

    private async Task<Goal?> FindAsync(string organizationId, string? id, CancellationToken cancellationToken) =>
        RecordIds.IsWellFormed(id, Goal.IdPrefix) ? await store.GetAsync(organizationId, id!, cancellationToken) : null;

    private static RecordOutcome<Goal> NotFound(string id) => RecordOutcome<Goal>.NotFound(GoalNotFound(id));

    private static string GoalNotFound(string id) => $"goal {id} was not found";

    private static GoalFields Clean(GoalFields f) => f with { Title = f.Title?.Trim() ?? string.Empty, Description = TextRule.Blank(f.Description) };
}
