using System.Net;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.OAuth.Clients;

/// <summary>
/// Which redirect URIs a client may register, and whether a requested one matches a registered one.
/// Allowed: https URIs with a host and no fragment, and http URIs on a loopback address (any port, RFC 8252 §7.3).
/// <c>OAuthClients:RedirectHostsAllowed</c>, when set, narrows https hosts to that list (the hosted callbacks of Claude
/// and ChatGPT stay allowed); <c>OAuthClients:RedirectHostsDenied</c> refuses hosts outright.
/// </summary>
public sealed class RedirectUriPolicy(IOptions<OAuthClientOptions> options)
{
    /// <summary>The callbacks of hosted clients, always accepted unless denied.</summary>
    public static readonly IReadOnlyList<string> HostedClientHosts = ["claude.ai", "claude.com", "chatgpt.com"];

    /// <summary>Null when <paramref name="uri"/> may be registered; otherwise why not, in one sentence.</summary>
    public string? Check(string? uri)
    {
        // On Unix "/path" parses as an absolute file URI: a URI without a scheme is never absolute here.
        if (string.IsNullOrWhiteSpace(uri) || uri.Length > 2000 || !uri.Contains(':', StringComparison.Ordinal) || !Uri.TryCreate(uri, UriKind.Absolute, out Uri? parsed))
            return $"redirect URI '{Shorten(uri)}' is not an absolute URI";
        if (!string.IsNullOrEmpty(parsed.Fragment) || !string.IsNullOrEmpty(parsed.UserInfo))
            return $"redirect URI '{Shorten(uri)}' must not have a fragment or user info";

        string host = parsed.IdnHost.ToLowerInvariant();
        if (Denied(host))
            return $"redirect URI host '{host}' is not allowed by this server";
        if (parsed.Scheme == Uri.UriSchemeHttp)
            return IsLoopback(parsed) ? null : $"redirect URI '{Shorten(uri)}' uses http: only https, or http on 127.0.0.1, localhost or [::1], is allowed";
        if (parsed.Scheme != Uri.UriSchemeHttps)
            return $"redirect URI '{Shorten(uri)}' uses the scheme '{parsed.Scheme}': only https, or http on a loopback address, is allowed";
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

    private static string Shorten(string? value) => value is null ? string.Empty : value.Length <= 100 ? value : value[..100] + "…";
}
