using Microsoft.AspNetCore.Http;

namespace FunctionsMcp.OAuth.Authorization;

/// <summary>
/// Cross-origin access for the OAuth endpoints a browser-based client (the Inspector's web UI) calls directly:
/// metadata, JWKS, registration, token and revocation. They take no cookies, so any origin may call them.
/// </summary>
internal static class PublicCors
{
    /// <summary>Lets any origin read the response.</summary>
    public static void Allow(HttpContext context) => context.Response.Headers.AccessControlAllowOrigin = "*";

    /// <summary>True for an OPTIONS request: a browser's preflight (JSON bodies and Basic client authentication need one).</summary>
    public static bool IsPreflight(HttpContext context) => HttpMethods.IsOptions(context.Request.Method);

    /// <summary>Answers the preflight: any origin, our methods and the request headers clients send.</summary>
    public static Task<IResult> PreflightAsync(HttpContext context)
    {
        Allow(context);
        context.Response.Headers.AccessControlAllowMethods = "GET, POST, OPTIONS";
        context.Response.Headers.AccessControlAllowHeaders = "Authorization, Content-Type, MCP-Protocol-Version";
        context.Response.Headers.AccessControlMaxAge = "600";
        return Task.FromResult(Results.NoContent());
    }
}
