using FunctionsMcp.OAuth.Http;
using FunctionsMcp.OAuth.Tokens;
using Microsoft.AspNetCore.Http;

namespace FunctionsMcp.OAuth.Authorization;

/// <summary>
/// Ties an authorization to the browser that started it: a random value in an HttpOnly cookie (<c>__Host-</c>, Secure,
/// when the public URL is https; behind the Functions proxy the request itself arrives over http), whose hash the
/// pending authorization keeps. Sign-in and consent refuse any other browser,
/// so a consent link sent to someone else is useless.
/// </summary>
internal static class BrowserBinding
{
    private const string SecureName = "__Host-fmcp_browser";
    private const string PlainName = "fmcp_browser";

    /// <summary>The browser's value, set now if it had none; returns its hash.</summary>
    public static string Ensure(HttpContext context)
    {
        if (Read(context) is { } existing)
            return OpaqueSecret.Hash(existing);
        (string value, string hash) = OpaqueSecret.Generate("b_");
        bool secure = BrowserCookies.AreSecure(context);
        context.Response.Cookies.Append(secure ? SecureName : PlainName, value, new CookieOptions
        {
            HttpOnly = true,
            Secure = secure,
            SameSite = SameSiteMode.Lax,
            Path = "/",
            MaxAge = TimeSpan.FromHours(12),
        });
        return hash;
    }

    /// <summary>True when this request comes from the browser whose value hashes to <paramref name="browserHash"/>.</summary>
    public static bool IsSameBrowser(HttpContext context, string browserHash) => OpaqueSecret.Matches(Read(context), browserHash);

    /// <summary>
    /// The CSRF token of a request's forms in this browser: a hash of the request id and the browser's HttpOnly cookie.
    /// A page on another site knows neither; the same page loaded twice gets the same token.
    /// </summary>
    public static string? CsrfToken(HttpContext context, string requestId) =>
        Read(context) is { } browser ? OpaqueSecret.Hash($"csrf\n{requestId}\n{browser}") : null;

    /// <summary>True when <paramref name="token"/> is this browser's CSRF token for <paramref name="requestId"/>.</summary>
    public static bool CsrfMatches(HttpContext context, string requestId, string? token) =>
        CsrfToken(context, requestId) is { } expected && OpaqueSecret.SameText(expected, token);

    // On https only the __Host- name is read: a neighbouring site can set a plain-named cookie for our host, and would
    // otherwise bind a victim's browser to a sign-in the attacker started.
    private static string? Read(HttpContext context) =>
        context.Request.Cookies.TryGetValue(BrowserCookies.AreSecure(context) ? SecureName : PlainName, out string? value) ? value : null;
}
