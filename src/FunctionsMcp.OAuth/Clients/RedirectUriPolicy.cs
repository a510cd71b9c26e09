using System.Net;
using Microsoft.Extensions.Options;
using FunctionsMcp.OAuth.Http;

namespace FunctionsMcp.OAuth.Clients;

/// <summary>
/// Which redirect URIs a client may register, and whether a requested one matches a registered one.
/// Allowed: https URIs with a host and no fragment, and http URIs on a loopback address (any port, RFC 8252 §7.3).
/// Public clients (dynamic registration, metadata documents) may also use a private-use URI scheme (RFC 8252 §7.1,
/// <c>cursor://…</c>, <c>com.example.app:/cb</c>): that is how desktop apps get the code back. Confidential clients are
/// servers with a web callback, so they keep https and loopback only.
/// <c>OAuthClients:RedirectHostsAllowed</c>, when set, narrows https hosts to that list (the hosted callbacks of Claude
/// and ChatGPT stay allowed); <c>OAuthClients:RedirectHostsDenied</c> refuses hosts outright.
/// </summary>
public sealed class RedirectUriPolicy(IOptions<OAuthClientOptions> options)
{
    /// <summary>The callbacks of hosted clients, always accepted unless denied.</summary>
    public static readonly IReadOnlyList<string> HostedClientHosts = ["claude.ai", "claude.com", "chatgpt.com"];

    /// <summary>
    /// Schemes no redirect may use even as a private-use scheme: a browser would run or read something with them instead
    /// of handing the code to an app (script, inline or local content), or they are web protocols, not an app's own.
    /// </summary>
    private static readonly HashSet<string> s_refusedSchemes = new(StringComparer.OrdinalIgnoreCase)
    {
        "javascript", "vbscript", "data", "file", "about", "blob", "filesystem", "view-source", "ftp", "ws", "wss",
    };

    /// <summary>Null when a public client may register <paramref name="uri"/>; otherwise why not, in one sentence.</summary>
    public string? Check(string? uri) => Check(uri, privateUseSchemes: true);

    /// <summary>Null when a confidential client may register <paramref name="uri"/> (https or loopback only); otherwise why not.</summary>
    public string? CheckConfidential(string? uri) => Check(uri, privateUseSchemes: false);

    /// <summary>True for a URI with a private-use scheme (RFC 8252 §7.1): it returns to an app on the person's device.</summary>
    public static bool IsPrivateUse(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out Uri? parsed) && parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps;

    private string? Check(string? uri, bool privateUseSchemes)
    {
        // On Unix "/path" parses as an absolute file URI: a URI without a scheme is never absolute here.
        if (string.IsNullOrWhiteSpace(uri) || uri.Length > 2000 || !uri.Contains(':', StringComparison.Ordinal))
            return $"redirect URI '{Shorten(uri)}' is not an absolute URI";
        // The scheme as written must be an RFC 3986 scheme, and the one Uri reads: to Uri, "c:/x" is a file path.
        string written = uri[..uri.IndexOf(':', StringComparison.Ordinal)];
        if (!Uri.CheckSchemeName(written))
            return $"redirect URI '{Shorten(uri)}' does not start with a valid scheme";
        if (!Uri.TryCreate(uri, UriKind.Absolute, out Uri? parsed) || !written.Equals(parsed.Scheme, StringComparison.OrdinalIgnoreCase))
            return $"redirect URI '{Shorten(uri)}' is not an absolute URI";
        if (!string.IsNullOrEmpty(parsed.Fragment) || !string.IsNullOrEmpty(parsed.UserInfo))
            return $"redirect URI '{Shorten(uri)}' must not have a fragment or user info";

        string host = parsed.IdnHost.ToLowerInvariant();
        if (Denied(host))
            return $"redirect URI host '{host}' is not allowed by this server";
        if (parsed.Scheme == Uri.UriSchemeHttp)
            return IsLoopback(parsed) ? null : $"redirect URI '{Shorten(uri)}' uses http: only https, or http on 127.0.0.1, localhost or [::1], is allowed";
        if (parsed.Scheme != Uri.UriSchemeHttps && !privateUseSchemes)
            return $"redirect URI '{Shorten(uri)}' uses the scheme '{parsed.Scheme}': only https, or http on a loopback address, is allowed for a confidential client";
        if (parsed.Scheme != Uri.UriSchemeHttps)
            return s_refusedSchemes.Contains(parsed.Scheme)
                ? $"redirect URI '{Shorten(uri)}' uses the scheme '{parsed.Scheme}': use https, http on a loopback address, or the app's own scheme (such as com.example.app:/callback)"
                : null;
        string[] allowed = options.Value.RedirectHostsAllowed;
        if (allowed.Length > 0 && !HostedClientHosts.Contains(host) && !allowed.Any(a => Matches(host, a)))
            return $"redirect URI host '{host}' is not on this server's list of allowed hosts";
        return null;
    }

    /// <summary>
    /// True when <paramref name="requested"/> is one of <paramref name="registered"/> exactly, or both are loopback
    /// http URIs that differ only in port (native apps pick a free port each time).
    /// </summary>
    public static bool Matches(string requested, IEnumerable<string> registered)
    {
        if (registered.Contains(requested, StringComparer.Ordinal))
            return true;
        if (!Uri.TryCreate(requested, UriKind.Absolute, out Uri? wanted) || wanted.Scheme != Uri.UriSchemeHttp || !IsLoopback(wanted))
            return false;
        return registered.Any(r => Uri.TryCreate(r, UriKind.Absolute, out Uri? known) && known.Scheme == Uri.UriSchemeHttp && IsLoopback(known)
            && string.Equals(known.Host, wanted.Host, StringComparison.OrdinalIgnoreCase)
            && known.AbsolutePath == wanted.AbsolutePath && known.Query == wanted.Query && string.IsNullOrEmpty(wanted.Fragment));
    }

    private bool Denied(string host) => options.Value.RedirectHostsDenied.Any(d => Matches(host, d));

    private static bool Matches(string host, string pattern)
    {
        pattern = pattern.Trim().ToLowerInvariant();
        return pattern.StartsWith("*.", StringComparison.Ordinal) ? host.EndsWith(pattern[1..], StringComparison.Ordinal) : host == pattern;
    }

    private static bool IsLoopback(Uri uri) =>
        uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out IPAddress? ip) && IPAddress.IsLoopback(ip));

    private static string Shorten(string? value) => BoundedText.Cut(value ?? string.Empty, 101);
}
