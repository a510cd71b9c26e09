using FunctionsMcp.OAuth.Clients;
using FunctionsMcp.OAuth.Grants;
using FunctionsMcp.OAuth.Tokens;
using FunctionsMcp.OAuth.Http;
using FunctionsMcp.OAuth.Telemetry;
using Microsoft.AspNetCore.Http;

namespace FunctionsMcp.OAuth.Authorization;

/// <summary>
/// <c>/revoke</c> (RFC 7009): a client revokes one of its own refresh or access tokens, which revokes the grant behind
/// it, so every token of that connection stops at once. The answer is 200 whether or not the token was known.
/// </summary>
internal static class RevocationEndpoint
{
    /// <summary>POST (and the CORS preflight) of <c>/revoke</c>.</summary>
    public static Task<IResult> HandleAsync(HttpContext context) =>
        PublicCors.IsPreflight(context) ? PublicCors.PreflightAsync(context)
            : RevokeAsync(context, context.Service<ClientRegistry>(), context.Service<ClientAssertions>(), context.Service<IAuthorizationStateStore>(),
                context.Service<IGrantStore>(), context.Service<AccessTokenService>(), context.Service<TimeProvider>(), context.RequestAborted);

    private static async Task<IResult> RevokeAsync(
        HttpContext context, ClientRegistry clients, ClientAssertions assertions, IAuthorizationStateStore state, IGrantStore grants, AccessTokenService tokens, TimeProvider time, CancellationToken cancellationToken)
    {
        PublicCors.Allow(context);
        (IFormCollection? form, OAuthClient? client, IResult? refusal) = await ClientAuthentication.ReadAsync(context, "the revocation", FunctionsMcpMetrics.Endpoints.Revoke, clients, assertions, cancellationToken);
        if (form is null || client is null)
            return refusal!;
        string token = form["token"].ToString();
        if (token.Length is 0 or > 8192)
            return ClientAuthentication.Error(context, "invalid_request", "token is required");

        (string OrganizationId, string GrantId, string ClientId)? owner = null;
        if (token.StartsWith(TokenEndpoint.RefreshPrefix, StringComparison.Ordinal))
        {
            if (await state.GetRefreshTokenAsync(OpaqueSecret.Hash(token), cancellationToken) is { } refresh)
                owner = (refresh.OrganizationId, refresh.GrantId, refresh.ClientId);
        }
        else
        {
            owner = await tokens.ReadGrantAsync(token, cancellationToken);
        }

        // A token of another client is left alone, and the answer does not say so (RFC 7009 §2.1).
        if (owner is { } found && found.ClientId == client.Id)
            await grants.RevokeAsync(found.OrganizationId, found.GrantId, "revoked by the client", time.GetUtcNow(), cancellationToken);
        context.Response.Headers.CacheControl = "no-store";
        return Results.Ok();
    }
}
