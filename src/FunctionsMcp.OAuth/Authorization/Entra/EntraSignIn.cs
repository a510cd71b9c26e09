using System.Security.Cryptography;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.OAuth.Tokens;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;
using Microsoft.Identity.Web;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FunctionsMcp.OAuth.Authorization.Entra;

/// <summary>
/// Sign-in with Microsoft Entra ID for a pending authorization: the person is sent to Entra with its own PKCE challenge,
/// nonce and state (none of the MCP client's parameters, resource or scopes ever go to Entra); the code that comes back is
/// redeemed through MSAL's confidential client at our own callback (no authentication middleware can run in the Functions
/// worker), proving the app with a secret or, in Azure, with the managed identity's federated assertion
/// (<see cref="ClientAssertionProviderBase"/>); the ID token is checked by <see cref="EntraIdTokenValidator"/>. The person's
/// organization is the one linked to their tenant (made at the tenant's first sign-in) and their role comes from the app
/// roles Entra gives them.
/// </summary>
internal sealed class EntraSignIn(
    IOptions<EntraOptions> options, IOptions<ServerOptions> server, EntraHttp http, ClientAssertionProviderBase assertion,
    EntraIdTokenValidator validator, IIdentityStore identities, ILogger<EntraSignIn> logger)
{
    public const string CallbackPath = "/signin/callback";
    private const string Disabled = "Your account is disabled on this server.";
    private static readonly string[] s_scopes = ["openid", "profile", "email"];

    private EntraOptions Entra => options.Value;

    private string RedirectUri => server.Value.Issuer + CallbackPath;

    /// <summary>Where to send the person, with what to remember until they come back (the PKCE verifier and nonce).</summary>
    public (string Url, string Verifier, string Nonce) Start(string requestId)
    {
        string verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        string nonce = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));
        string url = QueryHelpers.AddQueryString(Entra.Authority + "oauth2/v2.0/authorize", new Dictionary<string, string?>
        {
            ["client_id"] = Entra.ClientId,
            ["response_type"] = "code",
            ["response_mode"] = "query",
            ["redirect_uri"] = RedirectUri,
            ["scope"] = string.Join(' ', s_scopes),
            ["state"] = requestId,
            ["nonce"] = nonce,
            ["code_challenge"] = Pkce.Challenge(verifier),
            ["code_challenge_method"] = "S256",
            ["prompt"] = "select_account",
        });
        return (url, verifier, nonce);
    }

    /// <summary>Redeems Entra's code and returns the signed-in user (created or updated from the ID token), or why not.</summary>
    public async Task<(User? User, string? Problem)> CompleteAsync(string code, string verifier, string nonce, CancellationToken cancellationToken)
    {
        string idToken;
        try
        {
            AuthenticationResult result = await Application().AcquireTokenByAuthorizationCode(s_scopes, code)
                .WithPkceCodeVerifier(verifier)
                .ExecuteAsync(cancellationToken);
            idToken = result.IdToken ?? throw new MsalServiceException("no_id_token", "Entra returned no ID token.");
        }
        catch (MsalException ex)
        {
            Log.EntraCodeNotRedeemed(logger, ex.ErrorCode);
            return (null, $"Microsoft Entra ID did not complete the sign-in ({ex.ErrorCode}). Try again.");
        }

        IdTokenCheck check = await validator.ValidateAsync(idToken, nonce, cancellationToken);
        return check.Token is null ? (null, check.Problem) : await UserAsync(check.Token, cancellationToken);
    }

    private async Task<(User? User, string? Problem)> UserAsync(JsonWebToken token, CancellationToken cancellationToken)
    {
        string tenant = token.GetPayloadValue<string>("tid").ToLowerInvariant();
        if (!token.TryGetPayloadValue("oid", out string objectId) || string.IsNullOrWhiteSpace(objectId))
            return (null, "Microsoft Entra ID did not say who you are (no object id).");
        string[] roles = token.TryGetPayloadValue("roles", out string[] given) ? given : [];
        Role? role = roles.Contains(nameof(Role.Admin)) ? Role.Admin
            : roles.Contains(nameof(Role.Coordinator)) ? Role.Coordinator
            : roles.Contains(nameof(Role.SupportWorker)) ? Role.SupportWorker
            : null;
        if (role is null)
            return (null, "You have no role in FunctionsMcp. Ask your administrator to assign you Admin, Coordinator or SupportWorker in Microsoft Entra ID.");

        Organization? linked = (await identities.ListOrganizationsAsync(cancellationToken))
            .FirstOrDefault(o => string.Equals(o.EntraTenantId, tenant, StringComparison.OrdinalIgnoreCase));
        if (linked?.Suspended == true)
            return (null, "Your organization is suspended on this server.");
        // Only a new organization is written: rewriting one read moments ago would undo an administrator's suspension or
        // limits made in between.
        Organization organization = linked ?? new Organization(tenant, $"Microsoft Entra tenant {tenant}", EntraTenantId: tenant);
        if (linked is null)
            await identities.SaveOrganizationAsync(organization, cancellationToken);

        User? existing = await identities.GetUserAsync(organization.Id, objectId, cancellationToken);
        if (existing?.Disabled == true)
            return (null, Disabled);
        string name = token.TryGetPayloadValue("name", out string display) ? display : existing?.DisplayName ?? objectId;
        string email = token.TryGetPayloadValue("preferred_username", out string username) ? username : existing?.Email ?? string.Empty;
        if (existing is null)
        {
            var user = new User(organization.Id, objectId, name, email, role.Value);
            await identities.SaveUserAsync(user, cancellationToken);
            return (user, null);
        }

        // Entra's name, email and app role replace ours at every sign-in; whether the user is disabled stays as stored at
        // the moment of writing, so an administrator disabling them while they sign in is not undone.
        Updated<User>? updated = await identities.UpdateUserAsync(
            organization.Id, objectId, u => u with { DisplayName = name, Email = email, Role = role.Value }, cancellationToken);
        return updated is { After.Disabled: false } ? (updated.After, null) : (null, Disabled);
    }

    private IConfidentialClientApplication Application()
    {
        ConfidentialClientApplicationBuilder builder = ConfidentialClientApplicationBuilder.Create(Entra.ClientId)
            .WithAuthority(Entra.Authority, validateAuthority: false)
            .WithInstanceDiscovery(false)
            .WithRedirectUri(RedirectUri)
            .WithHttpClientFactory(http);
        if (!string.IsNullOrWhiteSpace(Entra.ManagedIdentityClientId))
            return builder.WithClientAssertion((AssertionRequestOptions request) => assertion.GetSignedAssertionAsync(request)).Build();

        return builder.WithClientSecret(Entra.ClientSecret).Build();
    }
}
