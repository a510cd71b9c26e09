using Microsoft.Extensions.Options;

namespace FunctionsMcp.OAuth.Tokens;

/// <summary>The authorization server's lifetimes and where its signing keys live (configuration section <c>OAuth</c>).</summary>
public sealed class OAuthOptions
{
    public const string Section = "OAuth";

    /// <summary><c>OAuth:AccessTokenLifetime</c>: how long an access token is good for (default 01:00:00; 5 minutes to 24 hours).</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary><c>OAuth:RefreshTokenLifetime</c>: how long a refresh token is good for if unused (default 30.00:00:00).</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// <c>OAuth:RefreshReuseGrace</c>: how long the refresh token just replaced still works (default 00:01:00), for
    /// clients that refresh from two places at once. Reuse after it revokes the whole grant.
    /// </summary>
    public TimeSpan RefreshReuseGrace { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary><c>OAuth:SigningKeyFile</c>: where the token-signing keys are kept when Key Vault is not configured (development; default <c>.oauth/signing-keys.json</c> under the app's content root).</summary>
    public string SigningKeyFile { get; set; } = ".oauth/signing-keys.json";

    /// <summary><c>OAuth:SigningKeySecretName</c>: the Key Vault secret holding the signing keys (default <c>oauth-signing-keys</c>).</summary>
    public string SigningKeySecretName { get; set; } = "oauth-signing-keys";
}

internal sealed class OAuthOptionsValidator : IValidateOptions<OAuthOptions>
{
    public ValidateOptionsResult Validate(string? name, OAuthOptions options)
    {
        var failures = new List<string>();
        if (options.AccessTokenLifetime < TimeSpan.FromMinutes(5) || options.AccessTokenLifetime > TimeSpan.FromHours(24))
            failures.Add($"OAuth:AccessTokenLifetime {options.AccessTokenLifetime} must be between 00:05:00 and 1.00:00:00.");
        if (options.RefreshTokenLifetime < TimeSpan.FromHours(1) || options.RefreshTokenLifetime > TimeSpan.FromDays(365))
            failures.Add($"OAuth:RefreshTokenLifetime {options.RefreshTokenLifetime} must be between 01:00:00 and 365.00:00:00.");
        if (options.RefreshReuseGrace < TimeSpan.Zero || options.RefreshReuseGrace > TimeSpan.FromMinutes(10))
            failures.Add($"OAuth:RefreshReuseGrace {options.RefreshReuseGrace} must be between 00:00:00 and 00:10:00.");
        if (string.IsNullOrWhiteSpace(options.SigningKeyFile))
            failures.Add("OAuth:SigningKeyFile must not be empty.");
        if (string.IsNullOrWhiteSpace(options.SigningKeySecretName) || !options.SigningKeySecretName.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            failures.Add($"OAuth:SigningKeySecretName '{options.SigningKeySecretName}' must be letters, digits and dashes (a Key Vault secret name).");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>The Key Vault that holds the app's secrets (configuration section <c>KeyVault</c>); unset locally.</summary>
public sealed class KeyVaultOptions
{
    public const string Section = "KeyVault";

    /// <summary><c>KeyVault:Uri</c>: e.g. <c>https://kv-abc.vault.azure.net/</c>. Empty: signing keys come from <c>OAuth:SigningKeyFile</c>.</summary>
    public string? Uri { get; set; }

    /// <summary><c>KeyVault:ManagedIdentityClientId</c>: the user-assigned identity to reach Key Vault with; empty tries <c>DefaultAzureCredential</c>.</summary>
    public string? ManagedIdentityClientId { get; set; }
}

internal sealed class KeyVaultOptionsValidator : IValidateOptions<KeyVaultOptions>
{
    public ValidateOptionsResult Validate(string? name, KeyVaultOptions options) =>
        string.IsNullOrWhiteSpace(options.Uri) || (System.Uri.TryCreate(options.Uri, UriKind.Absolute, out Uri? uri) && uri.Scheme == System.Uri.UriSchemeHttps)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"KeyVault:Uri '{options.Uri}' is not an https URL: use the vault's URI, such as https://<vault>.vault.azure.net/.");
}
