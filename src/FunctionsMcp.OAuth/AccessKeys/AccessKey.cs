namespace FunctionsMcp.OAuth.AccessKeys;

/// <summary>
/// A personal access key as stored: everything but the secret, of which only a SHA-256 hash is kept.
/// </summary>
/// <param name="Id">The public part of the key (also printed in listings).</param>
/// <param name="OrganizationId">The owner's organization.</param>
/// <param name="UserId">The owner.</param>
/// <param name="Name">What the owner called it ("Manus on my laptop").</param>
/// <param name="Scopes">Scopes granted at creation; the owner's role still narrows them at every use.</param>
/// <param name="SecretHash">SHA-256 of the secret part.</param>
/// <param name="CreatedAt">Creation time.</param>
/// <param name="ExpiresAt">When it stops working, or null for never.</param>
/// <param name="LastUsedAt">Last accepted use (updated at most once a minute).</param>
/// <param name="RevokedAt">When it was revoked, or null.</param>
public sealed record AccessKey(
    string Id,
    string OrganizationId,
    string UserId,
    string Name,
    IReadOnlyList<string> Scopes,
    byte[] SecretHash,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt = null,
    DateTimeOffset? LastUsedAt = null,
    DateTimeOffset? RevokedAt = null)
{
    /// <summary>True when the key may be used at <paramref name="now"/>.</summary>
    public bool IsActive(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || now < ExpiresAt);
}

/// <summary>Where access keys are kept.</summary>
public interface IAccessKeyStore
{
    Task AddAsync(AccessKey key, CancellationToken cancellationToken);

    Task<AccessKey?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>The organization's keys, or one user's keys when <paramref name="userId"/> is given.</summary>
    Task<IReadOnlyList<AccessKey>> ListAsync(string organizationId, string? userId, CancellationToken cancellationToken);

    /// <summary>Marks a key revoked; false when there is no such key in that organization.</summary>
    Task<bool> RevokeAsync(string organizationId, string id, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Records a use.</summary>
    Task TouchAsync(string id, DateTimeOffset at, CancellationToken cancellationToken);
}
