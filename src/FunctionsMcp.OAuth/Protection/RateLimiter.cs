using FunctionsMcp.OAuth.Identity;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.OAuth.Protection;

/// <summary>The limits in force for a request and what the counter decided.</summary>
public sealed record RateLimitResult(bool Admitted, string? RefusedBy, int CredentialLimit, int CredentialRemaining, int OrganizationLimit, int OrganizationRemaining, TimeSpan ResetAfter);

/// <summary>Applies the configured limits, with per-organization overrides, in one-minute windows.</summary>
public sealed class RateLimiter(IRateLimitCounter counter, IOptions<RateLimitOptions> options, TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public bool Enabled => options.Value.Enabled;

    public async Task<RateLimitResult> CheckAsync(McpPrincipal principal, CancellationToken cancellationToken)
    {
        RateLimitOptions settings = options.Value;
        int perCredential = principal.RequestsPerMinutePerCredential ?? settings.RequestsPerMinutePerCredential;
        int perOrganization = principal.RequestsPerMinute ?? settings.RequestsPerMinutePerOrganization;

        DateTimeOffset now = time.GetUtcNow();
        long window = now.ToUnixTimeSeconds() / (long)Window.TotalSeconds;
        TimeSpan resetAfter = DateTimeOffset.FromUnixTimeSeconds((window + 1) * (long)Window.TotalSeconds) - now;

        RateLimitDecision decision = await counter.TryAdmitAsync(principal.OrganizationId, principal.CredentialId, window, perCredential, perOrganization, cancellationToken);
        return new RateLimitResult(
            decision.Admitted, decision.RefusedBy,
            perCredential, Math.Max(0, perCredential - decision.CredentialCount),
            perOrganization, Math.Max(0, perOrganization - decision.OrganizationCount),
            resetAfter);
    }
}
