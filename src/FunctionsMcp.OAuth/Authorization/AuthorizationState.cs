namespace FunctionsMcp.OAuth.Authorization;

/// <summary>
/// An authorization in progress, from <c>/authorize</c> until the code is issued (at most 10 minutes). Its id travels in
/// the sign-in and consent URLs; it only works in the browser that started it (<see cref="BrowserHash"/>), and its
/// forms carry a CSRF token derived from the id and that browser's cookie. Storage keeps hashes, never the values; only
/// the Entra sign-in's own nonce and PKCE verifier are kept as they are, until the person comes back from Entra.
/// <see cref="OfflineAccess"/>: the client asked for <c>offline_access</c>, which the code and its refresh tokens carry on
/// so that <c>/token</c> lists it in <c>scope</c>.
/// <see cref="ReturnPath"/>: a sign-in for the settings pages rather than for an app (no client, no code): once the person
/// has signed in, a settings session starts and the browser goes back to this path of ours.
/// </summary>
public sealed record PendingAuthorization(
    string IdHash,
    string ClientId,
    string RedirectUri,
    string? State,
    string CodeChallenge,
    IReadOnlyList<string> Scopes,
    string BrowserHash,
    DateTimeOffset ExpiresAt,
    string? OrganizationId = null,
    string? UserId = null,
    string? Nonce = null,
    string? UpstreamVerifier = null,
    bool OfflineAccess = false,
    string Version = "",
    string? ReturnPath = null)
{
    public bool IsSignedIn => OrganizationId is not null && UserId is not null;

    /// <summary>True for a sign-in to the settings pages, which no client may continue.</summary>
    public bool IsForSettings => ReturnPath is not null;
}

/// <summary>An authorization code (single use, a few minutes): bound to its client, redirect URI, PKCE challenge and grant.</summary>
public sealed record AuthorizationCode(
    string Hash,
    string OrganizationId,
    string UserId,
    string GrantId,
    string ClientId,
    string RedirectUri,
    string CodeChallenge,
    IReadOnlyList<string> Scopes,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? UsedAt = null,
    bool OfflineAccess = false,
    string Version = "");

/// <summary>A refresh token of a grant. Rotated on use: the old one then works only for the reuse grace window.</summary>
public sealed record RefreshToken(
    string Hash,
    string OrganizationId,
    string GrantId,
    string ClientId,
    IReadOnlyList<string> Scopes,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? RotatedAt = null,
    bool OfflineAccess = false,
    string Version = "");

/// <summary>What a user has allowed a client (per user and client), so a later request within it can skip the consent page.</summary>
public sealed record Consent(
    string OrganizationId,
    string UserId,
    string ClientId,
    IReadOnlyList<string> Scopes,
    IReadOnlyList<string> RedirectUris,
    DateTimeOffset GrantedAt);

/// <summary>Where the authorization server keeps its short-lived state and consents, by hash.</summary>
public interface IAuthorizationStateStore
{
    Task AddRequestAsync(PendingAuthorization request, CancellationToken cancellationToken);

    Task<PendingAuthorization?> GetRequestAsync(string idHash, CancellationToken cancellationToken);

    /// <summary>Saves a changed request if nobody changed it since it was read; false otherwise.</summary>
    Task<bool> UpdateRequestAsync(PendingAuthorization request, CancellationToken cancellationToken);

    /// <summary>Deletes the request if nobody changed it since it was read; false otherwise (it was used already).</summary>
    Task<bool> DeleteRequestAsync(PendingAuthorization request, CancellationToken cancellationToken);

    Task AddCodeAsync(AuthorizationCode code, CancellationToken cancellationToken);

    Task<AuthorizationCode?> GetCodeAsync(string hash, CancellationToken cancellationToken);

    /// <summary>Marks the code used if it was not already (compare-and-swap); false when another redemption won.</summary>
    Task<bool> MarkCodeUsedAsync(AuthorizationCode code, DateTimeOffset at, CancellationToken cancellationToken);

    Task AddRefreshTokenAsync(RefreshToken token, CancellationToken cancellationToken);

    Task<RefreshToken?> GetRefreshTokenAsync(string hash, CancellationToken cancellationToken);

    /// <summary>Marks the token rotated if it was not already (compare-and-swap); false when another refresh won.</summary>
    Task<bool> MarkRotatedAsync(RefreshToken token, DateTimeOffset at, CancellationToken cancellationToken);

    Task<Consent?> GetConsentAsync(string organizationId, string userId, string clientId, CancellationToken cancellationToken);

    Task SaveConsentAsync(Consent consent, CancellationToken cancellationToken);

    /// <summary>
    /// Records that <paramref name="clientId"/> used the client assertion id <paramref name="jti"/>, valid until
    /// <paramref name="expiresAt"/>; false when it was used already and has not expired by <paramref name="now"/>
    /// (RFC 7523 §3 item 7). Shared storage, so a replay to another instance fails too.
    /// </summary>
    Task<bool> UseAssertionIdAsync(string clientId, string jti, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken);

    // Pruning (storage has no TTL). Each deletes at most max rows whose ExpiresAt is at or before now and returns how
    // many this call deleted. A row changed since it was read, or already deleted by another instance, is skipped, so
    // concurrent runs delete each row once and a repeated run deletes nothing. With PruneMode.Count nothing is deleted:
    // the answer is how many rows would be.

    /// <summary>Deletes sign-in requests that expired unfinished (finished ones are deleted when their code is issued).</summary>
    Task<int> DeleteExpiredRequestsAsync(DateTimeOffset now, int max, PruneMode mode, CancellationToken cancellationToken);

    /// <summary>Deletes expired codes, used or not; a used code is kept until then, so a second redemption is still caught.</summary>
    Task<int> DeleteExpiredCodesAsync(DateTimeOffset now, int max, PruneMode mode, CancellationToken cancellationToken);

    /// <summary>Deletes expired refresh tokens, rotated or not; a rotated one is kept until then, so its reuse is still caught.</summary>
    Task<int> DeleteExpiredRefreshTokensAsync(DateTimeOffset now, int max, PruneMode mode, CancellationToken cancellationToken);

    /// <summary>Deletes client assertion ids past their assertion's expiry, which can no longer be replayed.</summary>
    Task<int> DeleteExpiredAssertionIdsAsync(DateTimeOffset now, int max, PruneMode mode, CancellationToken cancellationToken);
}
