using FunctionsMcp.OAuth.Authorization.Entra;
using FunctionsMcp.OAuth.Tokens;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.OAuth.Authorization;

/// <summary><c>/healthz</c> "signing-keys": the token-signing keys can be read (or, the first time, created).</summary>
internal sealed class SigningKeysHealthCheck(SigningKeys keys, IOptions<KeyVaultOptions> vault) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            SigningKey key = await keys.CurrentAsync(cancellationToken);
            return HealthCheckResult.Healthy($"Signing key {key.Id} is current.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            string fix = string.IsNullOrWhiteSpace(vault.Value.Uri)
                ? "Check that OAuth:SigningKeyFile can be written by the app."
                : "Check KeyVault:Uri, and that the app's identity may read and write secrets in that vault (Key Vault Secrets Officer).";
            return HealthCheckResult.Unhealthy($"The token-signing keys could not be read or created ({ex.GetType().Name}). {fix}");
        }
    }
}

/// <summary><c>/healthz</c> "sign-in": Entra sign-in has what it needs (the development sign-in always does).</summary>
internal sealed class SignInHealthCheck(IOptions<SignInOptions> signIn, IOptions<EntraOptions> entra) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(signIn.Value.Mode == SignInMode.Development ? HealthCheckResult.Healthy("Development sign-in (local run).")
            : entra.Value.Problem is { } problem ? HealthCheckResult.Degraded($"Nobody can sign in with Microsoft Entra ID: {problem}.")
            : HealthCheckResult.Healthy($"Microsoft Entra ID sign-in for {entra.Value.Tenants.Count} tenant(s)."));
}
