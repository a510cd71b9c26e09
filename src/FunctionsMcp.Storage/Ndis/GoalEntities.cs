using System.Globalization;
using FunctionsMcp.Ndis.Common;
using FunctionsMcp.Ndis.Goals;

namespace FunctionsMcp.Storage.Ndis;

/// <summary>The goal record (RK <c>g_&lt;participantId&gt;_&lt;goalId&gt;</c>), so a participant's goals are one range. Enums are names.</summary>
internal sealed class GoalEntity : StoredEntity
{
    public string GoalId { get; set; } = string.Empty;
    public string ParticipantId { get; set; } = string.Empty;
    public string Title { get; set; } = string.Empty;
    public string? Description { get; set; }
    public string Category { get; set; } = string.Empty;
    public string Status { get; set; } = string.Empty;
    public string? TargetDate { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = string.Empty;
    public DateTimeOffset UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = string.Empty;

    public static GoalEntity From(string organizationId, Goal g) => new()
    {
        PartitionKey = organizationId,
        RowKey = GoalKeys.Record(g.ParticipantId, g.Id),
        GoalId = g.Id,
        ParticipantId = g.ParticipantId,
        Title = g.Title,
        Description = g.Description,
        Category = g.Category.ToString(),
        Status = g.Status.ToString(),
        TargetDate = g.TargetDate is { } target ? IsoDate.Format(target) : null,
        CreatedAt = g.Stamp.CreatedAt,
        CreatedBy = g.Stamp.CreatedBy,
        UpdatedAt = g.Stamp.UpdatedAt,
        UpdatedBy = g.Stamp.UpdatedBy,
    };

    public Goal ToGoal() => new(
        GoalId, ParticipantId, Title, Description, Enum.Parse<GoalCategory>(Category), Enum.Parse<GoalStatus>(Status),
        TargetDate is null ? null : IsoDate.Parse(TargetDate), new Stamp(CreatedAt, CreatedBy, UpdatedAt, UpdatedBy), ETag.ToString());
}

/// <summary>A logged activity (RK <c>a_&lt;goalId&gt;_&lt;inverted date&gt;_&lt;inverted ticks&gt;_&lt;id&gt;</c>): a goal's activities, newest first.</summary>
internal sealed class GoalActivityEntity : StoredEntity
{
    public string ActivityId { get; set; } = string.Empty;
    public string GoalId { get; set; } = string.Empty;
    public string ParticipantId { get; set; } = string.Empty;
    public string Date { get; set; } = string.Empty;
    public string StaffMember { get; set; } = string.Empty;
    public string? Notes { get; set; }
    public int Minutes { get; set; }
    public string Outcome { get; set; } = string.Empty;
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = string.Empty;

    public static GoalActivityEntity From(string organizationId, GoalActivity a) => new()
    {
        PartitionKey = organizationId,
        RowKey = GoalKeys.Activity(a),
        ActivityId = a.Id,
        GoalId = a.GoalId,
        ParticipantId = a.ParticipantId,
        Date = IsoDate.Format(a.Date),
        StaffMember = a.StaffMember,
        Notes = a.Notes,
        Minutes = a.Minutes,
        Outcome = a.Outcome.ToString(),
        CreatedAt = a.Stamp.CreatedAt,
        CreatedBy = a.Stamp.CreatedBy,
    };

    public GoalActivity ToActivity() => new(
        ActivityId, GoalId, ParticipantId, IsoDate.Parse(Date), StaffMember, Notes, Minutes, Enum.Parse<GoalActivityOutcome>(Outcome),
        new Stamp(CreatedAt, CreatedBy, CreatedAt, CreatedBy));
}

/// <summary>Row keys of the <c>goals</c> table (PK: organization id).</summary>
internal static class GoalKeys
{
    public static string ParticipantPrefix(string participantId) => $"g_{participantId}_";

    public static string Record(string participantId, string goalId) => ParticipantPrefix(participantId) + goalId;

    /// <summary>The goal-id index row (a <see cref="ParticipantIdEntity"/>): which participant a goal belongs to, for get-by-id.</summary>
    public static string Id(string goalId) => "gid_" + goalId;

    public static string ActivityPrefix(string goalId) => $"a_{goalId}_";

    /// <summary>Newest activity date first; within a date, the most recently logged first.</summary>
    public static string Activity(GoalActivity a)
    {
        int invertedDate = 99999999 - int.Parse(IsoDate.Compact(a.Date), CultureInfo.InvariantCulture);
        long invertedTicks = DateTimeOffset.MaxValue.UtcTicks - a.Stamp.CreatedAt.UtcTicks;
        return string.Create(CultureInfo.InvariantCulture, $"{ActivityPrefix(a.GoalId)}{invertedDate:D8}_{invertedTicks:D19}_{a.Id}");
    }
}
