using System.Net.Http.Headers;
using System.Text;
using FunctionsMcp.OAuth.Clients;
using FunctionsMcp.OAuth.Http;
using FunctionsMcp.OAuth.Telemetry;
using FunctionsMcp.OAuth.Tokens;
using Microsoft.AspNetCore.Http;

namespace FunctionsMcp.OAuth.Authorization;

/// <summary>
/// Who is calling the token or revocation endpoint: a public client names itself (<c>client_id</c>); a confidential
/// client proves itself with its secret, in a Basic header (<c>client_secret_basic</c>) or the form
/// (<c>client_secret_post</c>); a client with keys sends a signed JWT (<c>private_key_jwt</c>, RFC 7523 §2.2:
/// <c>client_assertion_type</c> and <c>client_assertion</c>, checked by <see cref="ClientAssertions"/>). A client uses
/// one method only (RFC 6749 §2.3). An unknown client, or missing or wrong proof, is <c>invalid_client</c> (401), which
/// makes clients register again.
/// </summary>
internal static class ClientAuthentication
{
    public const int MaxFormBytes = 16 * 1024;

    /// <summary>
    /// Reads the form of a token or revocation request (<paramref name="what"/> names it in the error) and authenticates
    /// its client: the form and client, or the answer to send instead. A client refused is counted as a 401 of
    /// <paramref name="endpoint"/> (a <see cref="FunctionsMcpMetrics.Endpoints"/> value).
    /// </summary>
    public static async Task<(IFormCollection? Form, OAuthClient? Client, IResult? Refusal)> ReadAsync(
        HttpContext context, string what, string endpoint, ClientRegistry clients, ClientAssertions assertions, CancellationToken cancellationToken)
    {
        if (!context.Request.HasFormContentType || context.Request.ContentLength > MaxFormBytes)
            return (null, null, Error(context, "invalid_request", $"send {what} as a form (application/x-www-form-urlencoded) of at most 16 KiB"));
        IFormCollection form = await context.Request.ReadFormAsync(cancellationToken);
        (OAuthClient? client, IResult? refusal) = await AuthenticateAsync(context, form, clients, assertions, cancellationToken);
        if (refusal is not null)
            context.Service<FunctionsMcpMetrics>().Refused(StatusCodes.Status401Unauthorized, FunctionsMcpMetrics.Refusals.InvalidClient, endpoint);
        return (form, client, refusal);
    }

    private static async Task<(OAuthClient? Client, IResult? Refusal)> AuthenticateAsync(
        HttpContext context, IFormCollection form, ClientRegistry clients, ClientAssertions assertions, CancellationToken cancellationToken)
    {
        string? clientId = form["client_id"].ToString() is { Length: > 0 } id ? id : null;
        string? secret = form["client_secret"].ToString() is { Length: > 0 } posted ? posted : null;
        string? assertionType = form["client_assertion_type"].ToString() is { Length: > 0 } type ? type : null;
        string? assertion = form["client_assertion"].ToString() is { Length: > 0 } signed ? signed : null;
        bool basic = false;
        if (AuthenticationHeaderValue.TryParse(context.Request.Headers.Authorization, out AuthenticationHeaderValue? header)
            && string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) && header.Parameter is { } encoded)
        {
            string[]? pair = Decode(encoded);
            if (pair is null || (clientId is not null && clientId != pair[0]))
                return (null, Refuse(basic: true, "the Basic credentials are malformed or name another client"));
            (clientId, secret, basic) = (pair[0], pair[1], true);
        }

        if (assertionType is not null || assertion is not null)
        {
            if (secret is not null)
                return (null, Refuse(basic, "send one client credential: a client assertion or a client secret, not both"));
            if (assertionType != ClientAuthMethods.JwtBearerAssertionType || assertion is null)
                return (null, Refuse(basic, $"a client assertion needs client_assertion_type={ClientAuthMethods.JwtBearerAssertionType} and client_assertion"));
            string? claimed = ClientAssertions.ClaimedClientId(assertion);
            if (clientId is not null && claimed is not null && claimed != clientId)
                return (null, Refuse(basic, "client_id differs from the client assertion's iss"));
            clientId ??= claimed;
        }

        if (clientId is null)
            return (null, Refuse(basic, "client_id is required"));
        ClientLookup lookup = await clients.FindAsync(clientId, cancellationToken);
        if (lookup.Client is not { } client)
            return (null, Refuse(basic, lookup.Error ?? "the client is not known"));

        string? problem = client.AuthMethod switch
        {
            ClientAuthMethods.PrivateKeyJwt when assertion is null =>
                $"this client authenticates with private_key_jwt: send client_assertion_type={ClientAuthMethods.JwtBearerAssertionType} and a client_assertion",
            ClientAuthMethods.PrivateKeyJwt => await assertions.CheckAsync(client, assertion, cancellationToken),
            _ when assertion is not null => $"this client has no keys registered ({client.AuthMethod}): it cannot authenticate with a client assertion",
            ClientAuthMethods.None => null,
            _ => OpaqueSecret.Matches(secret, client.SecretHash) ? null : "the client secret is missing or wrong",
        };
        return problem is null ? (client, null) : (null, Refuse(basic, problem));
    }

    /// <summary>An RFC 6749 §5.2 error body, never cached.</summary>
    public static IResult Error(HttpContext context, string error, string description, int status = StatusCodes.Status400BadRequest)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
        return Results.Json(new { error, error_description = description }, statusCode: status);
    }

    private static Refusal Refuse(bool basic, string description) => new(basic, description);

    // RFC 6749 §2.3.1: id and secret are form-urlencoded before being joined for Basic.
    private static string[]? Decode(string encoded)
    {
        try
        {
            string[] pair = Encoding.UTF8.GetString(Convert.FromBase64String(encoded)).Split(':', 2);
            return pair.Length == 2 ? [Uri.UnescapeDataString(pair[0].Replace('+', ' ')), Uri.UnescapeDataString(pair[1].Replace('+', ' '))] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private sealed class Refusal(bool basic, string description) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            if (basic)
                httpContext.Response.Headers.WWWAuthenticate = "Basic realm=\"token\"";
            return Error(httpContext, "invalid_client", description, StatusCodes.Status401Unauthorized).ExecuteAsync(httpContext);
        }
    }
}
