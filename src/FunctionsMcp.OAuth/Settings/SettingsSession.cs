using FunctionsMcp.OAuth.Authorization;

namespace FunctionsMcp.OAuth.Settings;

/// <summary>
/// A person signed in to the settings pages. The browser holds a random secret in an HttpOnly cookie; storage keeps only
/// its hash (<see cref="IdHash"/>), so a copy of the table cannot be replayed as a session, and deleting the row (sign-out)
/// ends it on every instance at once. It never authenticates anything but the settings pages: <c>/mcp</c> reads only
/// <c>Authorization: Bearer</c>.
/// </summary>
/// <param name="IdHash">SHA-256 of the cookie's secret.</param>
/// <param name="OrganizationId">The person's organization.</param>
/// <param name="UserId">The person.</param>
/// <param name="CreatedAt">When they signed in; the session ends <see cref="SettingsSessions.MaxLifetime"/> later whatever happens.</param>
/// <param name="ExpiresAt">When it ends if not used before: the idle limit from its last use, never past the absolute cap.</param>
public sealed record SettingsSession(string IdHash, string OrganizationId, string UserId, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

/// <summary>Where settings sessions are kept, by hash.</summary>
public interface ISettingsSessionStore
{
    Task AddAsync(SettingsSession session, CancellationToken cancellationToken);

    Task<SettingsSession?> GetAsync(string idHash, CancellationToken cancellationToken);

    /// <summary>Moves the session's expiry; a session deleted meanwhile (signed out) stays deleted.</summary>
    Task ExtendAsync(string idHash, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Ends the session (sign-out); nothing happens when it is gone already.</summary>
    Task DeleteAsync(string idHash, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes at most <paramref name="max"/> sessions that expired by <paramref name="now"/>; returns how many this call deleted,
    /// or with <see cref="PruneMode.Count"/> how many it would delete.
    /// </summary>
    Task<int> DeleteExpiredAsync(DateTimeOffset now, int max, PruneMode mode, CancellationToken cancellationToken);
}
