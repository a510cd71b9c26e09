namespace FunctionsMcp.OAuth.Protection;

/// <summary>The counts of one window after a request was admitted or refused.</summary>
/// <param name="Admitted">False when either limit was already reached (nothing was counted).</param>
/// <param name="CredentialCount">Requests of the credential in this window, this one included when admitted.</param>
/// <param name="OrganizationCount">Requests of the organization in this window, this one included when admitted.</param>
/// <param name="RefusedBy">"credential" or "organization" when refused.</param>
public sealed record RateLimitDecision(bool Admitted, int CredentialCount, int OrganizationCount, string? RefusedBy);

/// <summary>
/// Counts requests per credential and per organization in fixed windows, shared by every instance of the app
/// (Functions scales out), so a limit holds however many instances serve an organization.
/// </summary>
public interface IRateLimitCounter
{
    /// <summary>Counts one request in <paramref name="window"/> unless a limit is already reached.</summary>
    Task<RateLimitDecision> TryAdmitAsync(string organizationId, string credentialId, long window, int credentialLimit, int organizationLimit, CancellationToken cancellationToken);
}
