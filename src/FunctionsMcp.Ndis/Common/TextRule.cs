namespace FunctionsMcp.Ndis.Common;

/// <summary>The length and character rule every free-text field follows, with messages that name the field.</summary>
public static class TextRule
{
    /// <summary>Adds an error to <paramref name="errors"/> when <paramref name="value"/> is missing (if required), too long, or has control characters.</summary>
    public static void Check(List<FieldError> errors, string field, string? value, int max, bool required, bool allowLineBreaks = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
                errors.Add(new(field, "is required"));
            return;
        }

        if (value.Length > max)
            errors.Add(new(field, $"has {value.Length} characters; at most {max} are allowed"));
        else if (value.Any(c => char.IsControl(c) && !(allowLineBreaks && c is '\n' or '\r' or '\t')))
            errors.Add(new(field, "contains control characters"));
    }

    /// <summary>The value trimmed, or null when it is blank.</summary>
    public static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
