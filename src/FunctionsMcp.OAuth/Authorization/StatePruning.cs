using FunctionsMcp.OAuth.Clients;
using FunctionsMcp.OAuth.Settings;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.OAuth.Authorization;

/// <summary>How many rows of each kind one pruning run deleted (or, counting, would delete).</summary>
public sealed record PruneResult(int SignInRequests, int AuthorizationCodes, int RefreshTokens, int AssertionIds, int ClientRegistrations, int SettingsSessions)
{
    public int Total => SignInRequests + AuthorizationCodes + RefreshTokens + AssertionIds + ClientRegistrations + SettingsSessions;
}

/// <summary>Whether pruning deletes what it finds, or only counts it (a dry run).</summary>
public enum PruneMode
{
    Delete,
    Count,
}

/// <summary>
/// Removes the authorization server's state once nothing can use it any more: Table Storage has no TTL, so without
/// this every sign-in, code, refresh token, assertion id, unclaimed registration and settings session would stay forever. Each kind is
/// deleted in a bounded batch per run, so a timer can call this often without a long run; a kind with more left simply
/// continues next time. Safe to run on several instances at once (each row is deleted once) and idempotent. The timer
/// (<c>prune-state</c>) and the admin CLI's <c>state prune</c> both run this.
/// </summary>
public sealed partial class StatePruning(
    IAuthorizationStateStore state, IClientStore clients, ISettingsSessionStore sessions, IOptions<OAuthClientOptions> clientOptions, TimeProvider time,
    ILogger<StatePruning> logger)
{
    /// <summary>Deletes at most <paramref name="maxRowsPerKind"/> rows of each kind that expired by now.</summary>
    public Task<PruneResult> RunAsync(int maxRowsPerKind, CancellationToken cancellationToken) =>
        RunAsync(maxRowsPerKind, PruneMode.Delete, cancellationToken);

    /// <summary>Deletes, or with <see cref="PruneMode.Count"/> counts, at most <paramref name="maxRowsPerKind"/> rows of each kind that expired by now.</summary>
    public async Task<PruneResult> RunAsync(int maxRowsPerKind, PruneMode mode, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRowsPerKind, 1);
        DateTimeOffset now = time.GetUtcNow();
        var result = new PruneResult(
            await state.DeleteExpiredRequestsAsync(now, maxRowsPerKind, mode, cancellationToken),
            await state.DeleteExpiredCodesAsync(now, maxRowsPerKind, mode, cancellationToken),
            await state.DeleteExpiredRefreshTokensAsync(now, maxRowsPerKind, mode, cancellationToken),
            await state.DeleteExpiredAssertionIdsAsync(now, maxRowsPerKind, mode, cancellationToken),
            // ClientRegistry already treats these as gone; this removes their rows.
            await clients.DeleteUnclaimedAsync(now - clientOptions.Value.UnusedRegistrationLifetime, maxRowsPerKind, mode, cancellationToken),
            await sessions.DeleteExpiredAsync(now, maxRowsPerKind, mode, cancellationToken));
        if (mode == PruneMode.Delete)
            LogPruned(logger, result.SignInRequests, result.AuthorizationCodes, result.RefreshTokens, result.AssertionIds, result.ClientRegistrations, result.SettingsSessions);
        return result;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Pruned {Requests} sign-in requests, {Codes} codes, {RefreshTokens} refresh tokens, {AssertionIds} assertion ids, {Clients} unclaimed client registrations and {Sessions} settings sessions.")]
    private static partial void LogPruned(ILogger logger, int requests, int codes, int refreshTokens, int assertionIds, int clients, int sessions);
}
