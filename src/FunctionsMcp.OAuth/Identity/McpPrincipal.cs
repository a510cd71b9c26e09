namespace FunctionsMcp.OAuth.Identity;

/// <summary>How the caller proved who it is.</summary>
public enum CredentialKind
{
    /// <summary>A personal access key.</summary>
    AccessKey,

    /// <summary>An access token from our OAuth server.</summary>
    OAuthToken,
}

/// <summary>
/// Who is calling, built once per request from the credential and the stored user. It is the only source
/// of tenancy downstream: no tool argument can name or override <see cref="OrganizationId"/>.
/// </summary>
/// <param name="OrganizationId">The caller's organization.</param>
/// <param name="UserId">The user the credential belongs to.</param>
/// <param name="Role">The user's current role.</param>
/// <param name="Scopes">Effective scopes: granted ∩ the role's ceiling, at this moment.</param>
/// <param name="Credential">Access key or OAuth token.</param>
/// <param name="CredentialId">The key id or token grant id (an identifier, never a secret).</param>
/// <param name="ClientId">The OAuth client, or null for an access key.</param>
/// <param name="RequestsPerMinutePerCredential">
/// The organization's override of the per-credential rate limit, read with its standing (null: the configured default), so
/// rate limiting does not read the organization again.
/// </param>
/// <param name="RequestsPerMinute">The organization's override of its organization-wide rate limit (null: the configured default).</param>
public sealed record McpPrincipal(
    string OrganizationId,
    string UserId,
    Role Role,
    IReadOnlyList<string> Scopes,
    CredentialKind Credential,
    string CredentialId,
    string? ClientId = null,
    int? RequestsPerMinutePerCredential = null,
    int? RequestsPerMinute = null)
{
    private readonly HashSet<string> _scopes = new(Scopes, StringComparer.Ordinal);

    /// <summary>True when the principal holds <paramref name="scope"/>.</summary>
    public bool Has(string scope) => _scopes.Contains(scope);

    /// <summary>True when the principal holds every one of <paramref name="scopes"/>.</summary>
    public bool HasAll(IEnumerable<string> scopes) => scopes.All(_scopes.Contains);
}
