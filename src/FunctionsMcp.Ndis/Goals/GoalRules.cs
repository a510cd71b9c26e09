using System.Globalization;
using FunctionsMcp.Ndis.Common;

namespace FunctionsMcp.Ndis.Goals;

/// <summary>The rules goals and activities must meet. Messages name the field as the tools do and say what is wrong.</summary>
public static class GoalRules
{
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 2000;
    public const int MaxStaffMemberLength = 100;
    public const int MaxNotesLength = 4000;
    public const int MaxMinutes = 1440;

    private static readonly DateOnly s_earliestTarget = new(2000, 1, 1);

    public static IReadOnlyList<FieldError> Validate(GoalFields f)
    {
        var errors = new List<FieldError>();
        TextRule.Check(errors, "title", f.Title, MaxTitleLength, required: true);
        TextRule.Check(errors, "description", f.Description, MaxDescriptionLength, required: false, allowLineBreaks: true);
        if (!Enum.IsDefined(f.Category))
            errors.Add(new("category", "is not an NDIS goal category"));
        if (!Enum.IsDefined(f.Status))
            errors.Add(new("status", "is not a goal status"));
        if (f.TargetDate is { } target && target <= s_earliestTarget)
            errors.Add(new("target_date", $"{Iso(target)} is not after 2000-01-01"));
        return errors;
    }

    public static IReadOnlyList<FieldError> Validate(GoalActivityFields f, DateOnly today)
    {
        var errors = new List<FieldError>();
        if (f.Date > today)
            errors.Add(new("date", $"{Iso(f.Date)} is in the future"));
        else if (f.Date <= s_earliestTarget)
            errors.Add(new("date", $"{Iso(f.Date)} is not after 2000-01-01"));
        TextRule.Check(errors, "staff_member", f.StaffMember, MaxStaffMemberLength, required: true);
        TextRule.Check(errors, "notes", f.Notes, MaxNotesLength, required: false, allowLineBreaks: true);
        if (f.Minutes is < 1 or > MaxMinutes)
            errors.Add(new("minutes", $"{f.Minutes} is not between 1 and {MaxMinutes}"));
        if (!Enum.IsDefined(f.Outcome))
            errors.Add(new("outcome", "is not an activity outcome"));
        return errors;
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
