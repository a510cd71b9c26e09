using System.Globalization;
using System.Net.Mail;
using FunctionsMcp.Ndis.Common;

namespace FunctionsMcp.Ndis.Participants;

/// <summary>The rules a participant's fields must meet. Messages name the field as the tools do and say what is wrong.</summary>
public static class ParticipantRules
{
    public const int MaxNameLength = 100;

    public static IReadOnlyList<FieldError> Validate(ParticipantFields f, DateOnly today)
    {
        var errors = new List<FieldError>();
        if (!IsNdisNumber(f.NdisNumber))
            errors.Add(new("ndis_number", $"'{f.NdisNumber}' is not an NDIS number: it has 9 digits and starts with 43"));
        Name(errors, "given_name", f.GivenName, required: true);
        Name(errors, "family_name", f.FamilyName, required: true);
        Name(errors, "preferred_name", f.PreferredName, required: false);
        if (f.DateOfBirth >= today)
            errors.Add(new("date_of_birth", $"{Iso(f.DateOfBirth)} is not in the past"));
        else if (f.DateOfBirth.Year < 1900)
            errors.Add(new("date_of_birth", $"{Iso(f.DateOfBirth)} is before 1900"));
        if (f.Email is { Length: > 0 } email && (email.Length > 254 || !MailAddress.TryCreate(email, out MailAddress? parsed) || parsed.Address != email))
            errors.Add(new("email", $"'{email}' is not an email address"));
        if (f.Phone is { Length: > 0 } phone && (phone.Any(c => !char.IsAsciiDigit(c) && c is not ' ' and not '+' and not '(' and not ')' and not '-') || phone.Count(char.IsAsciiDigit) is < 8 or > 15))
            errors.Add(new("phone", $"'{phone}' is not a phone number (8 to 15 digits)"));
        if (f.Address?.Postcode is { Length: > 0 } postcode && (postcode.Length != 4 || !postcode.All(char.IsAsciiDigit)))
            errors.Add(new("address.postcode", $"'{postcode}' is not a postcode: it has 4 digits"));
        if (f.Address?.Street?.Length > 200 || f.Address?.Suburb?.Length > 100)
            errors.Add(new("address", "street may have at most 200 characters and suburb at most 100"));
        if (f.PlanEnd <= f.PlanStart)
            errors.Add(new("plan_end", $"plan_end {Iso(f.PlanEnd)} is before plan_start {Iso(f.PlanStart)}"));
        if (f.PrimaryDisability?.Length > 200)
            errors.Add(new("primary_disability", "has more than 200 characters"));
        return errors;
    }

    public static bool IsNdisNumber(string? value) =>
        value is { Length: 9 } && value.StartsWith("43", StringComparison.Ordinal) && value.All(char.IsAsciiDigit);

    private static void Name(List<FieldError> errors, string field, string? value, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
                errors.Add(new(field, "is required"));
            return;
        }

        if (value.Length > MaxNameLength)
            errors.Add(new(field, $"has {value.Length} characters; at most {MaxNameLength} are allowed"));
        else if (value.Any(char.IsControl))
            errors.Add(new(field, "contains control characters"));
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
