using System.Net.Http.Headers;

namespace FunctionsMcp.OAuth.Clients;

/// <summary>
/// Recognises a web page where a JSON document was expected. Some document hosts put a bot check in front of every
/// request from a datacenter (Cloudflare marks its challenges with <c>cf-mitigated</c>), so our fetch gets an HTML page.
/// The sentence says so, because the person who sees it can do something: ask the vendor, or connect another way.
/// </summary>
internal static class BotCheck
{
    private const string Advice = "the host seems to show a bot check to servers; the app can still connect through dynamic registration if this server's metadata documents are turned off";

    /// <summary>Why the response is not the document, when its headers already say it is a challenge or a web page.</summary>
    public static string? Describe(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("cf-mitigated", out IEnumerable<string>? mitigated) && mitigated.Any(v => v.Contains("challenge", StringComparison.OrdinalIgnoreCase)))
            return $"its host answered with a bot challenge instead of the document ({Advice})";
        bool html = response.Content.Headers.ContentType is MediaTypeHeaderValue { MediaType: "text/html" or "application/xhtml+xml" };
        return html && !response.IsSuccessStatusCode
            ? $"its host answered HTTP {(int)response.StatusCode} with a web page (HTML) instead of the document ({Advice})"
            : null;
    }

    /// <summary>A clause to add when a body that should be JSON is a web page; empty otherwise.</summary>
    public static string DescribeBody(ReadOnlySpan<byte> body)
    {
        body = body.StartsWith("\uFEFF"u8) ? body[3..] : body;
        int start = body.IndexOfAnyExcept(" \t\r\n"u8);
        return start >= 0 && body[start] == (byte)'<' ? $": it is a web page (HTML), not JSON ({Advice})" : string.Empty;
    }
}
