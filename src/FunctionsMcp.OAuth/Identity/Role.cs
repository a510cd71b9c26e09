namespace FunctionsMcp.OAuth.Identity;

/// <summary>A staff member's role (an Entra app role). The role caps what any of their credentials may do.</summary>
public enum Role
{
    /// <summary>Support worker: reads everything, and logs goal activities.</summary>
    SupportWorker,

    /// <summary>Coordinator: reads and writes all care data.</summary>
    Coordinator,

    /// <summary>Admin: everything a coordinator may, plus the organization's settings, keys and audit trail.</summary>
    Admin,
}

/// <summary>The most each role may ever be granted.</summary>
public static class RoleCeilings
{
    private static readonly IReadOnlyList<string> s_supportWorker = Scopes.Normalize([.. Scopes.Read, Scopes.GoalsWrite]);

    /// <summary>The scopes <paramref name="role"/> may hold.</summary>
    public static IReadOnlyList<string> For(Role role) => role switch
    {
        Role.Admin or Role.Coordinator => Scopes.All,
        // goals:write lets a support worker log activities; the goal tools keep edits of goals themselves to coordinators.
        Role.SupportWorker => s_supportWorker,
        _ => [],
    };

    /// <summary><paramref name="granted"/> narrowed to what <paramref name="role"/> allows.</summary>
    public static IReadOnlyList<string> Apply(Role role, IEnumerable<string> granted)
    {
        var ceiling = new HashSet<string>(For(role), StringComparer.Ordinal);
        return Scopes.Normalize(granted.Where(ceiling.Contains));
    }
}

/// <summary>How pages and messages name a role to a person ("support worker", not the enum's <c>SupportWorker</c>).</summary>
public static class RoleNames
{
    /// <summary>The role as a sentence uses it, capitalised when <paramref name="capitalised"/> (a label, a heading).</summary>
    public static string Describe(Role role, bool capitalised = true) => (role, capitalised) switch
    {
        (Role.SupportWorker, true) => "Support worker",
        (Role.SupportWorker, false) => "support worker",
        (Role.Coordinator, true) => "Coordinator",
        (Role.Coordinator, false) => "coordinator",
        (Role.Admin, _) => "Admin",
        _ => role.ToString(),
    };
}
