using FunctionsMcp.OAuth.Http;
using FunctionsMcp.OAuth.Identity;

namespace FunctionsMcp.OAuth.AccessKeys;

/// <summary>A key just created: the record, and the token, which exists only here and is shown once.</summary>
public sealed record CreatedAccessKey(AccessKey Key, string Token);

/// <summary>
/// A key replaced by <see cref="AccessKeyService.RotateAsync"/>: the old key (now revoked), the new one, and the old key's
/// scopes its owner's role no longer allows, which the new key does not carry (the old one could not use them either).
/// </summary>
public sealed record RotatedAccessKey(AccessKey Old, CreatedAccessKey New, IReadOnlyList<string> DroppedScopes);

/// <summary>
/// Creates, lists, revokes and checks personal access keys. A check reads the key on every request, so a revocation or an
/// expiry takes effect on the very next call; the user and the organization come from <see cref="IdentityCache"/>, so a
/// disabled user, a narrower role or a suspended organization takes effect within its bound.
/// </summary>
public sealed class AccessKeyService(IAccessKeyStore keys, IIdentityStore identities, IdentityCache standing, TimeProvider time) : ICredentialAuthenticator
{
    public const int MaxNameLength = 100;
    private static readonly TimeSpan s_touchInterval = TimeSpan.FromMinutes(1);

    /// <summary>Creates a key; refuses scopes beyond the owner's role and unknown scopes, naming them.</summary>
    public async Task<(CreatedAccessKey? Created, string? Error)> CreateAsync(
        string organizationId, string userId, string name, IEnumerable<string> scopes, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        User? user = await identities.GetUserAsync(organizationId, userId, cancellationToken);
        if (user is null || user.Disabled)
            return (null, $"user '{userId}' was not found in organization '{organizationId}', or is disabled");
        if (DisplayName.Problem(name, MaxNameLength, "the key") is { } badName)
            return (null, badName);

        string[] requested = scopes.Distinct(StringComparer.Ordinal).ToArray();
        string[] unknown = requested.Where(s => !Scopes.IsKnown(s)).ToArray();
        if (unknown.Length > 0)
            return (null, $"unknown scopes: {string.Join(", ", unknown)}; known scopes are {string.Join(", ", Scopes.All)}");
        string[] beyondRole = requested.Except(RoleCeilings.For(user.Role), StringComparer.Ordinal).ToArray();
        if (beyondRole.Length > 0)
            return (null, $"a {RoleNames.Describe(user.Role, capitalised: false)} may not hold {string.Join(", ", beyondRole)}");
        if (requested.Length == 0)
            return (null, "the key needs at least one scope");

        DateTimeOffset now = time.GetUtcNow();
        if (expiresAt is not null && expiresAt <= now)
            return (null, "the expiry is in the past");

        (string id, string token, byte[] hash) = AccessKeyFormat.Generate();
        var key = new AccessKey(id, organizationId, userId, name.Trim(), Scopes.Normalize(requested), hash, now, expiresAt);
        await keys.AddAsync(key, cancellationToken);
        return (new CreatedAccessKey(key, token), null);
    }

    /// <summary>The organization's keys, or only <paramref name="userId"/>'s, oldest first.</summary>
    public Task<IReadOnlyList<AccessKey>> ListAsync(string organizationId, string? userId, CancellationToken cancellationToken) =>
        keys.ListAsync(organizationId, userId, cancellationToken);

    /// <summary>
    /// The key <paramref name="id"/> if it belongs to the organization and, when <paramref name="ownerId"/> is given, to that
    /// user; otherwise null, so another organization's or another person's key reads exactly like one that does not exist.
    /// </summary>
    public async Task<AccessKey?> FindAsync(string organizationId, string? ownerId, string id, CancellationToken cancellationToken) =>
        await keys.GetAsync(id, cancellationToken) is { } key && key.OrganizationId == organizationId && (ownerId is null || key.UserId == ownerId)
            ? key
            : null;

