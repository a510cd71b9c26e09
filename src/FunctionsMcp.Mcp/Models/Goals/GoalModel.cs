using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using FunctionsMcp.Ndis.Common;
using FunctionsMcp.Ndis.Goals;
using FunctionsMcp.OAuth.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsMcp.Mcp.Models.Goals;

public sealed record ListGoalsParameters(
    [property: Description("The participant whose goals to list (pt_…).")][property: StringLength(40)] string ParticipantId,
    [property: Description("Only goals with this status: not_started, in_progress, achieved or discontinued (default: all).")] GoalStatus? Status = null,
    [property: Description("How many per page, 1 to 100 (default 25).")][property: Range(1, 100)] int? PageSize = null,
    [property: Description("The next_cursor of the previous page, to get the next one.")][property: StringLength(2000)] string? Cursor = null);

public sealed record GoalIdParameters(
    [property: Description("The goal's id, as returned by list_goals (gl_…).")][property: StringLength(40)] string Id);

public sealed record CreateGoalParameters(
    [property: Description("The participant the goal belongs to (pt_…); must be active.")][property: StringLength(40)] string ParticipantId,
    [property: Description("The goal in a sentence, ideally in the participant's words.")][property: StringLength(200, MinimumLength = 1)] string Title,
    [property: Description("The NDIS goal category: daily_living, home, health_and_wellbeing, lifelong_learning, work, social_and_community, relationships or choice_and_control.")] GoalCategory Category,
    [property: Description("What achieving it looks like, and how supports will help.")][property: StringLength(2000)] string? Description = null,
    [property: Description("not_started (default), in_progress, achieved or discontinued.")] GoalStatus? Status = null,
    [property: Description("When the participant hopes to achieve it (yyyy-MM-dd, after 2000-01-01).")] DateOnly? TargetDate = null)
{
    public GoalFields ToFields() => new(Title, Description, Category, Status ?? GoalStatus.NotStarted, TargetDate);
}

public sealed record UpdateGoalParameters(
    [property: Description("The goal's id (gl_…).")][property: StringLength(40)] string Id,
    [property: Description("The version from the latest get_goal or update; a stale one is refused.")][property: StringLength(200)] string Version,
    [property: Description("New title.")][property: StringLength(200, MinimumLength = 1)] string? Title = null,
    [property: Description("New description.")][property: StringLength(2000)] string? Description = null,
    [property: Description("New NDIS goal category.")] GoalCategory? Category = null,
    [property: Description("New status: not_started, in_progress, achieved or discontinued.")] GoalStatus? Status = null,
    [property: Description("New target date (yyyy-MM-dd).")] DateOnly? TargetDate = null)
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
        new(Name, "list", "list_goals", "List a participant's goals",
            "Lists one participant's goals a page at a time, optionally only those of one status (e.g. in_progress). Use it to see what a participant is working towards, or to find a goal's id before logging an activity.",
            Scopes.GoalsRead, typeof(ListGoalsParameters), typeof(RecordPage<Goal>), ReadOnly: true, Destructive: false, Idempotent: true, ListAsync),
        new(Name, "view", "get_goal", "Get a goal",
            "Gets one goal, including the version needed to update it.",
            Scopes.GoalsRead, typeof(GoalIdParameters), typeof(Goal), ReadOnly: true, Destructive: false, Idempotent: true,
            (call, p, ct) => Run(call, s => s.GetAsync(call.Principal.OrganizationId, ((GoalIdParameters)p).Id, ct))),
        new(Name, "create", "create_goal", "Create a goal",
            "Adds a goal to an active participant's plan (coordinators and admins only). To record work towards an existing goal, use log_goal_activity instead. Returns the goal with its version.",
            Scopes.GoalsWrite, typeof(CreateGoalParameters), typeof(Goal), ReadOnly: false, Destructive: false, Idempotent: false,
            (call, p, ct) =>
            {
                var create = (CreateGoalParameters)p;
                return CoordinatorsOnly(call) ?? Run(call, s => s.CreateAsync(call.Principal.OrganizationId, call.Principal.UserId, create.ParticipantId, create.ToFields(), ct));
            }),
        new(Name, "update", "update_goal", "Update a goal",
            "Changes the given fields of a goal, e.g. its status once achieved (coordinators and admins only); fields left out stay as they are. Needs the current version: if it is refused as stale, get the goal again and retry.",
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
