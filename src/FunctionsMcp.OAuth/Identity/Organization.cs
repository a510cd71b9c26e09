namespace FunctionsMcp.OAuth.Identity;

/// <summary>A provider organization: the tenant. Every record belongs to exactly one.</summary>
/// <param name="Id">Stable id, lower-case letters, digits and dashes (e.g. <c>sunrise</c>).</param>
/// <param name="Name">Display name.</param>
/// <param name="EntraTenantId">The Entra tenant whose users belong here, when signing in with Entra.</param>
/// <param name="Suspended">A suspended organization's credentials are all refused.</param>
/// <param name="RequestsPerMinutePerCredential">Override of the per-credential rate limit; null uses the default.</param>
/// <param name="RequestsPerMinute">Override of the organization-wide rate limit; null uses the default.</param>
public sealed record Organization(
    string Id,
    string Name,
    string? EntraTenantId = null,
    bool Suspended = false,
    int? RequestsPerMinutePerCredential = null,
    int? RequestsPerMinute = null);

/// <summary>A staff member of an organization.</summary>
/// <param name="OrganizationId">The organization.</param>
/// <param name="Id">Stable id within the organization (the Entra object id once signed in with Entra).</param>
/// <param name="DisplayName">Name shown on consent pages and in the CLI (never logged).</param>
/// <param name="Email">Sign-in name (never logged).</param>
/// <param name="Role">What the user may ever be granted.</param>
/// <param name="Disabled">A disabled user's credentials are all refused.</param>
public sealed record User(string OrganizationId, string Id, string DisplayName, string Email, Role Role, bool Disabled = false);
