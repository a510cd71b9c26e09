using FunctionsMcp.OAuth.Clients;
using FunctionsMcp.OAuth.Grants;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.OAuth.Tokens;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.OAuth.Authorization;

/// <summary>
/// The steps of an authorization that sign-in and consent share: finding the pending request (only in its own browser,
/// only before it expires), and finishing it with a grant, a consent record and a single-use code sent to the client's
/// redirect URI with <c>state</c> and <c>iss</c>.
/// </summary>
public sealed class AuthorizationFlow(
    IAuthorizationStateStore state,
    IGrantStore grants,
    ClientRegistry clients,
    IOptions<ServerOptions> server,
    TimeProvider time)
{
    public static readonly TimeSpan RequestLifetime = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(2);

    /// <summary>The pending authorization named by <paramref name="requestId"/>, or the sentence to show instead.</summary>
    public async Task<(PendingAuthorization? Request, string? Problem)> FindAsync(HttpContext context, string? requestId, CancellationToken cancellationToken)
    {
        PendingAuthorization? request = string.IsNullOrEmpty(requestId) || requestId.Length > 200 ? null
            : await state.GetRequestAsync(OpaqueSecret.Hash(requestId), cancellationToken);
        if (request is null || time.GetUtcNow() >= request.ExpiresAt)
            return (null, "This sign-in link has expired or was already used.");
        if (!BrowserBinding.IsSameBrowser(context, request.BrowserHash))
            return (null, "This sign-in was started in another browser. Start again from your app in this browser.");
        return (request, null);
    }

    /// <summary>
    /// Ends the request with a grant of <paramref name="scopes"/>: records the grant and the consent, issues the code
    /// and returns the redirect to the client. Null when the request was finished meanwhile (a double submit).
    /// </summary>
    public async Task<string?> CompleteAsync(PendingAuthorization request, OAuthClient client, IReadOnlyList<string> scopes, Consent? previous, CancellationToken cancellationToken)
    {
        if (!await state.DeleteRequestAsync(request, cancellationToken))
            return null;
        DateTimeOffset now = time.GetUtcNow();
        var grant = new Grant(RecordId(Grant.IdPrefix), request.OrganizationId!, request.UserId!, client.Id, scopes, now, ClientName: client.Name);
        await grants.AddAsync(grant, cancellationToken);
        await state.SaveConsentAsync(new Consent(grant.OrganizationId, grant.UserId, client.Id,
            Scopes.Normalize([.. previous?.Scopes ?? [], .. scopes]),
            [.. (previous?.RedirectUris ?? []).Append(request.RedirectUri).Distinct(StringComparer.Ordinal)], now), cancellationToken);
        await clients.TouchAsync(client, cancellationToken);

        (string code, string hash) = OpaqueSecret.Generate("fmac_");
        await state.AddCodeAsync(new AuthorizationCode(hash, grant.OrganizationId, grant.UserId, grant.Id, client.Id, request.RedirectUri,
            request.CodeChallenge, scopes, now + CodeLifetime, OfflineAccess: request.OfflineAccess), cancellationToken);
        return Redirect(request.RedirectUri, request.State, ("code", code));
    }

    /// <summary>Ends the request with an error sent to the client (after its redirect URI is trusted).</summary>
    public async Task<string> RefuseAsync(PendingAuthorization request, string error, string description, CancellationToken cancellationToken)
    {
        await state.DeleteRequestAsync(request, cancellationToken);
        return Redirect(request.RedirectUri, request.State, ("error", error), ("error_description", description));
    }

    /// <summary>The client's redirect URI with the response parameters, <c>state</c> and <c>iss</c> (RFC 9207) added.</summary>
    public string Redirect(string redirectUri, string? stateValue, params (string Name, string Value)[] parameters)
    {
        var query = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach ((string name, string value) in parameters)
            query[name] = value;
        if (stateValue is not null)
            query["state"] = stateValue;
        query["iss"] = server.Value.Issuer;
        return QueryHelpers.AddQueryString(redirectUri, query);
    }

    private static string RecordId(string prefix) => $"{prefix}_{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(10))}";
}
