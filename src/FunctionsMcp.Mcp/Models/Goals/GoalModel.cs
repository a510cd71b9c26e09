using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using FunctionsMcp.Ndis.Common;
using FunctionsMcp.Ndis.Goals;
using FunctionsMcp.OAuth.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsMcp.Mcp.Models.Goals;

public sealed record ListGoalsParameters(
    string ParticipantId,
    GoalStatus? Status = null,
    [property: DefaultValue(Paging.DefaultSize)][property: Range(1, Paging.MaxSize)] int? PageSize = null,
    string? Cursor = null);

public sealed record GoalIdParameters(
    string Id);

public sealed record CreateGoalParameters(
    string ParticipantId,
    [property: Description("One sentence, in the participant's words.")][property: StringLength(200, MinimumLength = 1)] string Title,
    GoalCategory Category,
    [property: StringLength(2000)] string? Description = null,
    [property: DefaultValue(GoalStatus.NotStarted)] GoalStatus? Status = null,
    DateOnly? TargetDate = null)
{
    public GoalFields ToFields() => new(Title, Description, Category, Status ?? GoalStatus.NotStarted, TargetDate);
}

public sealed record UpdateGoalParameters(
    string Id,
    string Version,
    [property: StringLength(200, MinimumLength = 1)] string? Title = null,
    [property: StringLength(2000)] string? Description = null,
    GoalCategory? Category = null,
    GoalStatus? Status = null,
    DateOnly? TargetDate = null)
{
    public GoalChanges ToChanges() => new(Title, Description, Category, Status, TargetDate);
}

/// <summary>The goal model: one definition behind the typed goal tools and the generic tools.</summary>
public static class GoalModel
{
    public const string Name = "goal";

    /// <summary>Support workers hold goals:write only to log activities (see <see cref="RoleCeilings"/>).</summary>
    public const string SupportWorkerRefusal = "support workers can log goal activities but not create or change goals";

    public static ModelDefinition Create() => new(Name, "A participant's goals from their NDIS plan: title, category, status and target date.",
    [
        new(Name, "list", "list_goals", "List goals",
            "Lists a participant's goals, optionally of one status. Returns a page of goals.",
            Scopes.GoalsRead, typeof(ListGoalsParameters), typeof(RecordPage<Goal>), ReadOnly: true, Destructive: false, Idempotent: true, ListAsync),
        new(Name, "view", "get_goal", "Get a goal",
            "Gets one goal, with the version an update needs.",
            Scopes.GoalsRead, typeof(GoalIdParameters), typeof(Goal), ReadOnly: true, Destructive: false, Idempotent: true,
            (call, p, ct) => Run(call, s => s.GetAsync(call.Principal.OrganizationId, ((GoalIdParameters)p).Id, ct))),
        new(Name, "create", "create_goal", "Create a goal",
            "Adds a goal to an active participant (coordinators and admins only); to record work towards a goal, use log_goal_activity.",
            Scopes.GoalsWrite, typeof(CreateGoalParameters), typeof(Goal), ReadOnly: false, Destructive: false, Idempotent: false,
            (call, p, ct) =>
            {
                var create = (CreateGoalParameters)p;
                return CoordinatorsOnly(call) ?? Run(call, s => s.CreateAsync(call.Principal.OrganizationId, call.Principal.UserId, create.ParticipantId, create.ToFields(), ct));
            }),
        new(Name, "update", "update_goal", "Update a goal",
            "Changes the given fields of a goal, e.g. its status once achieved (coordinators and admins only); needs the current version.",
            Scopes.GoalsWrite, typeof(UpdateGoalParameters), typeof(Goal), ReadOnly: false, Destructive: true, Idempotent: false,
            (call, p, ct) =>
            {
                var update = (UpdateGoalParameters)p;
                return CoordinatorsOnly(call) ?? Run(call, s => s.UpdateAsync(call.Principal.OrganizationId, call.Principal.UserId, update.Id, update.Version, update.ToChanges(), ct));
            }),
    ]);

    private static Task<OperationResult>? CoordinatorsOnly(ModelCall call) =>
        call.Principal.Role == Role.SupportWorker ? Task.FromResult(new OperationResult(null, RecordFailure.Invalid, SupportWorkerRefusal)) : null;

    private static async Task<OperationResult> ListAsync(ModelCall call, object parameters, CancellationToken cancellationToken)
    {
        var list = (ListGoalsParameters)parameters;
        if (list.PageSize is < 1 or > Paging.MaxSize)
            return new OperationResult(null, RecordFailure.Invalid, $"page_size {list.PageSize} must be between 1 and {Paging.MaxSize}");
        var query = new GoalQuery(list.ParticipantId, list.Status, list.PageSize ?? Paging.DefaultSize, list.Cursor);
        return await Run(call, s => s.ListAsync(call.Principal.OrganizationId, query, cancellationToken));
    }

    internal static async Task<OperationResult> Run<T>(ModelCall call, Func<GoalService, Task<RecordOutcome<T>>> action) where T : class =>
        OperationResult.From(await action(call.Services.GetRequiredService<GoalService>()));
}
