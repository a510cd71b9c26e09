namespace FunctionsMcp.OAuth.Protection;

/// <summary>How many requests an instance asks to claim from each shared counter of one window.</summary>
/// <param name="Credential">From the credential's counter; 0 when the instance still holds enough of it.</param>
/// <param name="Organization">From the organization's counter; 0 when the instance still holds enough of it.</param>
public readonly record struct RateLimitClaim(int Credential, int Organization);

/// <summary>What the shared counters of one window granted, and their counts as the instance last saw them.</summary>
/// <param name="Credential">Requests granted from the credential's counter (at most what was asked, never past the limit).</param>
/// <param name="Organization">Requests granted from the organization's counter.</param>
/// <param name="CredentialCount">Requests every instance has claimed for the credential in this window, this claim included.</param>
/// <param name="OrganizationCount">Requests every instance has claimed for the organization in this window, this claim included.</param>
/// <param name="RefusedBy">"credential" or "organization" when a counter asked from had nothing left; then nothing was claimed.</param>
public sealed record RateLimitGrant(int Credential, int Organization, int CredentialCount, int OrganizationCount, string? RefusedBy);

/// <summary>
/// Counts requests per credential and per organization in fixed windows, shared by every instance of the app
/// (Functions scales out), so a limit holds however many instances serve an organization. Instances claim blocks
/// of requests from it and admit from them locally (<see cref="RateLimiter"/>): the counters hold what has been
/// claimed, which is never more than the limit.
/// </summary>
public interface IRateLimitCounter
{
    /// <summary>
    /// Adds what is granted of <paramref name="wanted"/> to both counters of <paramref name="window"/> at once, each capped
    /// at its limit. When a counter asked from has nothing left, nothing is added and the grant says which refused.
    /// </summary>
    Task<RateLimitGrant> ClaimAsync(string organizationId, string credentialId, long window, RateLimitClaim wanted, int credentialLimit, int organizationLimit, CancellationToken cancellationToken);

    /// <summary>
    /// Hands back requests claimed in <paramref name="window"/> and not used (an instance stopping), so other instances
    /// can claim them. Counters already in a later window are left alone.
    /// </summary>
    Task ReturnAsync(string organizationId, long window, int organization, IReadOnlyDictionary<string, int> credentials, CancellationToken cancellationToken);
}
