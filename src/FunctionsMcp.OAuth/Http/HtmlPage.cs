using System.Text;
using Microsoft.AspNetCore.Http;

namespace FunctionsMcp.OAuth.Http;

/// <summary>
/// The shell every page of ours is written in (sign-in, consent, settings): never framed, cached or sniffed, no referrer,
/// the page's own Content-Security-Policy, one style block, a heading, the body, and what follows <c>main</c>.
/// </summary>
internal static class HtmlPage
{
    /// <summary>Writes the page with the headers every page of ours carries.</summary>
    /// <remarks>
    /// The title is plain text and is encoded here; the body and <paramref name="afterMain"/> (a status region, the page's
    /// one script) are HTML the caller has already encoded. <paramref name="style"/> must be the text <paramref name="policy"/> hashed.
    /// </remarks>
    public static IResult Render(HttpContext context, string policy, string style, string title, string body, string afterMain, int status)
    {
        IHeaderDictionary headers = context.Response.Headers;
        headers.CacheControl = "no-store";
        headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy = policy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        string page = $"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{Authorization.Pages.E(title)} · FunctionsMcp</title>
            <style>{style}</style>
            </head>
            <body>
            <main>
            <h1>{Authorization.Pages.E(title)}</h1>
            {body}
            </main>
            {afterMain}
            </body>
            </html>
            """;
        return Results.Content(page, "text/html; charset=utf-8", Encoding.UTF8, status);
    }
}
