using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using FunctionsMcp.Ndis.Common;
using FunctionsMcp.Ndis.Goals;
using FunctionsMcp.OAuth.Identity;

namespace FunctionsMcp.Mcp.Models.Goals;

public sealed record ListGoalActivitiesParameters(
    string GoalId,
    [property: DefaultValue(Paging.DefaultSize)][property: Range(1, Paging.MaxSize)] int? PageSize = null,
    string? Cursor = null);

public sealed record LogGoalActivityParameters(
    string GoalId,
    DateOnly Date,
    [property: Description("A staff id or name.")][property: StringLength(100, MinimumLength = 1)] string StaffMember,
    [property: Range(1, 1440)] int Minutes,
    GoalActivityOutcome Outcome,
    [property: StringLength(4000)] string? Notes = null)
{
    public GoalActivityFields ToFields() => new(Date, StaffMember, Notes, Minutes, Outcome);
}

/// <summary>The goal-activity model: append-only progress notes against a goal (list and log).</summary>
public static class GoalActivityModel
{
    public const string Name = "goal_activity";

    public static ModelDefinition Create() => new(Name, "Logged sessions of support towards a participant's goal: date, staff member, minutes, outcome and notes. Append-only.",
    [
        new(Name, "list", "list_goal_activities", "List goal activities",
            "Lists the activities logged against a goal, newest first. Returns a page of activities.",
            Scopes.GoalsRead, typeof(ListGoalActivitiesParameters), typeof(RecordPage<GoalActivity>), ReadOnly: true, Destructive: false, Idempotent: true, ListAsync),
        new(Name, "create", "log_goal_activity", "Log a goal activity",
            "Records a session of support towards a goal (support workers may too); it cannot be changed later.",
            Scopes.GoalsWrite, typeof(LogGoalActivityParameters), typeof(GoalActivity), ReadOnly: false, Destructive: false, Idempotent: false,
            (call, p, ct) =>
            {
                var log = (LogGoalActivityParameters)p;
                return GoalModel.Run(call, s => s.LogActivityAsync(call.Principal.OrganizationId, call.Principal.UserId, log.GoalId, log.ToFields(), ct));
            }),
    ]);

    private static async Task<OperationResult> ListAsync(ModelCall call, object parameters, CancellationToken cancellationToken)
    {
        var list = (ListGoalActivitiesParameters)parameters;
        if (list.PageSize is < 1 or > Paging.MaxSize)
            return new OperationResult(null, RecordFailure.Invalid, $"page_size {list.PageSize} must be between 1 and {Paging.MaxSize}");
        var query = new GoalActivityQuery(list.GoalId, list.PageSize ?? Paging.DefaultSize, list.Cursor);
        return await GoalModel.Run(call, s => s.ListActivitiesAsync(call.Principal.OrganizationId, query, cancellationToken));
    }
}
