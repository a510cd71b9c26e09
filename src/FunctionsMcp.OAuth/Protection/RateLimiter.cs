using System.Collections.Concurrent;
using FunctionsMcp.OAuth.Identity;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.OAuth.Protection;

/// <summary>The limits in force for a request and what the counter decided.</summary>
public sealed record RateLimitResult(bool Admitted, string? RefusedBy, int CredentialLimit, int CredentialRemaining, int OrganizationLimit, int OrganizationRemaining, TimeSpan ResetAfter);

/// <summary>
/// Applies the configured limits, with per-organization overrides, in one-minute windows. The window's counts live in
/// the shared counters (<see cref="IRateLimitCounter"/>), but a request does not go to storage: this instance claims a
/// block of requests (1/50 of a limit, at least one) for an organization and credential from both counters at once, then
/// admits from it locally, claiming the next block in the background when it runs low. The counters never let more than
/// the limit be claimed, so instances together never admit more than the limit; what they may admit less is the blocks
/// they hold unused, at most 1.25 blocks (2.5% of a limit) per instance, handed back when the app stops
/// (<see cref="HandBackAsync"/>). Limits under 100 have blocks of one request, and blocks under four are never claimed
/// ahead of need, so small limits hold exactly.
/// Once a counter has nothing left, requests are refused here with no storage call, and the counter is asked again at
/// most every <see cref="Recheck"/> (another instance may have handed requests back).
/// </summary>
public sealed class RateLimiter(IRateLimitCounter counter, IOptions<RateLimitOptions> options, TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>How often, at most, an instance asks a counter that had nothing left whether it has some again.</summary>
    public static readonly TimeSpan Recheck = TimeSpan.FromSeconds(1);

    /// <summary>A block is this fraction of a limit: small enough that unused blocks cost little, large enough to amortize a claim.</summary>
    private const int BlocksPerLimit = 50;

    /// <summary>Blocks smaller than this are claimed only when needed: a claim ahead of need could go unused and cost exactness.</summary>
    private const int SmallestBlockClaimedAhead = 4;

    private readonly ConcurrentDictionary<string, RateLimitAllowance> _organizations = new(StringComparer.Ordinal);

    public bool Enabled => options.Value.Enabled;

    public async Task<RateLimitResult> CheckAsync(McpPrincipal principal, CancellationToken cancellationToken)
    {
        RateLimitOptions settings = options.Value;
        int perCredential = principal.RequestsPerMinutePerCredential ?? settings.RequestsPerMinutePerCredential;
        int perOrganization = principal.RequestsPerMinute ?? settings.RequestsPerMinutePerOrganization;

        var request = new Request(principal.OrganizationId, principal.CredentialId, perCredential, perOrganization);
        RateLimitAllowance allowance = _organizations.GetOrAdd(principal.OrganizationId, _ => new RateLimitAllowance());
        while (true)
        {
            (RateLimitResult? result, Task? claim) = Decide(allowance, request);
            if (result is not null)
                return result;
            // Every request that finds nothing left waits on the one claim in flight, then decides again.
            await claim!.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Gives back to the shared counters what this instance claimed in the current window and has not used, so other
    /// instances can claim it (the app is stopping). Every organization is tried; failures are thrown together at the end.
    /// </summary>
    public async Task HandBackAsync(CancellationToken cancellationToken)
    {
        List<Exception>? failures = null;
        foreach ((string organizationId, RateLimitAllowance allowance) in _organizations)
        {
            Task? inFlight;
            lock (allowance.Lock)
                inFlight = allowance.Claim;
            if (inFlight is not null)
                await inFlight.ContinueWith(static _ => { }, cancellationToken, TaskContinuationOptions.None, TaskScheduler.Default);

            (long window, int unusedByOrganization, Dictionary<string, int> unusedByCredential) = TakeUnused(allowance);
            if (window != WindowOf(time.GetUtcNow()) || (unusedByOrganization == 0 && unusedByCredential.Count == 0))
                continue;
            try
            {
                await counter.ReturnAsync(organizationId, window, unusedByOrganization, unusedByCredential, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                (failures ??= []).Add(ex);
            }
        }

        if (failures is not null)
            throw new AggregateException("Unused rate-limit blocks could not be handed back.", failures);
    }

    private static (long, int, Dictionary<string, int>) TakeUnused(RateLimitAllowance allowance)
    {
        lock (allowance.Lock)
            return allowance.TakeUnused();
    }

    private readonly record struct Request(string OrganizationId, string CredentialId, int PerCredential, int PerOrganization);

    /// <summary>Admits or refuses from what this instance holds, or returns the claim to wait for.</summary>
    private (RateLimitResult?, Task?) Decide(RateLimitAllowance allowance, Request request)
    {
        lock (allowance.Lock)
        {
            DateTimeOffset now = time.GetUtcNow();
            allowance.Enter(WindowOf(now));
            long window = allowance.Window;
            RateLimitShare credential = allowance.Credential(request.CredentialId);
            RateLimitShare organization = allowance.Organization;
            TimeSpan resetAfter = DateTimeOffset.FromUnixTimeSeconds((window + 1) * (long)Window.TotalSeconds) - now;
            RateLimitResult Result(bool admitted, string? refusedBy) => new(
                admitted, refusedBy,
                request.PerCredential, credential.Remaining(request.PerCredential),
                request.PerOrganization, organization.Remaining(request.PerOrganization),
                resetAfter);

            if (credential.Units > 0 && organization.Units > 0)
            {
                credential.Units--;
                organization.Units--;
                if (allowance.Claim is null && Wanted(credential, organization, request, now, needed: false) is { } ahead)
                    allowance.Claim = StartClaim(allowance, request, window, ahead);
                return (Result(true, null), null);
            }

            // A counter that had nothing left a moment ago is not asked again yet: the refusal costs no storage call.
            string? refusedBy = credential.Units == 0 && credential.ExhaustedSince(now, Recheck) ? RateLimitScope.Credential
                : organization.Units == 0 && organization.ExhaustedSince(now, Recheck) ? RateLimitScope.Organization
                : null;
            if (refusedBy is not null)
                return (Result(false, refusedBy), null);

            allowance.Claim ??= StartClaim(allowance, request, window, Wanted(credential, organization, request, now, needed: true)!.Value);
            return (null, allowance.Claim);
        }
    }

    /// <summary>
    /// What to claim: a block of each counter this instance has none of (when a request needs it), and of each running
    /// low (a quarter of a block or less) unless that counter just had nothing left.
    /// </summary>
    private static RateLimitClaim? Wanted(RateLimitShare credential, RateLimitShare organization, Request request, DateTimeOffset now, bool needed)
    {
        var wanted = new RateLimitClaim(Want(credential, request.PerCredential, now, needed), Want(organization, request.PerOrganization, now, needed));
        return wanted.Credential > 0 || wanted.Organization > 0 ? wanted : null;
    }

    private static int Want(RateLimitShare share, int limit, DateTimeOffset now, bool needed)
    {
        int block = Math.Max(1, limit / BlocksPerLimit);
        if (needed && share.Units == 0)
            return block;
        bool low = block >= SmallestBlockClaimedAhead && share.Units <= block / 4;
        return low && !share.ExhaustedSince(now, Recheck) ? block : 0;
    }

    private Task StartClaim(RateLimitAllowance allowance, Request request, long window, RateLimitClaim wanted)
    {
        // Run outside the caller's lock (the claim takes it to apply its grant), and with no request's cancellation:
        // every request waiting on it shares it.
        Task claim = Task.Run(async () =>
        {
            try
            {
                RateLimitGrant grant = await counter.ClaimAsync(
                    request.OrganizationId, request.CredentialId, window, wanted, request.PerCredential, request.PerOrganization, CancellationToken.None);
                lock (allowance.Lock)
                    allowance.Apply(window, request.CredentialId, grant, time.GetUtcNow());
            }
            finally
            {
                lock (allowance.Lock)
                    allowance.Claim = null;
            }
        });
        // A claim ahead of need may fail with nobody waiting: observed here, and the next request that needs a claim makes its own.
        _ = claim.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return claim;
    }

    private static long WindowOf(DateTimeOffset now) => now.ToUnixTimeSeconds() / (long)Window.TotalSeconds;
}
