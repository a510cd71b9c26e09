using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using FunctionsMcp.Ndis.Common;
using FunctionsMcp.Ndis.Goals;
using FunctionsMcp.OAuth.Identity;

namespace FunctionsMcp.Mcp.Models.Goals;

public sealed record ListGoalActivitiesParameters(
    [property: Description("The goal whose activities to list (gl_…).")][property: StringLength(40)] string GoalId,
    [property: Description("How many per page, 1 to 100 (default 25).")][property: Range(1, 100)] int? PageSize = null,
    [property: Description("The next_cursor of the previous page, to get the next one.")][property: StringLength(2000)] string? Cursor = null);

public sealed record LogGoalActivityParameters(
    [property: Description("The goal worked towards (gl_…).")][property: StringLength(40)] string GoalId,
    [property: Description("The day of the activity (yyyy-MM-dd), not in the future.")] DateOnly Date,
    [property: Description("Who delivered the support: a staff id or name.")][property: StringLength(100, MinimumLength = 1)] string StaffMember,
    [property: Description("How long it took, in minutes (1 to 1440).")][property: Range(1, 1440)] int Minutes,
    [property: Description("progressed, no_change, regressed or not_applicable.")] GoalActivityOutcome Outcome,
    [property: Description("What was done and how the participant responded.")][property: StringLength(4000)] string? Notes = null)
{
    public GoalActivityFields ToFields() => new(Date, StaffMember, Notes, Minutes, Outcome);
}

/// <summary>The goal-activity model: append-only progress notes against a goal (list and log).</summary>
public static class GoalActivityModel
{
    public const string Name = "goal_activity";

    public static ModelDefinition Create() => new(Name, "Logged sessions of support towards a participant's goal: date, staff member, minutes, outcome and notes. Append-only.",
    [
        new(Name, "list", "list_goal_activities", "List a goal's activities",
            "Lists the activities logged against one goal, newest first, a page at a time. Use it to review progress towards a goal.",
            Scopes.GoalsRead, typeof(ListGoalActivitiesParameters), typeof(RecordPage<GoalActivity>), ReadOnly: true, Destructive: false, Idempotent: true, ListAsync),
        new(Name, "create", "log_goal_activity", "Log a goal activity",
            "Records a session of support towards a goal (support workers may do this). Activities cannot be changed once logged, so check the details first. Returns the logged activity.",
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
