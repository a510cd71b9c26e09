using FunctionsMcp.Ndis.Common;

namespace FunctionsMcp.Ndis.Goals;

/// <summary>The NDIS goal categories (the outcome domains of an NDIS plan).</summary>
public enum GoalCategory
{
    DailyLiving,
    Home,
    HealthAndWellbeing,
    LifelongLearning,
    Work,
    SocialAndCommunity,
    Relationships,
    ChoiceAndControl,
}

public enum GoalStatus
{
    NotStarted,
    InProgress,
    Achieved,
    Discontinued,
}

/// <summary>A goal from a participant's plan, which the supports work towards.</summary>
public sealed record Goal(
    string Id,
    string ParticipantId,
    string Title,
    string? Description,
    GoalCategory Category,
    GoalStatus Status,
    DateOnly? TargetDate,
    Stamp Stamp,
    string Version)
{
    public const string IdPrefix = "gl";

    /// <summary>The writable fields (a method, not a property, so a record is never serialized twice over).</summary>
    public GoalFields ToFields() => new(Title, Description, Category, Status, TargetDate);
}

/// <summary>Everything about a goal a coordinator writes (create takes all of it).</summary>
public sealed record GoalFields(string Title, string? Description, GoalCategory Category, GoalStatus Status, DateOnly? TargetDate);

/// <summary>Changes to a goal: only the fields given change.</summary>
public sealed record GoalChanges(
    string? Title = null,
    string? Description = null,
    GoalCategory? Category = null,
    GoalStatus? Status = null,
    DateOnly? TargetDate = null)
{
    public GoalFields ApplyTo(GoalFields current) => new(
        Title ?? current.Title,
        Description ?? current.Description,
        Category ?? current.Category,
        Status ?? current.Status,
        TargetDate ?? current.TargetDate);
}

/// <summary>A participant's goals, optionally of one status.</summary>
public sealed record GoalQuery(string ParticipantId, GoalStatus? Status, int PageSize, string? Cursor);

/// <summary>What came of one session of work towards a goal.</summary>
public enum GoalActivityOutcome
{
    Progressed,
    NoChange,
    Regressed,
    NotApplicable,
}

/// <summary>One logged session of support towards a goal. Append-only: never changed once logged.</summary>
public sealed record GoalActivity(
    string Id,
    string GoalId,
    string ParticipantId,
    DateOnly Date,
    string StaffMember,
    string? Notes,
    int Minutes,
    GoalActivityOutcome Outcome,
    Stamp Stamp)
{
    public const string IdPrefix = "ga";
}

/// <summary>What a staff member logs about an activity.</summary>
public sealed record GoalActivityFields(DateOnly Date, string StaffMember, string? Notes, int Minutes, GoalActivityOutcome Outcome);

/// <summary>A goal's activities, newest first.</summary>
public sealed record GoalActivityQuery(string GoalId, int PageSize, string? Cursor);

/// <summary>Where goals and their activities are kept, per organization.</summary>
public interface IGoalStore
{
    /// <summary>A page of one participant's goals; <see cref="RecordFailure.Invalid"/> for a cursor this store did not issue.</summary>
    Task<RecordOutcome<RecordPage<Goal>>> ListAsync(string organizationId, GoalQuery query, CancellationToken cancellationToken);

    Task<Goal?> GetAsync(string organizationId, string id, CancellationToken cancellationToken);

    Task<RecordOutcome<Goal>> AddAsync(string organizationId, Goal goal, CancellationToken cancellationToken);

    /// <summary>Replaces a goal if <paramref name="expectedVersion"/> is still current.</summary>
    Task<RecordOutcome<Goal>> ReplaceAsync(string organizationId, Goal updated, string expectedVersion, CancellationToken cancellationToken);

    /// <summary>A page of one goal's activities, newest first.</summary>
    Task<RecordOutcome<RecordPage<GoalActivity>>> ListActivitiesAsync(string organizationId, GoalActivityQuery query, CancellationToken cancellationToken);

    Task<RecordOutcome<GoalActivity>> AddActivityAsync(string organizationId, GoalActivity activity, CancellationToken cancellationToken);
}
