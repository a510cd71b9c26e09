using Microsoft.Extensions.Options;

namespace FunctionsMcp.OAuth.Authorization.Entra;

/// <summary>
/// The Microsoft Entra ID app people sign in with (configuration section <c>Entra</c>). In Azure the app proves itself
/// with a federated credential from the app's managed identity (no secret exists); elsewhere with a client secret.
/// </summary>
public sealed class EntraOptions
{
    public const string Section = "Entra";

    /// <summary>The audience of the managed identity's token that Entra accepts as our app's credential (infra's federated identity credential).</summary>
    public const string TokenExchangeAudience = "api://AzureADTokenExchange";

    /// <summary><c>Entra:Instance</c>: the sign-in host (default <c>https://login.microsoftonline.com/</c>).</summary>
    public string Instance { get; set; } = "https://login.microsoftonline.com/";

    /// <summary><c>Entra:TenantId</c>: the app registration's tenant id, or <c>organizations</c> for a multi-tenant app (default).</summary>
    public string TenantId { get; set; } = "organizations";

    /// <summary><c>Entra:ClientId</c>: the app registration's application (client) id. Empty: Entra sign-in is not set up.</summary>
    public string? ClientId { get; set; }

    /// <summary><c>Entra:ClientSecret</c>: the app registration's secret, where no managed identity is available (a Key Vault reference in Azure).</summary>
    public string? ClientSecret { get; set; }

    /// <summary><c>Entra:ManagedIdentityClientId</c>: the user-assigned managed identity whose token is the app's federated credential (Azure).</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>
    /// <c>Entra:AllowedTenants</c>: the tenant ids whose people may sign in (app settings <c>Entra__AllowedTenants__0</c>, …). A tenant id
    /// in <c>Entra:TenantId</c> is always allowed. Each allowed tenant is its own organization, created at its first sign-in.
    /// </summary>
    public string[] AllowedTenants { get; set; } = [];

    /// <summary>The authority MSAL uses: the instance and tenant, with a trailing slash.</summary>
    public string Authority => Instance.TrimEnd('/') + "/" + TenantId + "/";

    /// <summary>Every tenant allowed to sign in.</summary>
    public IReadOnlySet<string> Tenants =>
        new HashSet<string>(AllowedTenants.Concat(Guid.TryParse(TenantId, out _) ? [TenantId] : []).Select(t => t.ToLowerInvariant()), StringComparer.Ordinal);

    /// <summary>Why Entra sign-in cannot work with these settings, or null when it can.</summary>
    public string? Problem =>
        string.IsNullOrWhiteSpace(ClientId) ? "Entra:ClientId is not set"
        : string.IsNullOrWhiteSpace(ClientSecret) && string.IsNullOrWhiteSpace(ManagedIdentityClientId) ? "neither Entra:ManagedIdentityClientId nor Entra:ClientSecret is set"
        : Tenants.Count == 0 ? "no tenant may sign in: set Entra:TenantId to your tenant id, or list tenants in Entra:AllowedTenants"
        : null;
}

internal sealed class EntraOptionsValidator : IValidateOptions<EntraOptions>
{
    public ValidateOptionsResult Validate(string? name, EntraOptions options)
    {
        var failures = new List<string>();
        if (!Uri.TryCreate(options.Instance, UriKind.Absolute, out Uri? instance) || instance.Scheme != Uri.UriSchemeHttps)
            failures.Add($"Entra:Instance '{options.Instance}' is not an https URL (it is normally https://login.microsoftonline.com/).");
        if (string.IsNullOrWhiteSpace(options.TenantId) || !options.TenantId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.'))
            failures.Add($"Entra:TenantId '{options.TenantId}' is not a tenant id, domain or 'organizations'.");
        foreach (string tenant in options.AllowedTenants.Where(t => !Guid.TryParse(t, out _)))
            failures.Add($"Entra:AllowedTenants entry '{tenant}' is not a tenant id (a GUID).");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
