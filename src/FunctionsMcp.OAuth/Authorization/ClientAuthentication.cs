using System.Net.Http.Headers;
using System.Text;
using FunctionsMcp.OAuth.Clients;
using FunctionsMcp.OAuth.Tokens;
using Microsoft.AspNetCore.Http;

namespace FunctionsMcp.OAuth.Authorization;

/// <summary>
/// Who is calling the token or revocation endpoint: a public client names itself (<c>client_id</c>); a confidential
/// client proves itself with its secret, in a Basic header (<c>client_secret_basic</c>) or the form
/// (<c>client_secret_post</c>). An unknown client, or a wrong or missing secret, is <c>invalid_client</c> (401), which
/// makes clients register again.
/// </summary>
internal static class ClientAuthentication
{
    public const int MaxFormBytes = 16 * 1024;

    /// <summary>
    /// Reads the form of a token or revocation request (<paramref name="what"/> names it in the error) and authenticates
    /// its client: the form and client, or the answer to send instead.
    /// </summary>
    public static async Task<(IFormCollection? Form, OAuthClient? Client, IResult? Refusal)> ReadAsync(
        HttpContext context, string what, ClientRegistry clients, CancellationToken cancellationToken)
    {
        if (!context.Request.HasFormContentType || context.Request.ContentLength > MaxFormBytes)
            return (null, null, Error(context, "invalid_request", $"send {what} as a form (application/x-www-form-urlencoded) of at most 16 KiB"));
        IFormCollection form = await context.Request.ReadFormAsync(cancellationToken);
        (OAuthClient? client, IResult? refusal) = await AuthenticateAsync(context, form, clients, cancellationToken);
        return (form, client, refusal);
    }

    private static async Task<(OAuthClient? Client, IResult? Refusal)> AuthenticateAsync(HttpContext context, IFormCollection form, ClientRegistry clients, CancellationToken cancellationToken)
    {
        string? clientId = form["client_id"].ToString() is { Length: > 0 } id ? id : null;
        string? secret = form["client_secret"].ToString() is { Length: > 0 } posted ? posted : null;
        bool basic = false;
        if (AuthenticationHeaderValue.TryParse(context.Request.Headers.Authorization, out AuthenticationHeaderValue? header)
            && string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) && header.Parameter is { } encoded)
        {
            string[]? pair = Decode(encoded);
            if (pair is null || (clientId is not null && clientId != pair[0]))
                return (null, Refuse(basic: true, "the Basic credentials are malformed or name another client"));
            (clientId, secret, basic) = (pair[0], pair[1], true);
        }

        if (clientId is null)
            return (null, Refuse(basic, "client_id is required"));
        ClientLookup lookup = await clients.FindAsync(clientId, cancellationToken);
        if (lookup.Client is not { } client)
            return (null, Refuse(basic, lookup.Error ?? "the client is not known"));
        if (!client.IsPublic && !OpaqueSecret.Matches(secret, client.SecretHash))
            return (null, Refuse(basic, "the client secret is missing or wrong"));
        return (client, null);
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
