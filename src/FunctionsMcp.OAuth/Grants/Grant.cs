namespace FunctionsMcp.OAuth.Grants;

/// <summary>
/// One connection of an OAuth client to a user's data: made when the user allows a client, it is what the
/// client's access and refresh tokens all point back to. Revoking it (disconnecting, a replayed code, a
/// refresh token reused too late) stops every token issued under it at once. Reconnecting the same client
/// on another device makes another grant, so it never signs the first device out.
/// </summary>
/// <param name="Id">The grant id (<c>gr_…</c>), carried in every token as <c>gid</c>.</param>
/// <param name="OrganizationId">The user's organization (the grant's partition).</param>
/// <param name="UserId">Who allowed the client.</param>
/// <param name="ClientId">The OAuth client allowed.</param>
/// <param name="Scopes">What the user allowed: requested ∩ consented ∩ the user's role when granted.</param>
/// <param name="CreatedAt">When the user allowed it.</param>
/// <param name="LastUsedAt">When a token of it was last used, roughly (updated at most once a minute).</param>
/// <param name="RevokedAt">When it was revoked, or null while it works.</param>
/// <param name="RevokedReason">Why: disconnected, code replay, refresh token reuse.</param>
/// <param name="ClientName">The client's name when the user allowed it, as the consent page showed it (null on grants made
/// before it was recorded), so a list of connections names each app without fetching a metadata document.</param>
public sealed record Grant(
    string Id,
    string OrganizationId,
    string UserId,
    string ClientId,
    IReadOnlyList<string> Scopes,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastUsedAt = null,
    DateTimeOffset? RevokedAt = null,
    string? RevokedReason = null,
    string? ClientName = null)
{
    public const string IdPrefix = "gr";

    public bool IsActive => RevokedAt is null;
}

/// <summary>Where grants are kept, per organization (every token names its organization and grant).</summary>
public interface IGrantStore
{
    Task AddAsync(Grant grant, CancellationToken cancellationToken);

    Task<Grant?> GetAsync(string organizationId, string id, CancellationToken cancellationToken);

    /// <summary>The organization's grants, newest first; only one user's when <paramref name="userId"/> is given.</summary>
    Task<IReadOnlyList<Grant>> ListAsync(string organizationId, string? userId, CancellationToken cancellationToken);

    /// <summary>Revokes the grant (keeping the first reason if it already was); false when there is no such grant.</summary>
    Task<bool> RevokeAsync(string organizationId, string id, string reason, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Records that the grant was used (throttled by the caller).</summary>
    Task TouchAsync(string organizationId, string id, DateTimeOffset at, CancellationToken cancellationToken);
}
