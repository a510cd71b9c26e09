namespace FunctionsMcp.OAuth.Identity;

/// <summary>How pages name the data types and access levels of <see cref="Scopes"/>: the consent page and the settings page say the same.</summary>
internal static class ScopeLabels
{
    private static readonly Dictionary<string, string> s_dataTypes = new(StringComparer.Ordinal)
    {
        ["participants"] = "Participants",
        ["goals"] = "Goals and activities",
        ["careplans"] = "Care plans",
        ["funding"] = "Funding and budgets",
        ["medications"] = "Medications",
        ["staff"] = "Staff",
        ["catalogue"] = "Support catalogue",
    };

    /// <summary>The data type part of a scope (<c>participants</c>).</summary>
    public static string DataType(string scope) => scope.Split(':')[0];

    /// <summary>The data type's name (<c>Participants</c>).</summary>
    public static string DataTypeName(string dataType) => s_dataTypes.GetValueOrDefault(dataType, dataType);

    /// <summary><c>read</c> or <c>change</c>.</summary>
    public static string Level(string scope) => scope.EndsWith(":write", StringComparison.Ordinal) ? "change" : "read";

    /// <summary>"all data" for every scope; otherwise "Participants: read, change; Staff: read".</summary>
    public static string Describe(IReadOnlyList<string> scopes) =>
        scopes.Count == Scopes.All.Count && Scopes.All.All(scopes.Contains)
            ? "all data: read and change"
            : string.Join("; ", scopes.GroupBy(DataType).Select(g => $"{DataTypeName(g.Key)}: {string.Join(", ", g.Select(Level))}"));
}
