using FunctionsMcp.OAuth.Http;
using FunctionsMcp.OAuth.Tokens;
using Microsoft.AspNetCore.Http;

namespace FunctionsMcp.OAuth.Settings;

/// <summary>
/// The settings pages' own session: after the same sign-in as <c>/authorize</c>, the browser gets an opaque random secret
/// (256 bits) in a cookie, and storage keeps its hash. Chosen over a signed, self-contained cookie because a session must
/// end everywhere the moment its person signs out, which a signed value cannot do without a shared deny-list, and the
/// hash in a table works on every instance the way codes and refresh tokens already do.
/// <list type="bullet">
/// <item>Cookie <c>__Host-fmcp_settings</c>, Secure, when the public URL is https (behind the Functions proxy the request
/// itself arrives over http); <c>fmcp_settings</c> on a local http run. Only the <c>__Host-</c> name is read on https, so a
/// neighbouring site cannot plant a session (cookie tossing). HttpOnly, SameSite=Lax, Path=/, no Max-Age (it ends
/// with the browser).</item>
/// <item>Idle for <see cref="IdleTimeout"/>, or <see cref="MaxLifetime"/> after sign-in, whichever comes first: then the
/// next page sends the person to sign in again and back to the page they asked for.</item>
/// <item>Never a credential at <c>/mcp</c>, which reads only <c>Authorization: Bearer</c>.</item>
/// <item>The CSRF token of its forms is derived from the secret, so a page on another site, which can neither read the
/// HttpOnly cookie nor a settings page, cannot know it.</item>
/// </list>
/// </summary>
internal sealed class SettingsSessions(ISettingsSessionStore store, TimeProvider time)
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(8);

    /// <summary>Storage is written at most this often to move a session's idle expiry.</summary>
    private static readonly TimeSpan s_extendEvery = TimeSpan.FromMinutes(1);

    public const string SecureCookie = "__Host-fmcp_settings";
    public const string PlainCookie = "fmcp_settings";
    private const string SecretPrefix = "fmss_";

    /// <summary>Starts a session for the person and sets its cookie on the response.</summary>
    public async Task StartAsync(HttpContext context, string organizationId, string userId, CancellationToken cancellationToken)
    {
        (string secret, string hash) = OpaqueSecret.Generate(SecretPrefix);
        DateTimeOffset now = time.GetUtcNow();
        await store.AddAsync(new SettingsSession(hash, organizationId, userId, now, now + IdleTimeout), cancellationToken);
        context.Response.Cookies.Append(CookieName(context), secret, Options(context));
    }

    /// <summary>The request's live session and its CSRF token, or null (no cookie, an unknown one, or one that expired).</summary>
    public async Task<(SettingsSession Session, string Csrf)?> FindAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (!context.Request.Cookies.TryGetValue(CookieName(context), out string? secret) || secret is not { Length: > 0 and <= 200 })
            return null;
        SettingsSession? session = await store.GetAsync(OpaqueSecret.Hash(secret), cancellationToken);
        DateTimeOffset now = time.GetUtcNow();
        if (session is null || now >= session.ExpiresAt || now >= session.CreatedAt + MaxLifetime)
            return null;

        DateTimeOffset extended = Min(now + IdleTimeout, session.CreatedAt + MaxLifetime);
        if (extended - session.ExpiresAt >= s_extendEvery)
            await store.ExtendAsync(session.IdHash, extended, cancellationToken);
        return (session, CsrfToken(secret));
    }

    /// <summary>Ends the session in storage and tells the browser to drop the cookie.</summary>
    public async Task EndAsync(HttpContext context, SettingsSession session, CancellationToken cancellationToken)
    {
        await store.DeleteAsync(session.IdHash, cancellationToken);
        context.Response.Cookies.Delete(CookieName(context), Options(context));
    }

    /// <summary>True when <paramref name="token"/> is the session's CSRF token (compared in constant time).</summary>
    public static bool CsrfMatches(string expected, string? token) =>
        OpaqueSecret.SameText(expected, token);

    private static string CsrfToken(string secret) => OpaqueSecret.Hash("settings-csrf\n" + secret);

    private static string CookieName(HttpContext context) => BrowserCookies.AreSecure(context) ? SecureCookie : PlainCookie;

    private static CookieOptions Options(HttpContext context) => new()
    {
        HttpOnly = true,
        Secure = BrowserCookies.AreSecure(context),
        SameSite = SameSiteMode.Lax,
        Path = "/",
    };

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
