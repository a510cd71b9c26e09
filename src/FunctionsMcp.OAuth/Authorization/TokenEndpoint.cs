using FunctionsMcp.OAuth.Clients;
using FunctionsMcp.OAuth.Grants;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.OAuth.Telemetry;
using FunctionsMcp.OAuth.Tokens;
using FunctionsMcp.OAuth.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.OAuth.Authorization;

/// <summary>
/// <c>/token</c>. <c>authorization_code</c>: the code is single use (a second use revokes its grant, and with it every
/// token issued from it), bound to its client and redirect URI, and needs the PKCE verifier. <c>refresh_token</c>:
/// rotated on every use; the replaced token still works for <see cref="OAuthOptions.RefreshReuseGrace"/> (clients
/// refresh from two places at once), and reuse after that revokes the grant. A refused refresh (scope, client, anything)
/// leaves the token usable: only a successful one rotates it. Neither grant gives tokens to a disabled user or a
/// suspended organization. Responses are never cached. Each issue is counted by grant type.
/// </summary>
internal static class TokenEndpoint
{
    public const string RefreshPrefix = "fmrt_";

    /// <summary>The grant types this endpoint serves (RFC 6749 §4.1.3, §6).</summary>
    public static class GrantTypes
    {
        public const string AuthorizationCode = "authorization_code";
        public const string RefreshToken = "refresh_token";
    }

    /// <summary>POST (and the CORS preflight) of <c>/token</c>.</summary>
    public static Task<IResult> HandleAsync(HttpContext context) =>
        PublicCors.IsPreflight(context) ? PublicCors.PreflightAsync(context)
            : TokenAsync(context, context.Service<ClientRegistry>(), context.Service<ClientAssertions>(), context.Service<IAuthorizationStateStore>(),
                context.Service<IGrantStore>(), context.Service<IIdentityStore>(), context.Service<AccessTokenService>(), context.Service<IOptions<OAuthOptions>>(),
                context.Service<IOptions<ServerOptions>>(), context.Service<TimeProvider>(), context.Service<FunctionsMcpMetrics>(), context.RequestAborted);

    private static async Task<IResult> TokenAsync(
        HttpContext context, ClientRegistry clients, ClientAssertions assertions, IAuthorizationStateStore state, IGrantStore grants, IIdentityStore identities,
        AccessTokenService tokens, IOptions<OAuthOptions> options, IOptions<ServerOptions> server, TimeProvider time, FunctionsMcpMetrics metrics,
        CancellationToken cancellationToken)
    {
        PublicCors.Allow(context);
        (IFormCollection? form, OAuthClient? client, IResult? refusal) = await ClientAuthentication.ReadAsync(
            context, "the token request", FunctionsMcpMetrics.Endpoints.Token, clients, assertions, cancellationToken);
        if (form is null || client is null)
            return refusal!;
        if (form["resource"].Any(r => !ResourceIndicator.IsOurs(r, server.Value)))
            return ClientAuthentication.Error(context, "invalid_target", $"resource must be this server's MCP endpoint, {server.Value.McpResource}");

        var exchange = new Exchange(context, client, form, state, grants, identities, tokens, options.Value, time.GetUtcNow(), metrics, cancellationToken);
        return form["grant_type"].ToString() switch
        {
            GrantTypes.AuthorizationCode => await exchange.CodeAsync(),
            GrantTypes.RefreshToken => await exchange.RefreshAsync(),
            "" => ClientAuthentication.Error(context, "invalid_request", "grant_type is required"),
            string other => ClientAuthentication.Error(context, "unsupported_grant_type", $"grant_type '{other}' is not supported: use authorization_code or refresh_token"),
        };
    }

