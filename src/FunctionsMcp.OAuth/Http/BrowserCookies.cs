using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.OAuth.Http;

/// <summary>The one rule for the cookies our pages set (sign-in binding, settings session).</summary>
internal static class BrowserCookies
{
    /// <summary>
    /// True when cookies must be <c>Secure</c> and <c>__Host-</c> named: the public URL is https. Behind the Functions
    /// proxy the request itself arrives over http, so the request's scheme alone cannot say.
    /// </summary>
    public static bool AreSecure(HttpContext context) =>
        context.Request.IsHttps || context.Service<IOptions<ServerOptions>>().Value.PublicBaseUri.Scheme == Uri.UriSchemeHttps;
}
