namespace FunctionsMcp.OAuth.Identity;

/// <summary>
/// The data scopes, one per data type and access level, as a connector's consent page shows them.
/// A credential's effective scopes are what it was granted, intersected with its owner's role ceiling.
/// </summary>
public static class Scopes
{
    public const string ParticipantsRead = "participants:read";
    public const string ParticipantsWrite = "participants:write";
    public const string GoalsRead = "goals:read";
    public const string GoalsWrite = "goals:write";
    public const string CarePlansRead = "careplans:read";
    public const string CarePlansWrite = "careplans:write";
    public const string FundingRead = "funding:read";
    public const string FundingWrite = "funding:write";
    public const string MedicationsRead = "medications:read";
    public const string StaffRead = "staff:read";
    public const string CatalogueRead = "catalogue:read";

    /// <summary>Every data scope, in display order.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        ParticipantsRead, ParticipantsWrite, GoalsRead, GoalsWrite, CarePlansRead, CarePlansWrite,
        FundingRead, FundingWrite, MedicationsRead, StaffRead, CatalogueRead,
    ];

    /// <summary>Every read scope.</summary>
    public static readonly IReadOnlyList<string> Read = All.Where(s => s.EndsWith(":read", StringComparison.Ordinal)).ToArray();

    private static readonly HashSet<string> s_known = new(All, StringComparer.Ordinal);

    /// <summary>True for a data scope this server knows.</summary>
    public static bool IsKnown(string scope) => s_known.Contains(scope);

    /// <summary>Splits a space-separated scope string (RFC 6749 §3.3), keeping known scopes in canonical order.</summary>
    public static IReadOnlyList<string> Parse(string? value) =>
        Normalize((value ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Known scopes only, without duplicates, in canonical order.</summary>
    public static IReadOnlyList<string> Normalize(IEnumerable<string> scopes)
    {
        var wanted = new HashSet<string>(scopes, StringComparer.Ordinal);
        return All.Where(wanted.Contains).ToArray();
    }

    /// <summary>The scopes as one space-separated string.</summary>
    public static string Format(IEnumerable<string> scopes) => string.Join(' ', scopes);
}
