using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FunctionsMcp.OAuth.Authorization;

/// <summary>
/// Cross-origin access for the OAuth endpoints a browser-based client (the Inspector's web UI) calls directly:
/// metadata, JWKS, registration, token and revocation. They take no cookies, so any origin may call them.
/// </summary>
internal static class PublicCors
{
    /// <summary>Lets any origin read the response.</summary>
    public static void Allow(HttpContext context) => context.Response.Headers.AccessControlAllowOrigin = "*";

    /// <summary>Answers the preflight of <paramref name="pattern"/> (JSON bodies and Basic client authentication need one).</summary>
    public static void MapPreflight(IEndpointRouteBuilder app, string pattern) =>
        app.MapMethods(pattern, [HttpMethods.Options], (HttpContext context) =>
        {
            Allow(context);
            context.Response.Headers.AccessControlAllowMethods = "GET, POST, OPTIONS";
            context.Response.Headers.AccessControlAllowHeaders = "Authorization, Content-Type, MCP-Protocol-Version";
            context.Response.Headers.AccessControlMaxAge = "600";
            return Results.NoContent();
        });
}
