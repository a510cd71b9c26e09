using FunctionsMcp.OAuth.Clients;
using FunctionsMcp.OAuth.Grants;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.OAuth.Tokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.OAuth.Authorization;

/// <summary>
/// <c>/token</c>. <c>authorization_code</c>: the code is single use (a second use revokes its grant, and with it every
/// token issued from it), bound to its client and redirect URI, and needs the PKCE verifier. <c>refresh_token</c>:
/// rotated on every use; the replaced token still works for <see cref="OAuthOptions.RefreshReuseGrace"/> (clients
/// refresh from two places at once), and reuse after that revokes the grant. Responses are never cached.
/// </summary>
internal static class TokenEndpoint
{
    public const string RefreshPrefix = "fmrt_";

    public static IEndpointRouteBuilder MapToken(this IEndpointRouteBuilder app)
    {
        app.MapPost(AuthorizationServerMetadata.TokenPath, TokenAsync).DisableAntiforgery();
        PublicCors.MapPreflight(app, AuthorizationServerMetadata.TokenPath);
        return app;
    }

    private static async Task<IResult> TokenAsync(
        HttpContext context, ClientRegistry clients, ClientAssertions assertions, IAuthorizationStateStore state, IGrantStore grants, AccessTokenService tokens,
        IOptions<OAuthOptions> options, IOptions<ServerOptions> server, TimeProvider time, CancellationToken cancellationToken)
    {
        PublicCors.Allow(context);
        (IFormCollection? form, OAuthClient? client, IResult? refusal) = await ClientAuthentication.ReadAsync(context, "the token request", clients, assertions, cancellationToken);
        if (form is null || client is null)
            return refusal!;
        if (form["resource"].Any(r => !ResourceIndicator.IsOurs(r, server.Value)))
            return ClientAuthentication.Error(context, "invalid_target", $"resource must be this server's MCP endpoint, {server.Value.McpResource}");

        var exchange = new Exchange(context, client, form, state, grants, tokens, options.Value, time.GetUtcNow(), cancellationToken);
        return form["grant_type"].ToString() switch
        {
            "authorization_code" => await exchange.CodeAsync(),
            "refresh_token" => await exchange.RefreshAsync(),
            "" => ClientAuthentication.Error(context, "invalid_request", "grant_type is required"),
            string other => ClientAuthentication.Error(context, "unsupported_grant_type", $"grant_type '{other}' is not supported: use authorization_code or refresh_token"),
        };
    }

    private sealed class Exchange(
        HttpContext context, OAuthClient client, IFormCollection form, IAuthorizationStateStore state, IGrantStore grants, AccessTokenService tokens,
        OAuthOptions options, DateTimeOffset now, CancellationToken cancellationToken)
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
            return grant is { IsActive: true } ? await IssueAsync(grant, code.Scopes) : Invalid("the access was revoked: start the authorization again");
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
            if (token.RotatedAt is null && !await state.MarkRotatedAsync(token, now, cancellationToken))
                token = await state.GetRefreshTokenAsync(token.Hash, cancellationToken) ?? token;
            if (token.RotatedAt is { } rotated && now - rotated > options.RefreshReuseGrace)
            {
                // A replaced token used again after the grace window: someone else may hold it. Stop the whole grant.
                await grants.RevokeAsync(grant.OrganizationId, grant.Id, "refresh token reused", now, cancellationToken);
                return Invalid("the refresh token was already used: the access was revoked to be safe; sign in again");
            }

            IReadOnlyList<string> scopes = token.Scopes;
            if (form["scope"].ToString() is { Length: > 0 } asked)
            {
                string[] wanted = asked.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(s => s != AuthorizationServerMetadata.OfflineAccess).ToArray();
                if (wanted.Except(token.Scopes, StringComparer.Ordinal).FirstOrDefault() is { } beyond)
                    return ClientAuthentication.Error(context, "invalid_scope", $"scope '{beyond}' was not granted; a refresh can only narrow the scopes");
                scopes = Scopes.Normalize(wanted);
            }

            return await IssueAsync(grant, scopes, token.Scopes);
        }

        private async Task<IResult> ReplayAsync(AuthorizationCode code)
        {
            await grants.RevokeAsync(code.OrganizationId, code.GrantId, "authorization code replayed", now, cancellationToken);
            return Invalid("the authorization code was already used: every token issued from it has been revoked");
        }

        private async Task<IResult> IssueAsync(Grant grant, IReadOnlyList<string> scopes, IReadOnlyList<string>? refreshScopes = null)
        {
            IssuedAccessToken access = await tokens.IssueAsync(grant, scopes, cancellationToken);
            (string refresh, string hash) = OpaqueSecret.Generate(RefreshPrefix);
            await state.AddRefreshTokenAsync(new RefreshToken(hash, grant.OrganizationId, grant.Id, client.Id, refreshScopes ?? scopes, now, now + options.RefreshTokenLifetime), cancellationToken);
            context.Response.Headers.CacheControl = "no-store";
            context.Response.Headers.Pragma = "no-cache";
            return Results.Json(new
            {
                access_token = access.Token,
                token_type = "Bearer",
                expires_in = (int)(access.ExpiresAt - now).TotalSeconds,
                scope = Scopes.Format(Scopes.Normalize(scopes.Intersect(grant.Scopes, StringComparer.Ordinal))),
                refresh_token = refresh,
            });
        }

        private IResult Invalid(string description) => ClientAuthentication.Error(context, "invalid_grant", description);
    }
}