    /// <summary>
    /// Revokes the key (found as <see cref="FindAsync"/> finds it); it is refused from the next request on. Returns the key
    /// as it was before (already revoked, when <see cref="AccessKey.RevokedAt"/> is set), or null when there is no such key.
    /// </summary>
    public async Task<AccessKey?> RevokeAsync(string organizationId, string? ownerId, string id, CancellationToken cancellationToken) =>
        await FindAsync(organizationId, ownerId, id, cancellationToken) is { } key && await keys.RevokeAsync(organizationId, id, time.GetUtcNow(), cancellationToken)
            ? key
            : null;

    /// <summary>
    /// Replaces <paramref name="old"/> (found with <see cref="FindAsync"/>) with a new secret: same name, owner and scopes, and,
    /// when it had an expiry, the same lifetime counted from now; then revokes it. The new key is stored before the old one
    /// is revoked, so a failure in between leaves the old key working rather than none. A revoked key is not rotated: that
    /// would bring back access someone chose to end. Scopes the owner's role no longer allows are left out (see
    /// <see cref="RotatedAccessKey.DroppedScopes"/>).
    /// </summary>
    public async Task<(RotatedAccessKey? Rotated, string? Error)> RotateAsync(AccessKey old, CancellationToken cancellationToken)
    {
        if (old.RevokedAt is not null)
            return (null, "it was revoked; create a new key instead");

        User? owner = await identities.GetUserAsync(old.OrganizationId, old.UserId, cancellationToken);
        IReadOnlyList<string> kept = owner is null ? old.Scopes : RoleCeilings.Apply(owner.Role, old.Scopes);
        DateTimeOffset? expiresAt = old.ExpiresAt is { } expiry ? time.GetUtcNow() + (expiry - old.CreatedAt) : null;
        (CreatedAccessKey? created, string? error) = await CreateAsync(old.OrganizationId, old.UserId, old.Name, kept, expiresAt, cancellationToken);
        if (created is null)
            return (null, error);

        await keys.RevokeAsync(old.OrganizationId, old.Id, time.GetUtcNow(), cancellationToken);
        return (new RotatedAccessKey(old, created, old.Scopes.Except(kept, StringComparer.Ordinal).ToArray()), null);
    }

    public bool CanAuthenticate(string token) => AccessKeyFormat.LooksLikeKey(token);

    public async Task<CredentialCheck> AuthenticateAsync(string token, CancellationToken cancellationToken)
    {
        const string Invalid = "The access key is not valid.";
        if (!AccessKeyFormat.TryParse(token, out string id, out string secret))
            return CredentialCheck.Refused(Invalid);

        AccessKey? key = await keys.GetAsync(id, cancellationToken);
        if (key is null || !AccessKeyFormat.Matches(secret, key.SecretHash))
            return CredentialCheck.Refused(Invalid);

        DateTimeOffset now = time.GetUtcNow();
        if (key.RevokedAt is not null)
            return CredentialCheck.Refused("The access key has been revoked.");
        if (key.ExpiresAt is not null && now >= key.ExpiresAt)
            return CredentialCheck.Refused("The access key has expired.");

        (User? owner, Organization? organization, Standing refusal) = await standing.GetActiveUserAsync(identities, key.OrganizationId, key.UserId, cancellationToken);
        if (owner is null || organization is null)
            return CredentialCheck.Refused(refusal == Standing.OrganizationSuspended
                ? "The access key's organization is suspended." : "The access key's owner is disabled or no longer exists.");

        // A blind merge of one property (no read), at most once a minute per key.
        if (key.LastUsedAt is null || now - key.LastUsedAt >= s_touchInterval)
            await keys.TouchAsync(key.Id, now, cancellationToken);

        IReadOnlyList<string> effective = RoleCeilings.Apply(owner.Role, key.Scopes);
        return CredentialCheck.Accepted(new McpPrincipal(key.OrganizationId, owner.Id, owner.Role, effective, CredentialKind.AccessKey, key.Id,
            RequestsPerMinutePerCredential: organization.RequestsPerMinutePerCredential, RequestsPerMinute: organization.RequestsPerMinute));
    }
}
