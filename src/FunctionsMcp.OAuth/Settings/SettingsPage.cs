using System.Globalization;
using FunctionsMcp.OAuth.Http;
using Microsoft.AspNetCore.Http;

namespace FunctionsMcp.OAuth.Settings;

/// <summary>
/// The frame of every settings page: plain server-rendered HTML that works without JavaScript, every value HTML-encoded,
/// never framed, cached or sent as a referrer. Its one style block and its one script (the copy buttons, which stay
/// hidden without JavaScript) are allowed by their SHA-256 in a strict Content-Security-Policy: no other script, style,
/// image, frame or connection, and forms post only to this server.
/// </summary>
internal static class SettingsPage
{
    private const string Style = """
        body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #1b1b1b; background: #fff; }
        header { display: flex; flex-wrap: wrap; gap: 1rem; justify-content: space-between; align-items: center; border-bottom: 1px solid #767676; padding-bottom: .5rem; }
        h2 { margin-top: 2.5rem; border-bottom: 1px solid #d0d0d0; }
        a { color: #0b57d0; }
        fieldset { border: 1px solid #767676; border-radius: .5rem; margin: 1rem 0; }
        fieldset fieldset { display: inline-block; margin: .25rem .5rem .25rem 0; }
        label { margin-right: .75rem; }
        input[type=text], input:not([type]), select, textarea { font: inherit; padding: .25rem .4rem; border: 1px solid #555; border-radius: .25rem; }
        input[readonly] { width: 100%; box-sizing: border-box; background: #f3f3f3; }
        textarea { width: 100%; box-sizing: border-box; }
        pre { background: #f3f3f3; padding: .5rem; border-radius: .25rem; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
        table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
        caption { text-align: left; font-weight: bold; padding: .25rem 0; }
        th, td { border-bottom: 1px solid #d0d0d0; padding: .4rem; text-align: left; vertical-align: top; }
        td form { display: inline; }
        button { font: inherit; padding: .4rem 1rem; margin: .25rem .5rem .25rem 0; border: 1px solid #1b1b1b; border-radius: .25rem; background: #f3f3f3; color: #1b1b1b; cursor: pointer; }
        button.danger { border-color: #a4262c; color: #a4262c; background: #fff; }
        a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible, summary:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
        .note { color: #4a4a4a; font-size: .95rem; }
        .warn { background: #fff4ce; padding: .5rem; border-radius: .25rem; }
        .error { background: #fde7e9; padding: .5rem; border-radius: .25rem; }
        .done { background: #dff6dd; padding: .5rem; border-radius: .25rem; }
        .secret { font-family: ui-monospace, monospace; }
        """;

    /// <summary>Copy buttons: shown only when this runs; each copies the element its <c>data-copy</c> names and says so in a live region.</summary>
    private const string Script = """
        document.querySelectorAll('button[data-copy]').forEach(function (button) {
          button.hidden = false;
          button.addEventListener('click', function () {
            var source = document.getElementById(button.getAttribute('data-copy'));
            var text = source.value !== undefined ? source.value : source.textContent;
            var status = document.getElementById('copy-status');
            navigator.clipboard.writeText(text).then(function () {
              status.textContent = 'Copied to the clipboard.';
              button.textContent = 'Copied';
            }, function () {
              status.textContent = 'Copying was not allowed: select the text and copy it yourself.';
            });
          });
        });
        """;

    private static readonly string s_policy =
        $"default-src 'none'; script-src {ContentSecurityPolicy.Hash(Script)}; style-src {ContentSecurityPolicy.Hash(Style)}; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static IResult Html(HttpContext context, string title, string body, int status = StatusCodes.Status200OK)
    {
        context.Response.Headers.Pragma = "no-cache";
        return HtmlPage.Render(context, s_policy, Style, title, body, $"""
            <p id="copy-status" class="note" role="status" aria-live="polite"></p>
            <script>{Script}</script>
            """, status);
    }

    /// <summary>303 See Other: after a form that changed something, the browser loads the page with a GET (reloading it posts nothing again).</summary>
    public static IResult SeeOther(HttpContext context, string location)
    {
        context.Response.Headers.Location = location;
        context.Response.Headers.CacheControl = "no-store";
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    /// <summary>A page that only says something (an error, a refusal), with a way back.</summary>
    public static IResult Message(HttpContext context, string title, string message, int status, string cssClass = "error") =>
        Html(context, title, $"""<p class="{cssClass}">{E(message)}</p><p><a href="{SettingsPaths.Mcp}">Back to AI &amp; MCP settings</a></p>""", status);

    // The sign-in pages' encoding and hidden field, so the sections below can use them unqualified.
    public static string E(string? value) => Authorization.Pages.E(value);

    public static string Hidden(string name, string value) => Authorization.Pages.Hidden(name, value);

    /// <summary>A copy button for the element <paramref name="id"/>: hidden until the script shows it.</summary>
    public static string CopyButton(string id, string what) =>
        $"""<button type="button" data-copy="{E(id)}" aria-label="Copy {E(what)}" hidden>Copy</button>""";

    /// <summary>A text to paste, in a block with its copy button.</summary>
    public static string Snippet(string id, string what, string text) =>
        $"""<pre><code id="{E(id)}">{E(text)}</code></pre>{CopyButton(id, what)}""";

    /// <summary>A time as UTC, readable and machine-readable.</summary>
    public static string Time(DateTimeOffset? time, string none = "never") => time is { } t
        ? $"""<time datetime="{t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}">{t.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC</time>"""
        : E(none);

}
