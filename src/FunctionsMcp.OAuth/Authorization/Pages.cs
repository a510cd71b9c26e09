using System.Text.Encodings.Web;
using FunctionsMcp.OAuth.Http;
using Microsoft.AspNetCore.Http;

namespace FunctionsMcp.OAuth.Authorization;

/// <summary>
/// The server-rendered pages of the sign-in flow: plain HTML forms (hidden fields and named submit buttons, so a
/// script can walk them as a browser would), every value HTML-encoded, never framed, never cached.
/// </summary>
internal static class Pages
{
    /// <summary>The pages' one style block, allowed by its hash: the policy has no <c>'unsafe-inline'</c>.</summary>
    private const string Style = """
        body { font-family: system-ui, sans-serif; max-width: 36rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #1b1b1b; }
        fieldset { border: 1px solid #ccc; border-radius: .5rem; margin: 1rem 0; }
        .note { color: #555; font-size: .9rem; }
        .warn { background: #fff4ce; padding: .5rem; border-radius: .25rem; }
        .error { background: #fde7e9; padding: .5rem; border-radius: .25rem; }
        button { font-size: 1rem; padding: .5rem 1.25rem; margin-right: .5rem; }
        """;

    // No form-action: the consent form's answer is a redirect to the client's callback on another origin, which
    // Chromium checks against form-action too. The settings pages, whose forms only ever land on this server, set it.
    private static readonly string s_policy =
        $"default-src 'none'; style-src {ContentSecurityPolicy.Hash(Style)}; frame-ancestors 'none'; base-uri 'none'";

    public static IResult Html(HttpContext context, string title, string body, int status = StatusCodes.Status200OK) =>
        HtmlPage.Render(context, s_policy, Style, title, body, afterMain: string.Empty, status);

    /// <summary>An error shown to the person, not sent to the client (used before the redirect URI is trusted).</summary>
    public static IResult Error(HttpContext context, string message, int status = StatusCodes.Status400BadRequest) =>
        Html(context, "This sign-in cannot continue", $"""<p class="error">{E(message)}</p><p class="note">Close this window and connect again from your app.</p>""", status);

    public static string E(string? value) => HtmlEncoder.Default.Encode(value ?? string.Empty);

    public static string Hidden(string name, string value) => $"""<input type="hidden" name="{E(name)}" value="{E(value)}">""";
}