    private sealed class Exchange(
        HttpContext context, OAuthClient client, IFormCollection form, IAuthorizationStateStore state, IGrantStore grants, IIdentityStore identities,
        AccessTokenService tokens, OAuthOptions options, DateTimeOffset now, FunctionsMcpMetrics metrics, CancellationToken cancellationToken)
    {
        public async Task<IResult> CodeAsync()
        {
            AuthorizationCode? code = form["code"].ToString() is { Length: > 0 and < 200 } value ? await state.GetCodeAsync(OpaqueSecret.Hash(value), cancellationToken) : null;
            if (code is null || now >= code.ExpiresAt)
                return Invalid("the authorization code is not valid or has expired: start the authorization again");
            if (code.UsedAt is not null)
                return await ReplayAsync(code);
            if (code.ClientId != client.Id)
                return Invalid("the authorization code was issued to another client");
            if (form["redirect_uri"].ToString() is { Length: > 0 } redirect && redirect != code.RedirectUri)
                return Invalid("redirect_uri differs from the one the code was issued for");
            if (!Pkce.Matches(form["code_verifier"], code.CodeChallenge))
                return Invalid("code_verifier does not match the code_challenge (PKCE)");
            if (!await state.MarkCodeUsedAsync(code, now, cancellationToken))
                return await ReplayAsync(code);

            Grant? grant = await grants.GetAsync(code.OrganizationId, code.GrantId, cancellationToken);
            if (grant is not { IsActive: true })
                return Invalid("the access was revoked: start the authorization again");
            if (await InactiveAsync(grant) is { } inactive)
                return Invalid(inactive);
            return await IssueAsync(grant, code.Scopes, code.OfflineAccess);
        }

        public async Task<IResult> RefreshAsync()
        {
            string value = form["refresh_token"].ToString();
            RefreshToken? token = value.StartsWith(RefreshPrefix, StringComparison.Ordinal) && value.Length < 200
                ? await state.GetRefreshTokenAsync(OpaqueSecret.Hash(value), cancellationToken) : null;
            if (token is null || now >= token.ExpiresAt)
                return Invalid("the refresh token is not valid or has expired: sign in again");
            if (token.ClientId != client.Id)
                return Invalid("the refresh token was issued to another client");

            Grant? grant = await grants.GetAsync(token.OrganizationId, token.GrantId, cancellationToken);
            if (grant is not { IsActive: true })
                return Invalid("the access was revoked: sign in again");
            if (ReusedTooLate(token))
                return await RevokeForReuseAsync(grant);
            if (await InactiveAsync(grant) is { } inactive)
                return Invalid(inactive);

            IReadOnlyList<string> scopes = token.Scopes;
            bool offlineAccess = token.OfflineAccess;
            if (form["scope"].ToString() is { Length: > 0 } asked)
            {
                string[] words = asked.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                // offline_access asked for now but not at /authorize is ignored rather than refused: refresh tokens are
                // issued either way, and clients that send it on every refresh have always been served.
                offlineAccess &= words.Contains(AuthorizationServerMetadata.OfflineAccess, StringComparer.Ordinal);
                string[] wanted = words.Where(s => s != AuthorizationServerMetadata.OfflineAccess).ToArray();
                if (wanted.Except(token.Scopes, StringComparer.Ordinal).FirstOrDefault() is { } beyond)
                    return ClientAuthentication.Error(context, "invalid_scope", $"scope '{beyond}' was not granted; a refresh can only narrow the scopes");
                scopes = Scopes.Normalize(wanted);
            }

            // Only now, every check passed, is the token used up: a refused refresh leaves it as it was. The mark is a
            // compare-and-swap, so of two instances refreshing with it at once only one rotates it; the other finds it
            // rotated a moment ago, within the grace window, and is served too.
            if (token.RotatedAt is null && !await state.MarkRotatedAsync(token, now, cancellationToken)
                && ReusedTooLate(await state.GetRefreshTokenAsync(token.Hash, cancellationToken) ?? token))
                return await RevokeForReuseAsync(grant);

            return await IssueAsync(grant, scopes, offlineAccess, token);
        }

        /// <summary>A replaced token used again after the grace window: someone else may hold it.</summary>
        private bool ReusedTooLate(RefreshToken token) => token.RotatedAt is { } rotated && now - rotated > options.RefreshReuseGrace;

        private async Task<IResult> RevokeForReuseAsync(Grant grant)
        {
            // Stop the whole grant: the client and whoever took the token from it must both sign in again.
            await grants.RevokeAsync(grant.OrganizationId, grant.Id, "refresh token reused", now, cancellationToken);
            return Invalid("the refresh token was already used: the access was revoked to be safe; sign in again");
        }

        /// <summary>The same check every use of a credential makes: a disabled user or a suspended organization gets no new tokens.</summary>
        private async Task<string?> InactiveAsync(Grant grant) =>
            (await identities.GetActiveUserAsync(grant.OrganizationId, grant.UserId, cancellationToken)).Standing switch
            {
                Standing.UserDisabled => "the user who allowed this access is disabled or no longer exists: ask an administrator",
                Standing.OrganizationSuspended => "the organization of the user who allowed this access is suspended",
                _ => null,
            };

        private async Task<IResult> ReplayAsync(AuthorizationCode code)
        {
            await grants.RevokeAsync(code.OrganizationId, code.GrantId, "authorization code replayed", now, cancellationToken);
            return Invalid("the authorization code was already used: every token issued from it has been revoked");
        }

        /// <summary>
        /// Issues an access token of <paramref name="scopes"/> and a refresh token. A refresh token is issued whether or not
        /// the client asked for <c>offline_access</c>: clients such as Claude do not always ask, and without one they would
        /// send the person back through sign-in every hour. <c>scope</c> lists <c>offline_access</c> only when the client
        /// asked for it (<paramref name="offlineAccess"/>), as RFC 6749 §5.1 has it report what was granted. The refresh
        /// token that <paramref name="replaced"/> passes on its scopes and <c>offline_access</c> unnarrowed: narrowing one
        /// access token never narrows the connection.
        /// </summary>
        private async Task<IResult> IssueAsync(Grant grant, IReadOnlyList<string> scopes, bool offlineAccess, RefreshToken? replaced = null)
        {
            IssuedAccessToken access = await tokens.IssueAsync(grant, scopes, cancellationToken);
            (string refresh, string hash) = OpaqueSecret.Generate(RefreshPrefix);
            await state.AddRefreshTokenAsync(new RefreshToken(hash, grant.OrganizationId, grant.Id, client.Id, replaced?.Scopes ?? scopes, now, now + options.RefreshTokenLifetime,
                OfflineAccess: replaced?.OfflineAccess ?? offlineAccess), cancellationToken);
            context.Response.Headers.CacheControl = "no-store";
            context.Response.Headers.Pragma = "no-cache";
            metrics.TokenIssued(replaced is null ? GrantTypes.AuthorizationCode : GrantTypes.RefreshToken);
            IEnumerable<string> granted = Scopes.Normalize(scopes.Intersect(grant.Scopes, StringComparer.Ordinal));
            return Results.Json(new
            {
                access_token = access.Token,
                token_type = "Bearer",
                expires_in = (int)(access.ExpiresAt - now).TotalSeconds,
                scope = Scopes.Format(offlineAccess ? granted.Append(AuthorizationServerMetadata.OfflineAccess) : granted),
                refresh_token = refresh,
            });
        }

        private IResult Invalid(string description) => ClientAuthentication.Error(context, "invalid_grant", description);
    }
}
